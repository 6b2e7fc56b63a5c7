"""Stored results: a child's record checked against the England pack, worklists and compliance figures.

The child became looked after on Monday 5 January 2026 and was placed that day; they were seen on
Friday 9 January and their first review was on Friday 30 January. Checked on Monday 2 March:
- first review within 20 working days (by 2 February): met;
- seen within a week of the placement (by 12 January): met;
- seen every six weeks: the first six weeks met (by 16 February), the next visit was due six
  weeks after the 9 January visit, on 20 February: overdue;
- second review within three months of the first: due on 30 April.
"""

from datetime import date, time

import pytest
from django.utils import timezone

from kinmap.core.testing import make_child, make_council, make_event, make_staff, make_team
from kinmap.journey.models import Event, Involvement
from kinmap.people.models import Child
from kinmap.rules import engine, follow_ups, services
from kinmap.rules.models import RuleResult
from kinmap.rules.packs import current_pack_version, loaded_pack
from kinmap.rules.selectors import compliance, worklist_for
from kinmap.rules.services import check_child, check_council

pytestmark = pytest.mark.django_db

CHECKED = date(2026, 3, 2)


@pytest.fixture
def team():
    return make_team(
        council=make_council(name="Testshire", pack_name="england"),
        name="Children in care 1",
        service_areas=["looked_after"],
    )


@pytest.fixture
def worker(team):
    return make_staff(team=team, first_name="Priya", last_name="Worker")


def looked_after_child(practitioner, first_name="Sam"):
    child = make_child(
        practitioner=practitioner,
        first_name=first_name,
        service_area="looked_after",
        started_on=date(2026, 1, 5),
        date_of_birth=date(2015, 5, 1),
    )
    make_event(
        child=child,
        type="became_looked_after",
        occurred_on=date(2026, 1, 5),
        attributes={"legal_status": "section_20"},
    )
    make_event(
        child=child, type="placement_started", occurred_on=date(2026, 1, 5), attributes={"kind": "foster"}
    )
    make_event(child=child, type="home_visit", occurred_on=date(2026, 1, 9), attributes={"child_seen": True})
    make_event(child=child, type="looked_after_review", occurred_on=date(2026, 1, 30))
    return child


def stored(child):
    return {(r.rule_id, r.period): (r.status, r.due_on) for r in RuleResult.objects.filter(child=child)}


def test_check_child_stores_each_result_with_the_pack_version_that_judged_it(worker):
    child = looked_after_child(worker)
    results = check_child(child=child, as_of=CHECKED)
    assert stored(child) == {
        ("eng-looked-after-review-20-working-days", 1): ("met", date(2026, 2, 2)),
        ("eng-looked-after-review-second-3-months", 1): ("due", date(2026, 4, 30)),
        ("eng-visit-within-1-week-of-placement", 1): ("met", date(2026, 1, 12)),
        ("eng-visits-6-weekly", 1): ("met", date(2026, 2, 16)),
        ("eng-visits-6-weekly", 2): ("overdue", date(2026, 2, 20)),
    }
    version = current_pack_version(name="england")
    assert {r.pack_version_id for r in results} == {version.pk}
    assert {(r.practitioner_id, r.team_id, r.checked_on) for r in results} == {
        (worker.pk, worker.team_id, CHECKED)
    }


def test_checking_again_replaces_the_results_rather_than_adding_to_them(worker):
    child = looked_after_child(worker)
    check_child(child=child, as_of=CHECKED)
    check_child(child=child, as_of=CHECKED)
    assert RuleResult.objects.filter(child=child).count() == 5


def test_check_child_reads_the_record_in_a_few_queries(worker, django_assert_max_num_queries):
    child = looked_after_child(worker)
    check_child(child=child, as_of=CHECKED)  # the first check of a pack also records its version
    # 4 reads; in a savepoint, the child locked (PostgreSQL) and their stored results read; the
    # results returned. Nothing has changed, so nothing is written.
    with django_assert_max_num_queries(9):
        check_child(child=child, as_of=CHECKED)


