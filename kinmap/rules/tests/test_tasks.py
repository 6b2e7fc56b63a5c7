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

from kinmap.core.testing import make_staff
from kinmap.rules import services
from kinmap.rules.models import Recheck, RuleResult
from kinmap.rules.selectors import compliance
from kinmap.rules.tests import test_services
from kinmap.rules.tests.queue import Worker
from kinmap.rules.tests.test_services import looked_after_child

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


team = test_services.team  # Testshire's looked-after team, on the england pack


def visits_in_february(council):
    [row] = [
        r
        for r in compliance(council=council, start=date(2026, 2, 1), end=date(2026, 2, 28))
        if r.key == VISITS
    ]
    return row.met, row.overdue


@pytest.mark.django_db(transaction=True)
def test_the_nightly_job_runs_at_2am_and_a_visit_falling_due_appears_overdue(worker, today, team):
    practitioner = make_staff(team=team, first_name="Priya", last_name="Worker")
    child = looked_after_child(practitioner)
    services.check_child(child=child, as_of=today["value"])
    assert visits_in_february(team.council) == (1, 0)  # the first six weeks; the second is due

    # Monday 23 February: the six weeks after the 9 January visit ran out on Friday.
    today["value"] = date(2026, 2, 23)
    worker.minute(datetime(2026, 2, 23, 1, 59))
    assert worker.waiting() == 0  # nothing before 2am
    worker.minute(datetime(2026, 2, 23, 2, 0))
    assert worker.run() == 2  # the nightly job, which queues a re-check of each council

    second = RuleResult.objects.get(child=child, rule_id=VISITS, period=2)
    assert (second.status, second.due_on) == ("overdue", date(2026, 2, 20))
    assert visits_in_february(team.council) == (1, 1)
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
def test_a_recheck_cut_short_by_a_stopped_worker_is_marked_when_the_worker_starts_again(worker, team):
    cut_short = Recheck.objects.create(
        council=team.council, as_of=date(2026, 2, 9), reason="nightly", started_at=timezone.now()
    )
    assert cut_short.state == "running"
    worker.start()
    cut_short.refresh_from_db()
    assert cut_short.state == "failed" and "the job runner was stopped while it ran" in cut_short.failure


@pytest.mark.django_db
def test_kinmap_recheck_rechecks_a_council_by_hand_and_says_what_changed(capsys, team):
    child = looked_after_child(make_staff(team=team))
    call_command("recheck", "--council", "testshire", "--as-of", "2026-01-12")
    out = capsys.readouterr().out
    assert "Testshire: checking every child against the england pack as of 2026-01-12" in out
    assert "Testshire: 1 child checked" in out and "4 results: 4 written and 0 deleted" in out
    call_command("recheck", "--as-of", "2026-01-12")
    assert "4 results: 0 written and 0 deleted because they had changed" in capsys.readouterr().out
    assert list(Recheck.objects.values_list("reason", "children_done")) == [
        ("by_hand", 1),
        ("by_hand", 1),
    ]
    assert RuleResult.objects.filter(child=child).count() == 4


@pytest.mark.django_db
def test_kinmap_recheck_refuses_an_unknown_council_and_runs_nothing(capsys, team):
    with pytest.raises(SystemExit) as exit_code:
        call_command("recheck", "--council", "nowhere")
    assert exit_code.value.code == 2
    assert "--council: there is no council 'nowhere' (councils: testshire)" in capsys.readouterr().err
    assert not Recheck.objects.exists()
