"""An administrator chooses the council's pack; versions are recorded and results say which judged them."""

import shutil

import pytest
from django.conf import settings as django_settings
from django.utils.html import escape

from kinmap.core.testing import form_values
from kinmap.councils.models import Council, Role
from kinmap.people.models import Child
from kinmap.rules import services
from kinmap.rules.models import PackVersion, Recheck, RuleResult
from kinmap.rules.packs import load_pack
from kinmap.rules.tests.queue import Worker
from kinmap.worklists.tests import scene as scenes
from kinmap.worklists.tests.html import tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return scenes.build()


@pytest.fixture
def worker(tmp_path):
    """The real task queue and huey's worker (kinmap/rules/tests/queue.py)."""
    worker = Worker(tmp_path)
    yield worker
    worker.close()


def test_the_pack_page_lists_the_packs_and_the_current_one(client, scene):
    client.force_login(scene.admin.user)
    html = client.get("/council/pack/").content.decode()
    england = load_pack("england")
    assert escape(f"{england.title} (pack england, version {england.version}") in html
    for name in ("bexley", "leicester", "northumberland"):
        assert escape(f"{load_pack(name).title} ({name} {load_pack(name).version}") in html
    assert form_values(html)["pack_name"] == ["england"]


def test_choosing_a_pack_rechecks_every_child_and_results_carry_its_version(
    client, scene, django_capture_on_commit_callbacks
):
    client.force_login(scene.admin.user)
    # The re-check is queued once the choice is committed; here the queue runs it at once
    # (kinmap/rules/tests/test_tasks.py runs it through the real queue).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/council/pack/", {"pack_name": "northumberland"})
    html = client.get(response.url).content.decode()
    assert "Testshire now works to northumberland" in html
    assert tables(html)["The latest re-checks of every child, newest first"][1][1] == "Pack chosen"

    assert Council.objects.get(pk=scene.council.pk).pack_name == "northumberland"
    results = RuleResult.objects.filter(child__council=scene.council)
    assert results.exists()
    assert set(results.values_list("pack_version__name", flat=True)) == {"northumberland"}
    changes = tables(html)["Each time the council's pack was set, newest first"]
    assert changes[1][1:] == ["northumberland", "Ada Min"]
    assert changes[2][1] == "england"

    child_page = client.get(f"/children/{scene.sam.pk}/").content.decode()
    assert f"pack northumberland, version {load_pack('northumberland').version}" in child_page


def test_a_pack_that_is_not_offered_is_refused_and_nothing_changes(client, scene):
    client.force_login(scene.admin.user)
    html = client.post("/council/pack/", {"pack_name": "nowhere"}).content.decode()
    assert "There is a problem" in html and "Select one of the packs listed" in html
    assert Council.objects.get(pk=scene.council.pk).pack_name == "england"


@pytest.mark.parametrize("who", ["mia", "auditor", "asha"])
def test_only_administrators_choose_the_pack(client, scene, who):
    client.force_login(getattr(scene, who).user)
    assert client.get("/council/pack/").status_code == 403
    assert client.post("/council/pack/", {"pack_name": "bexley"}).status_code == 403
    assert Council.objects.get(pk=scene.council.pk).pack_name == "england"


def test_an_edited_pack_file_is_a_new_version_once_checked_again(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    for path in django_settings.PACKS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    settings.PACKS_DIR = tmp_path
    scene = scenes.build()
    old_title = load_pack("england").rules[0].title
    england = tmp_path / "england.yaml"
    england.write_text(
        england.read_text().replace(
            f"title: {old_title}", "title: Decide on the referral by the next working day"
        )
    )

    client.force_login(scene.admin.user)
    html = client.get("/council/pack/").content.decode()
    assert "The england pack file has changed since the children were last checked" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/council/pack/", {"pack_name": "england"})
    html = client.get("/council/pack/").content.decode()
    assert "Testshire will be checked again against england" in html

    versions = PackVersion.objects.filter(name="england").order_by("loaded_at", "pk")
    assert versions.count() == 2 and versions[0].version == versions[1].version
    results = RuleResult.objects.filter(child__council=scene.council)
    assert set(results.values_list("pack_version", flat=True)) == {versions[1].pk}
    assert "has changed since" not in html
    child_page = client.get(f"/children/{scene.sam.pk}/").content.decode()
    assert "Decide on the referral by the next working day" in child_page
    assert old_title not in child_page


# --- The re-check a choice queues, through the real queue -------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_choosing_a_pack_queues_the_recheck_and_the_pack_page_shows_it_waiting_then_done(client, worker):
    scene = scenes.build()
    client.force_login(scene.admin.user)
    html = client.post("/council/pack/", {"pack_name": "northumberland"}, follow=True).content.decode()
    assert "Testshire now works to northumberland" in html
    assert "is waiting to start" in html and 'hx-trigger="every 2s"' in html
    # Nothing has been re-checked yet: the results are still england's.
    assert set(RuleResult.objects.values_list("pack_version__name", flat=True)) == {"england"}

    before = RuleResult.objects.count()
    assert worker.run() == 1
    assert set(RuleResult.objects.values_list("pack_version__name", flat=True)) == {"northumberland"}
    html = client.get("/council/pack/rechecks/").content.decode()
    assert "hx-trigger" not in html
    [_, latest] = tables(html)["The latest re-checks of every child, newest first"]
    children = Child.objects.filter(council=scene.council, archived_at__isnull=True).count()
    # Every result names its pack version, so a new pack replaces them all.
    after = RuleResult.objects.count()
    assert latest[1:] == [
        "Pack chosen",
        latest[2],
        str(children),
        f"{after}: {after} new, {before} removed",
        latest[5],
    ]
    assert latest[5].startswith("Finished")


@pytest.mark.django_db(transaction=True)
def test_the_pack_page_shows_how_far_a_running_recheck_has_got(client, worker, monkeypatch):
    scene = scenes.build()
    client.force_login(scene.admin.user)
    monkeypatch.setattr(services, "WRITE_BATCH", 1)  # one child a transaction, so progress shows
    seen = []
    write = services._write_changes

    def looking(ids, rows):
        seen.append(client.get("/council/pack/rechecks/").content.decode())
        return write(ids, rows)

    monkeypatch.setattr(services, "_write_changes", looking)
    client.post("/council/pack/", {"pack_name": "england"})
    worker.run()
    children = Child.objects.filter(council=scene.council).count()
    assert "Checking every child as of" in seen[1]
    assert f"1 of {children} children" in seen[1] and 'hx-trigger="every 2s"' in seen[1]
    assert f"{children - 1} of {children} children" in seen[-1]
    assert Recheck.objects.get().state == "finished"


@pytest.mark.django_db(transaction=True)
def test_a_failed_recheck_says_so_on_the_pack_page(client, worker, monkeypatch):
    scene = scenes.build()

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "check_council", broken)
    client.force_login(scene.admin.user)
    client.post("/council/pack/", {"pack_name": "england"})
    worker.run()
    html = client.get("/council/pack/").content.decode()
    assert "Failed: RuntimeError: the database went away" in html


@pytest.mark.django_db
def test_only_administrators_see_the_rechecks(client, scene):
    for staff in (scene.mia, scene.asha, scene.auditor):
        assert staff.role != Role.ADMINISTRATOR
        client.force_login(staff.user)
        assert client.get("/council/pack/rechecks/").status_code == 403