def test_the_follow_up_after_a_change_rechecks_the_child(worker, monkeypatch):
    child = looked_after_child(worker)
    check_child(child=child, as_of=CHECKED)
    visit = make_event(
        child=child, type="home_visit", occurred_on=date(2026, 3, 3), attributes={"child_seen": True}
    )
    monkeypatch.setattr(follow_ups.timezone, "localdate", lambda: date(2026, 3, 4))
    follow_ups.recheck_child(child_id=child.pk)
    late = RuleResult.objects.get(child=child, rule_id="eng-visits-6-weekly", period=2)
    assert (late.status, late.met_on, late.evidence_event_id) == ("met_late", date(2026, 3, 3), visit.pk)
    assert RuleResult.objects.get(child=child, rule_id="eng-visits-6-weekly", period=3).status == "due"


def test_a_corrected_event_no_longer_counts(worker):
    # The review was recorded on 30 January by mistake; it was held on 11 February.
    child = looked_after_child(worker)
    review = child.events.get(type="looked_after_review")
    correction = Event.objects.create(
        child=child,
        type="looked_after_review",
        occurred_on=date(2026, 2, 11),
        corrects=review,
        involvement=child.involvements.first(),
    )
    check_child(child=child, as_of=CHECKED)
    first = RuleResult.objects.get(child=child, rule_id="eng-looked-after-review-20-working-days")
    assert (first.status, first.met_on, first.evidence_event_id) == (
        "met_late",
        date(2026, 2, 11),
        correction.pk,
    )


def test_check_council_checks_every_child_and_only_that_council(worker, team):
    children = [looked_after_child(worker, first_name=name) for name in ("Sam", "Ola", "Kit")]
    elsewhere = make_team(
        council=make_council(name="Otherton"), name="Other team", service_areas=["looked_after"]
    )
    other = looked_after_child(make_staff(team=elsewhere))
    check_child(child=other, as_of=CHECKED)
    assert check_council(council=team.council, as_of=CHECKED) == services.Checked(3, 15, 15, 0)
    assert all(len(stored(child)) == 5 for child in children)
    assert check_council(council=team.council, as_of=CHECKED).results == 15
    assert RuleResult.objects.filter(child=other).count() == 5
    assert RuleResult.objects.filter(child__council=team.council).count() == 15


WRITES = ("INSERT", "UPDATE", "DELETE", "COPY")


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0].upper() in WRITES]


def test_a_recheck_of_an_unchanged_council_writes_nothing(worker, team, django_assert_max_num_queries):
    for name in ("Sam", "Ola", "Kit"):
        looked_after_child(worker, first_name=name)
    check_council(council=team.council, as_of=CHECKED)
    before = list(RuleResult.objects.order_by("pk").values_list("pk", "status", "due_on"))
    with django_assert_max_num_queries(20) as queries:
        assert check_council(council=team.council, as_of=CHECKED) == services.Checked(3, 15, 0, 0)
    assert writes(queries.captured_queries) == []
    assert list(RuleResult.objects.order_by("pk").values_list("pk", "status", "due_on")) == before


def test_a_recheck_writes_only_the_results_that_changed(worker, team):
    sam, ola = looked_after_child(worker, first_name="Sam"), looked_after_child(worker, first_name="Ola")
    check_council(council=team.council, as_of=CHECKED)
    kept = set(
        RuleResult.objects.exclude(child=ola, rule_id="eng-visits-6-weekly", period=2).values_list("pk")
    )
    visit = make_event(
        child=ola, type="home_visit", occurred_on=date(2026, 2, 26), attributes={"child_seen": True}
    )
    # The visit meets Ola's overdue second period late; as of a day later, the third period is due.
    checked = check_council(council=team.council, as_of=date(2026, 3, 3))
    assert checked == services.Checked(2, 11, 2, 1)
    assert set(RuleResult.objects.exclude(pk__in=[pk for (pk,) in kept]).values_list(
        "child", "rule_id", "period", "status", "evidence_event")) == {
        (ola.pk, "eng-visits-6-weekly", 2, "met_late", visit.pk),
        (ola.pk, "eng-visits-6-weekly", 3, "due", None),
    }
    assert set(RuleResult.objects.values_list("pk")) >= kept  # the other rows were left as they were
    assert len(stored(sam)) == 5


