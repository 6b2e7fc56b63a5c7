"""A fact the record lacks, in Chromium: the practitioner is asked for it; the manager sees it apart."""

import pytest
from playwright.sync_api import expect

from kinmap.worklists.tests import scene as scenes
from kinmap.worklists.tests.test_unknown import CORE_GROUP, add_conference_without_outcome, asked_for
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_conference_without_its_outcome_is_asked_for_and_counted_apart(page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scene = add_conference_without_outcome(scenes.build())

    sign_in(page, "asha")
    page.get_by_role("link", name="My worklist").click()
    facts = page.locator("table", has=page.get_by_text("Facts to record (2)"))
    expect(facts).to_contain_text(asked_for(scene))
    expect(facts).to_contain_text(CORE_GROUP)
    assert_accessible(page, screenshot="unknown-worklist")

    facts.get_by_role("link", name="Jo Testcase").first.click()
    unknown = page.locator("table", has=page.get_by_text("Unknown (2)"))
    expect(unknown).to_contain_text(asked_for(scene))
    assert_accessible(page, screenshot="unknown-child-timescales")

    page.context.clear_cookies()
    sign_in(page, "mia")
    page.get_by_role("link", name="Dashboard").click()
    by_rule = page.locator("table", has=page.get_by_text("By rule", exact=True))
    by_rule.get_by_role("link", name=f"1 unknown: {CORE_GROUP}").click()
    expect(page.locator("table")).to_contain_text("Jo Testcase")
    assert_accessible(page, screenshot="unknown-drill-down")
