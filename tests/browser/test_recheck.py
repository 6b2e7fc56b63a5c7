"""An administrator chooses the council's pack and watches the re-check it queues, in Chromium."""

import pytest
from playwright.sync_api import expect

from kinmap.rules.models import RuleResult
from kinmap.rules.packs import load_pack
from kinmap.rules.tests.queue import Worker
from kinmap.worklists.tests import scene as scenes
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pack_page_follows_the_recheck_it_queued_until_it_is_done(page, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scene = scenes.build()
    worker = Worker(tmp_path)

    sign_in(page, "admin")
    page.get_by_role("link", name="Council pack").click()
    page.get_by_label(load_pack("northumberland").title, exact=False).check()
    page.get_by_role("button", name="Save and check every child").click()
    expect(page.get_by_role("alert")).to_contain_text("Testshire now works to northumberland")
    waiting = page.get_by_role("status")
    expect(waiting).to_contain_text("is waiting to start")
    assert_accessible(page, screenshot="pack-recheck-waiting")

    expect(page.get_by_text("has changed since the children were last checked")).to_have_count(0)

    assert worker.run() == 1  # what `kinmap worker` does beside the server
    # The page asks every two seconds while the re-check is under way, and once it has finished
    # draws itself again with the new results: no one reloads it.
    rechecks = page.locator("table", has=page.get_by_text("The latest re-checks of every child"))
    expect(rechecks.locator("tbody tr").first).to_contain_text("Finished", timeout=10_000)
    expect(rechecks.locator("tbody tr").first).to_contain_text("Pack chosen")
    judged = page.locator(".govuk-summary-list__row", has_text="Children's results judged by")
    expect(judged).to_contain_text("Pack northumberland, version")
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page, screenshot="pack-recheck-finished")
    assert set(RuleResult.objects.filter(child__council=scene.council).values_list(
        "pack_version__name", flat=True)) == {"northumberland"}
    worker.close()