def test_checking_the_council_removes_the_results_of_archived_children(worker, team):
    sam, ola = looked_after_child(worker, first_name="Sam"), looked_after_child(worker, first_name="Ola")
    check_council(council=team.council, as_of=CHECKED)
    Child.objects.filter(pk=ola.pk).update(archived_at=timezone.now())
    assert check_council(council=team.council, as_of=CHECKED) == services.Checked(1, 5, 0, 5)
    assert not RuleResult.objects.filter(child=ola).exists() and len(stored(sam)) == 5


def test_check_council_can_be_narrowed_to_some_children(worker, team):
    first, second = looked_after_child(worker, first_name="Sam"), looked_after_child(worker, first_name="Ola")
    check_council(council=team.council, as_of=CHECKED)
    make_event(
        child=second, type="home_visit", occurred_on=date(2026, 2, 26), attributes={"child_seen": True}
    )
    assert check_council(council=team.council, as_of=CHECKED, children=Child.objects.filter(pk=first.pk)) == (
        services.Checked(1, 5, 0, 0)
    )
    assert stored(second)[("eng-visits-6-weekly", 2)] == ("overdue", date(2026, 2, 20))  # not checked again
    check_council(council=team.council, as_of=CHECKED, children=Child.objects.filter(pk=second.pk))
    assert stored(second)[("eng-visits-6-weekly", 2)] == ("met_late", date(2026, 2, 20))
    assert RuleResult.objects.filter(child=first).count() == 5


def test_the_worklist_shows_overdue_first_then_what_falls_due_soon(worker):
    child = looked_after_child(worker)
    check_child(child=child, as_of=CHECKED)
    [overdue] = worklist_for(staff=worker, as_of=CHECKED)
    assert (overdue.rule_id, overdue.status, overdue.due_on, overdue.period) == (
        "eng-visits-6-weekly",
        "overdue",
        date(2026, 2, 20),
        2,
    )
    assert overdue.child_name == "Sam Example" and overdue.working_days_left == -6
    assert overdue.title == "Visit the child at least every six weeks in their placement"
    # Friday 24 April: the second review (Thursday 30 April) is 4 working days away.
    items = worklist_for(staff=worker, as_of=date(2026, 4, 24))
    assert [(i.rule_id, i.status, i.working_days_left) for i in items] == [
        ("eng-visits-6-weekly", "overdue", -43),
        ("eng-looked-after-review-second-3-months", "due", 4),
    ]


def test_the_worklist_is_only_for_children_the_practitioner_leads_now(worker, team):
    child = looked_after_child(worker)
    check_child(child=child, as_of=CHECKED)
    colleague = make_staff(team=team, first_name="Ade", last_name="Colleague")
    assert worklist_for(staff=colleague, as_of=CHECKED) == []
    Involvement.objects.filter(child=child).update(lead_practitioner=colleague)
    assert [i.child_id for i in worklist_for(staff=colleague, as_of=CHECKED)] == [child.pk]
    assert worklist_for(staff=worker, as_of=CHECKED) == []
    Involvement.objects.filter(child=child).update(ended_on=date(2026, 3, 1))
    assert worklist_for(staff=colleague, as_of=CHECKED) == []


def test_compliance_by_rule_counts_met_late_and_overdue_with_a_rate(worker, team):
    for name in ("Sam", "Ola"):
        check_child(child=looked_after_child(worker, first_name=name), as_of=CHECKED)
    rows = compliance(council=team.council, start=date(2026, 1, 1), end=date(2026, 3, 31))
    by_rule = {r.key: (r.met, r.met_late, r.overdue, r.total, r.rate) for r in rows}
    assert by_rule == {
        "eng-looked-after-review-20-working-days": (2, 0, 0, 2, 1.0),
        "eng-visit-within-1-week-of-placement": (2, 0, 0, 2, 1.0),
        "eng-visits-6-weekly": (2, 0, 2, 4, 0.5),
    }
    assert [r.key for r in rows] == [  # in pack order
        "eng-looked-after-review-20-working-days",
        "eng-visit-within-1-week-of-placement",
        "eng-visits-6-weekly",
    ]
    assert (
        rows[0].label
        == "Hold the first looked after review within 20 working days of the child becoming looked after"
    )


