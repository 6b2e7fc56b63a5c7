"""Council-wide re-checks as background jobs, through the real task queue.

The queue is huey with its jobs in a SQLite file, as `make demo` runs it; the worker is huey's own
consumer (the one `kinmap worker` starts), driven a step at a time (kinmap/rules/tests/queue.py):
its scheduler enqueues what is due at a given minute, its worker takes jobs from the queue and runs
them. The tests use committed transactions (transaction=True), as a worker in another process
would see them.

The looked-after child of test_services: placed on Monday 5 January 2026, seen on Friday 9
January, first review on 30 January; checked on Monday 9 February, when the next six-weekly
visit is due by Friday 20 February.
"""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kinmap.core.testing import make_council, make_staff, make_team
from kinmap.councils.models import Role
from kinmap.people.models import Child
from kinmap.rules import services
from kinmap.rules.models import Recheck, RuleResult
from kinmap.rules.selectors import compliance
from kinmap.rules.tests.queue import Worker
from kinmap.rules.tests.test_services import looked_after_child
from kinmap.worklists.tests import scene as scenes

VISITS = "eng-visits-6-weekly"


@pytest.fixture
def worker(tmp_path):
    worker = Worker(tmp_path)
    yield worker
    worker.close()


@pytest.fixture
def today(monkeypatch):
    """Make timezone.localdate() (the nightly job's as-of date, and the pages' today) return a date."""
    day = {"value": date(2026, 2, 9)}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["value"])
    return day


@pytest.fixture
def council_team():
    return make_team(
        council=make_council(name="Testshire", pack_name="england"),
        name="Children in care 1",
        service_areas=["looked_after"],
    )


def visits_in_february(council):
    [row] = [
        r
        for r in compliance(council=council, start=date(2026, 2, 1), end=date(2026, 2, 28))
        if r.key == VISITS
    ]
    return row.met, row.overdue


@pytest.mark.django_db(transaction=True)
def test_the_nightly_job_runs_at_2am_and_a_visit_falling_due_appears_overdue(worker, today, council_team):
    practitioner = make_staff(team=council_team, first_name="Priya", last_name="Worker")
    child = looked_after_child(practitioner)
    services.check_child(child=child, as_of=today["value"])
    assert visits_in_february(council_team.council) == (1, 0)  # the first six weeks; the second is due

    # Monday 23 February: the six weeks after the 9 January visit ran out on Friday.
    today["value"] = date(2026, 2, 23)
    worker.minute(datetime(2026, 2, 23, 1, 59))
    assert worker.waiting() == 0  # nothing before 2am
    worker.minute(datetime(2026, 2, 23, 2, 0))
    assert worker.run() == 2  # the nightly job, which queues a re-check of each council

    second = RuleResult.objects.get(child=child, rule_id=VISITS, period=2)
    assert (second.status, second.due_on) == ("overdue", date(2026, 2, 20))
    assert visits_in_february(council_team.council) == (1, 1)
    [recheck] = Recheck.objects.all()
    assert (recheck.reason, recheck.as_of, recheck.state) == ("nightly", date(2026, 2, 23), "finished")
    assert (recheck.children_done, recheck.results, recheck.added, recheck.removed) == (1, 5, 1, 1)

    # The next night nothing has changed, and nothing is written.
    today["value"] = date(2026, 2, 24)
    worker.minute(datetime(2026, 2, 24, 2, 0))
    worker.run()
    latest = Recheck.objects.first()
    assert (latest.as_of, latest.state, latest.added, latest.removed) == (date(2026, 2, 24), "finished", 0, 0)


@pytest.mark.django_db(transaction=True)
def test_choosing_a_pack_queues_the_recheck_and_the_pack_page_shows_it_waiting_then_done(client, worker):
    scene = scenes.build()
    client.force_login(scene.admin.user)
    html = client.post("/council/pack/", {"pack_name": "northumberland"}, follow=True).content.decode()
    assert "Testshire now works to northumberland" in html
    assert "is waiting to start" in html and 'hx-trigger="every 2s"' in html
    # Nothing has been re-checked yet: the results are still england's.
    assert set(RuleResult.objects.values_list("pack_version__name", flat=True)) == {"england"}

    assert worker.run() == 1
    assert set(RuleResult.objects.values_list("pack_version__name", flat=True)) == {"northumberland"}
    html = client.get("/council/pack/rechecks/").content.decode()
    assert "Pack chosen" in html and "Finished" in html and "hx-trigger" not in html


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
def test_only_administrators_see_the_rechecks(client):
    scene = scenes.build()
    for staff in (scene.mia, scene.asha, scene.auditor):
        assert staff.role != Role.ADMINISTRATOR
        client.force_login(staff.user)
        assert client.get("/council/pack/rechecks/").status_code == 403


@pytest.mark.django_db
def test_kinmap_recheck_rechecks_a_council_by_hand_and_says_what_changed(capsys, council_team):
    child = looked_after_child(make_staff(team=council_team))
    call_command("recheck", "--council", "testshire", "--as-of", "2026-01-12")
    out = capsys.readouterr().out
    assert "Testshire: checking every child against the england pack as of 2026-01-12" in out
    assert "Testshire: 1 children checked" in out and "4 results, 4 new and 0 removed" in out
    call_command("recheck", "--as-of", "2026-01-12")
    assert "4 results, 0 new and 0 removed" in capsys.readouterr().out
    assert list(Recheck.objects.values_list("reason", "children_done")) == [
        ("by_hand", 1),
        ("by_hand", 1),
    ]
    assert RuleResult.objects.filter(child=child).count() == 4


@pytest.mark.django_db
def test_kinmap_recheck_refuses_an_unknown_council_and_runs_nothing(capsys, council_team):
    with pytest.raises(SystemExit) as exit_code:
        call_command("recheck", "--council", "nowhere")
    assert exit_code.value.code == 2
    assert "--council: there is no council 'nowhere' (councils: testshire)" in capsys.readouterr().err
    assert not Recheck.objects.exists()