def test_compliance_by_practitioner_and_for_a_team(worker, team):
    check_child(child=looked_after_child(worker), as_of=CHECKED)
    [row] = compliance(
        council=team.council, start=date(2026, 1, 1), end=date(2026, 3, 31), group_by="practitioner"
    )
    assert (row.key, row.label, row.met, row.overdue, row.rate) == (worker.pk, "Priya Worker", 3, 1, 0.75)
    other_team = make_team(council=team.council, name="Another team")
    assert (
        compliance(council=team.council, team=other_team, start=date(2026, 1, 1), end=date(2026, 3, 31)) == []
    )
    in_february = compliance(council=team.council, team=team, start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert {r.key: r.total for r in in_february} == {
        "eng-looked-after-review-20-working-days": 1,
        "eng-visits-6-weekly": 2,
    }


def test_check_council_stores_what_the_engine_gives_for_the_whole_record(worker, team):
    # check_council reads only the event types the pack's rules read, as text, decoding each
    # distinct date and attribute text once; the engine given every event, straight from the
    # models, must judge each child the same.
    children = [looked_after_child(worker, first_name=name) for name in ("Sam", "Ola", "Kit")]
    make_event(child=children[1], type="home_visit", occurred_on=date(2026, 2, 19),
               attributes={"child_seen": True})
    make_event(child=children[1], type="home_visit", occurred_on=date(2026, 2, 20),
               attributes={"child_seen": False})
    make_event(child=children[2], type="case_summary_updated", occurred_on=date(2026, 2, 2))
    review = children[2].events.get(type="looked_after_review")
    Event.objects.create(child=children[2], type="looked_after_review", occurred_on=date(2026, 2, 11),
                         occurred_at_time=time(14, 30), corrects=review,
                         involvement=children[2].involvements.first())
    assert check_council(council=team.council, as_of=CHECKED).results > 0
    rules = loaded_pack("england").rules
    for child in children:
        record = engine.ChildRecord(
            child.pk,
            child.person.date_of_birth,
            [
                engine.Involvement(i.pk, i.service_area, i.started_on, i.ended_on)
                for i in child.involvements.all()
            ],
            [
                engine.Event(e.pk, e.type, e.occurred_on, e.occurred_at_time, e.attributes, e.refers_to_id,
                             e.corrects_id)
                for e in child.events.order_by("occurred_on", "id")
            ],
        )
        expected = {
            (r.rule_id, r.period, r.status, r.trigger_event, r.trigger_on, r.due_on, r.met_on, r.evidence,
             r.involvement)
            for r in engine.evaluate(rules, record, CHECKED, every_rule=False)
        }
        assert set(
            RuleResult.objects.filter(child=child).values_list(
                "rule_id", "period", "status", "trigger_event_id", "trigger_on", "due_on", "met_on",
                "evidence_event_id", "involvement_id",
            )
        ) == expected
    assert stored(children[1])[("eng-visits-6-weekly", 2)] == ("met", date(2026, 2, 20))


def test_check_council_stores_an_unknown_result_with_the_event_and_attribute_it_lacks(team, worker):
    child = make_child(practitioner=worker, service_area="assessment", started_on=date(2026, 1, 5))
    conference = make_event(
        child=child, type="initial_child_protection_conference", occurred_on=date(2026, 2, 2)
    )
    check_council(council=team.council, as_of=CHECKED)
    stored = RuleResult.objects.get(child=child, rule_id="eng-first-core-group-10-working-days")
    assert (stored.status, stored.missing_event_id) == ("unknown", conference.pk)
    assert stored.missing_attribute == "outcome"
    assert stored.get_status_display() == "Unknown"
    others = RuleResult.objects.exclude(status="unknown")
    assert not others.exclude(missing_attribute="").exists()
    assert not others.exclude(missing_event=None).exists()
