"""The engine, rule by rule, as a practitioner would read the results (docs/packs.md, step by step).

Dates are in January 2026 unless said otherwise: Monday 5, Friday 9, Monday 12, Tuesday 13.
The default rule asks for the child to be seen within 5 working days of a referral, so a referral
on Monday 5 January is due on Monday 12 January.
"""

import random
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinmap.rules import engine
from kinmap.rules.deadlines import bank_holiday
from kinmap.rules.tests.builders import check, event, involvement, only, record, rule, ruleset

D = date
REFERRAL = event("ref", "referral_received", D(2026, 1, 5))
VISIT = "home_visit"


def seen(ident, on, **more):
    return event(ident, VISIT, on, child_seen=True, **more)


# --- 5. Status ---------------------------------------------------------------------------------


def test_met_by_the_deadline_names_the_day_and_the_evidence():
    result = only(check(ruleset(rule()), record(REFERRAL, seen("v1", D(2026, 1, 9))), D(2026, 1, 20)))
    assert (result.status, result.due_on, result.met_on, result.evidence) == (
        "met",
        D(2026, 1, 12),
        D(2026, 1, 9),
        "v1",
    )
    assert (result.trigger_event, result.trigger_on, result.involvement) == ("ref", D(2026, 1, 5), "inv-1")


def test_met_on_the_deadline_day_itself_is_on_time():
    assert (
        only(check(ruleset(rule()), record(REFERRAL, seen("v1", D(2026, 1, 12))), D(2026, 1, 20))).status
        == "met"
    )


def test_met_after_the_deadline_is_met_late():
    result = only(check(ruleset(rule()), record(REFERRAL, seen("v1", D(2026, 1, 13))), D(2026, 1, 20)))
    assert (result.status, result.met_on, result.evidence) == ("met_late", D(2026, 1, 13), "v1")


def test_not_yet_met_before_the_deadline_is_due_with_its_date():
    result = only(check(ruleset(rule()), record(REFERRAL), D(2026, 1, 12)))
    assert (result.status, result.due_on, result.met_on, result.evidence) == (
        "due",
        D(2026, 1, 12),
        None,
        None,
    )


def test_not_met_after_the_deadline_is_overdue():
    assert only(check(ruleset(rule()), record(REFERRAL), D(2026, 1, 13))).status == "overdue"


def test_an_event_that_does_not_match_the_where_clause_does_not_count():
    unseen = event("v1", VISIT, D(2026, 1, 9), child_seen=False)
    no_answer = event("v2", VISIT, D(2026, 1, 9))
    assert (
        only(check(ruleset(rule()), record(REFERRAL, unseen, no_answer), D(2026, 1, 13))).status == "overdue"
    )


def test_a_list_in_where_means_any_of():
    r = rule(requires=[{"event": VISIT, "where": {"location": ["home", "school"]}}])
    at_school = event("v1", VISIT, D(2026, 1, 9), location="school")
    assert only(check(ruleset(r), record(REFERRAL, at_school), D(2026, 1, 20))).status == "met"


def test_events_after_the_as_of_date_have_not_happened_yet():
    # Checking the record as it stood on 8 January: the visit on the 9th is not there yet.
    result = only(check(ruleset(rule()), record(REFERRAL, seen("v1", D(2026, 1, 9))), D(2026, 1, 8)))
    assert result.status == "due"


def test_every_condition_must_be_met_and_the_last_one_is_the_evidence():
    r = rule(requires=[{"event": VISIT, "where": {"child_seen": True}}, {"event": "genogram_completed"}])
    child = record(REFERRAL, seen("v1", D(2026, 1, 6)), event("g1", "genogram_completed", D(2026, 1, 8)))
    result = only(check(ruleset(r), child, D(2026, 1, 20)))
    assert (result.status, result.met_on, result.evidence) == ("met", D(2026, 1, 8), "g1")
    late = record(REFERRAL, seen("v1", D(2026, 1, 6)), event("g1", "genogram_completed", D(2026, 1, 14)))
    assert only(check(ruleset(r), late, D(2026, 1, 20))).status == "met_late"
    half = record(REFERRAL, seen("v1", D(2026, 1, 6)))
    assert only(check(ruleset(r), half, D(2026, 1, 20))).status == "overdue"


# --- 1 and 2. Where a rule applies; triggers ----------------------------------------------------


def test_a_child_never_involved_with_the_services_gets_one_not_applicable_result():
    child = record(REFERRAL, involvements=[involvement("early_help")])
    result = only(check(ruleset(rule()), child, D(2026, 1, 20)))
    assert (result.status, result.reason, result.due_on) == ("not_applicable", "no_involvement", None)


def test_a_rule_whose_trigger_never_happened_gets_one_not_applicable_result():
    result = only(check(ruleset(rule()), record(), D(2026, 1, 20)))
    assert (result.status, result.reason) == ("not_applicable", "no_trigger")


def test_a_trigger_outside_the_involvement_does_not_start_the_clock():
    child = record(REFERRAL, involvements=[involvement(start=D(2026, 1, 6))])
    assert only(check(ruleset(rule()), child, D(2026, 1, 20))).reason == "no_trigger"


def test_a_trigger_on_the_first_or_last_day_of_the_involvement_counts():
    child = record(REFERRAL, involvements=[involvement(start=D(2026, 1, 1), end=D(2026, 1, 5))])
    # Ended on the trigger day, long before the deadline: not applicable, but judged.
    assert only(check(ruleset(rule()), child, D(2026, 1, 20))).reason == "involvement_ended"


def test_an_after_rule_triggered_after_the_as_of_date_has_no_result_yet():
    future = event("ref", "referral_received", D(2026, 1, 21))
    assert only(check(ruleset(rule()), record(future), D(2026, 1, 20))).reason == "no_trigger"


def test_each_trigger_gets_its_own_result():
    second = event("ref2", "referral_received", D(2026, 2, 2))
    results = check(ruleset(rule()), record(REFERRAL, second, seen("v1", D(2026, 1, 9))), D(2026, 2, 10))
    assert [(r.trigger_event, r.status) for r in results] == [("ref", "met"), ("ref2", "overdue")]


def test_late_evidence_after_the_next_trigger_answers_the_next_trigger_only():
    r = rule(
        trigger={"event": "core_group_meeting"},
        requires=[{"event": "statements_shared"}],
        deadline={"amount": 0, "unit": "same_day"},
        services=["child_protection"],
    )
    inv = [involvement("child_protection")]
    first = event("cg1", "core_group_meeting", D(2026, 1, 12))
    second = event("cg2", "core_group_meeting", D(2026, 2, 9))
    late = event("s", "statements_shared", D(2026, 2, 10))
    results = check(ruleset(r), record(first, second, late, involvements=inv), D(2026, 3, 2))
    assert [(x.trigger_event, x.status) for x in results] == [("cg1", "overdue"), ("cg2", "met_late")]
    on_time_for_both = record(first, event("s", "statements_shared", D(2026, 1, 12)), second,
                              event("s2", "statements_shared", D(2026, 2, 9)), involvements=inv)
    results = check(ruleset(r), on_time_for_both, D(2026, 3, 2))
    assert [x.status for x in results] == ["met", "met"]


def test_generated_involvement_events_start_the_clock():
    r = rule(
        services=["child_in_need"],
        trigger={"event": "involvement_started", "where": {"service": "child_in_need"}},
        deadline={"amount": 10, "unit": "working_days"},
    )
    child = record(seen("v1", D(2026, 1, 15)), involvements=[involvement("child_in_need", D(2026, 1, 5))])
    result = only(check(ruleset(r), child, D(2026, 1, 30)))
    assert (result.status, result.trigger_event, result.trigger_on, result.due_on) == (
        "met",
        None,
        D(2026, 1, 5),
        D(2026, 1, 19),
    )


def test_nth_keeps_only_that_occurrence_in_the_involvement():
    r = rule(
        services=["looked_after"],
        trigger={"event": "looked_after_review", "nth": 2},
        requires=[{"event": "looked_after_review"}],
        deadline={"amount": 6, "unit": "months"},
    )
    reviews = [
        event(f"r{i}", "looked_after_review", day)
        for i, day in enumerate([D(2026, 1, 20), D(2026, 4, 15), D(2026, 9, 1)], start=1)
    ]
    result = only(
        check(ruleset(r), record(*reviews, involvements=[involvement("looked_after")]), D(2026, 12, 1))
    )
    # The second review (15 April) starts the clock; the third (1 September) meets it, not the second itself.
    assert (result.trigger_event, result.due_on, result.evidence, result.status) == (
        "r2",
        D(2026, 10, 15),
        "r3",
        "met",
    )


def test_nth_counts_again_in_a_new_involvement():
    r = rule(
        services=["looked_after"],
        trigger={"event": "looked_after_review", "nth": 1},
        requires=[{"event": "looked_after_review"}],
        deadline={"amount": 3, "unit": "months"},
    )
    first_stay = involvement("looked_after", D(2026, 1, 5), D(2026, 3, 1), ident="stay-1")
    second_stay = involvement("looked_after", D(2026, 6, 1), ident="stay-2")
    reviews = [
        event("a", "looked_after_review", D(2026, 1, 20)),
        event("b", "looked_after_review", D(2026, 6, 20)),
    ]
    results = check(ruleset(r), record(*reviews, involvements=[first_stay, second_stay]), D(2026, 12, 1))
    assert [(x.trigger_event, x.status, x.involvement) for x in results] == [
        ("a", "not_applicable", "stay-1"),
        ("b", "overdue", "stay-2"),
    ]


def test_involvements_that_follow_on_are_one_stretch():
    # Referral at the front door; the child moves to assessment the next day. The rule lists both
    # services, so the front door involvement ending does not make it not applicable.
    r = rule(services=["first_contact", "assessment"])
    front = involvement("first_contact", D(2026, 1, 5), D(2026, 1, 6), ident="front")
    assess = involvement("assessment", D(2026, 1, 7), ident="assess")
    result = only(check(ruleset(r), record(REFERRAL, involvements=[front, assess]), D(2026, 1, 20)))
    assert (result.status, result.involvement) == ("overdue", "assess")


def test_an_age_trigger_starts_the_clock_on_the_birthday():
    r = rule(
        services=["looked_after"],
        trigger={"age": {"years": 16}},
        requires=[{"event": "assessment_completed", "where": {"kind": "pathway"}}],
        deadline={"amount": 3, "unit": "months"},
    )
    child = record(
        event("a1", "assessment_completed", D(2026, 8, 1), kind="pathway"),
        involvements=[involvement("looked_after", D(2025, 1, 1))],
        birth_date=D(2010, 6, 1),
    )
    result = only(check(ruleset(r), child, D(2026, 12, 1)))
    assert (result.trigger_on, result.due_on, result.status, result.trigger_event) == (
        D(2026, 6, 1),
        D(2026, 9, 1),
        "met",
        None,
    )


def test_an_age_in_years_and_months():
    r = rule(
        services=["child_in_need"],
        trigger={"age": {"years": 13, "months": 9}},
        requires=[{"event": "allocated"}],
        deadline={"amount": 0, "unit": "same_day"},
    )
    child = record(involvements=[involvement("child_in_need", D(2020, 1, 1))], birth_date=D(2012, 3, 31))
    assert only(check(ruleset(r), child, D(2026, 12, 1))).trigger_on == D(2025, 12, 31)


def test_an_age_trigger_needs_a_date_of_birth_and_an_involvement_on_the_birthday():
    r = rule(services=["looked_after"], trigger={"age": {"years": 16}})
    no_birth_date = record(involvements=[involvement("looked_after", D(2020, 1, 1))], birth_date=None)
    assert only(check(ruleset(r), no_birth_date, D(2026, 12, 1))).reason == "no_trigger"
    left_before = record(
        involvements=[involvement("looked_after", D(2020, 1, 1), D(2026, 5, 1))], birth_date=D(2010, 6, 1)
    )
    assert only(check(ruleset(r), left_before, D(2026, 12, 1))).reason == "no_trigger"


def test_ages_limit_a_rule_to_children_of_that_age_on_the_trigger_date():
    r = rule(ages={"from_years": 14, "to_years": 18})
    younger = record(REFERRAL, birth_date=D(2012, 1, 6))  # 13 on 5 January 2026, 14 the next day
    exactly = record(REFERRAL, birth_date=D(2012, 1, 5))  # 14 on the day
    assert only(check(ruleset(r), younger, D(2026, 1, 20))).reason == "no_trigger"
    assert only(check(ruleset(r), exactly, D(2026, 1, 20))).status == "overdue"


# --- 3. Deadlines through the engine ------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        ({"amount": 5, "unit": "working_days"}, D(2026, 1, 12)),
        ({"amount": 5, "unit": "calendar_days"}, D(2026, 1, 10)),
        ({"amount": 2, "unit": "weeks"}, D(2026, 1, 19)),
        ({"amount": 1, "unit": "months"}, D(2026, 2, 5)),
        ({"amount": 0, "unit": "same_day"}, D(2026, 1, 5)),
        ({"amount": 24, "unit": "hours"}, D(2026, 1, 6)),
    ],
)
def test_each_deadline_unit(deadline, due):
    assert only(check(ruleset(rule(deadline=deadline)), record(REFERRAL), D(2026, 3, 1))).due_on == due


def test_a_same_day_rule_is_met_only_that_day():
    r = rule(
        trigger={"event": "strategy_discussion"},
        requires=[{"event": "family_network_meeting"}],
        deadline={"amount": 0, "unit": "same_day"},
        services=["first_contact"],
    )
    strategy = event("s", "strategy_discussion", D(2026, 1, 5))
    inv = [involvement("first_contact")]
    same = record(strategy, event("f", "family_network_meeting", D(2026, 1, 5)), involvements=inv)
    next_day = record(strategy, event("f", "family_network_meeting", D(2026, 1, 6)), involvements=inv)
    assert only(check(ruleset(r), same, D(2026, 1, 9))).status == "met"
    assert only(check(ruleset(r), next_day, D(2026, 1, 9))).status == "met_late"


def test_hours_compare_the_time_of_day_when_both_events_have_one():
    # A report shared at least 48 hours before a conference at 10:00 on Thursday 8 January.
    r = rule(
        trigger={"event": "initial_child_protection_conference"},
        requires=[{"event": "report_shared_with_family"}],
        deadline={"amount": 48, "unit": "hours", "direction": "before"},
        services=["child_protection"],
    )
    inv = [involvement("child_protection")]
    conference = event("c", "initial_child_protection_conference", D(2026, 1, 8), at=time(10, 0))

    def status(report):
        return only(check(ruleset(r), record(conference, report, involvements=inv), D(2026, 1, 9))).status

    assert status(event("r", "report_shared_with_family", D(2026, 1, 6), at=time(9, 30))) == "met"
    assert status(event("r", "report_shared_with_family", D(2026, 1, 6), at=time(10, 30))) == "met_late"
    assert status(event("r", "report_shared_with_family", D(2026, 1, 6))) == "met"  # no time: by date
    assert status(event("r", "report_shared_with_family", D(2026, 1, 7))) == "met_late"


# --- 4. Before rules, prerequisites and refers_to_trigger --------------------------------------

GENOGRAM_BEFORE_ICPC = rule(
    services=["child_protection"],
    trigger={"event": "initial_child_protection_conference"},
    requires=[{"event": "genogram_completed"}],
    deadline={"amount": 0, "unit": "calendar_days", "direction": "before"},
)
ICPC = event("c", "initial_child_protection_conference", D(2026, 2, 2))
CP = [involvement("child_protection", D(2026, 1, 5))]


def test_a_prerequisite_met_before_the_trigger_is_met():
    child = record(ICPC, event("g", "genogram_completed", D(2026, 1, 12)), involvements=CP)
    result = only(check(ruleset(GENOGRAM_BEFORE_ICPC), child, D(2026, 2, 10)))
    assert (result.status, result.due_on, result.evidence) == ("met", D(2026, 2, 2), "g")


def test_a_prerequisite_from_an_earlier_involvement_does_not_count():
    earlier = [involvement("child_in_need", D(2025, 3, 1), D(2025, 6, 30), "old"), *CP]
    child = record(ICPC, event("g", "genogram_completed", D(2025, 4, 1)), involvements=earlier)
    assert only(check(ruleset(GENOGRAM_BEFORE_ICPC), child, D(2026, 2, 10))).status == "overdue"


def test_a_prerequisite_done_after_the_trigger_is_met_late():
    child = record(ICPC, event("g", "genogram_completed", D(2026, 2, 3)), involvements=CP)
    assert only(check(ruleset(GENOGRAM_BEFORE_ICPC), child, D(2026, 2, 10))).status == "met_late"


def test_a_missing_prerequisite_is_overdue_once_the_trigger_has_passed():
    assert (
        only(check(ruleset(GENOGRAM_BEFORE_ICPC), record(ICPC, involvements=CP), D(2026, 2, 10))).status
        == "overdue"
    )


def test_a_booked_future_trigger_makes_a_before_rule_due():
    # The conference is booked for 2 February; on 20 January the genogram is still to do.
    result = only(check(ruleset(GENOGRAM_BEFORE_ICPC), record(ICPC, involvements=CP), D(2026, 1, 20)))
    assert (result.status, result.due_on) == ("due", D(2026, 2, 2))


def test_a_report_must_be_shared_for_this_conference_when_refers_to_trigger():
    r = rule(
        services=["child_protection"],
        trigger={"event": "review_child_protection_conference"},
        requires=[{"event": "report_shared_with_family", "refers_to_trigger": True}],
        deadline={"amount": 3, "unit": "working_days", "direction": "before"},
    )
    first = event("c1", "review_child_protection_conference", D(2026, 2, 2))
    second = event("c2", "review_child_protection_conference", D(2026, 5, 4))
    report = event("r1", "report_shared_with_family", D(2026, 1, 27), refers_to="c1")
    results = check(ruleset(r), record(first, second, report, involvements=CP), D(2026, 6, 1))
    assert [(x.trigger_event, x.status) for x in results] == [("c1", "met"), ("c2", "overdue")]


# --- Corrections and involvements that end -----------------------------------------------------


def test_a_corrected_event_is_left_out_and_its_correction_counts():
    # The visit was recorded on the 9th by mistake; the correction says it was on the 14th.
    wrong = seen("v1", D(2026, 1, 9))
    right = seen("v2", D(2026, 1, 14), corrects="v1")
    result = only(check(ruleset(rule()), record(REFERRAL, wrong, right), D(2026, 1, 20)))
    assert (result.status, result.evidence) == ("met_late", "v2")


def test_a_correction_of_a_different_type_removes_the_original():
    wrong = seen("v1", D(2026, 1, 9))
    right = event("d1", "direct_work", D(2026, 1, 9), corrects="v1")
    assert only(check(ruleset(rule()), record(REFERRAL, wrong, right), D(2026, 1, 20))).status == "overdue"


def test_a_reference_to_a_corrected_event_follows_the_correction():
    r = rule(
        services=["child_protection"],
        trigger={"event": "initial_child_protection_conference"},
        requires=[{"event": "report_shared_with_family", "refers_to_trigger": True}],
        deadline={"amount": 0, "unit": "calendar_days", "direction": "before"},
    )
    booked = event("c1", "initial_child_protection_conference", D(2026, 2, 2))
    moved = event("c2", "initial_child_protection_conference", D(2026, 2, 4), corrects="c1")
    report = event("r", "report_shared_with_family", D(2026, 1, 30), refers_to="c1")
    result = only(check(ruleset(r), record(booked, moved, report, involvements=CP), D(2026, 2, 10)))
    assert (result.trigger_event, result.status, result.evidence) == ("c2", "met", "r")


def test_an_involvement_ended_before_the_deadline_makes_an_unmet_rule_not_applicable():
    child = record(REFERRAL, involvements=[involvement(end=D(2026, 1, 8))])
    result = only(check(ruleset(rule()), child, D(2026, 1, 20)))
    assert (result.status, result.reason, result.due_on) == (
        "not_applicable",
        "involvement_ended",
        D(2026, 1, 12),
    )


def test_an_involvement_ended_after_the_deadline_leaves_the_rule_overdue():
    child = record(REFERRAL, involvements=[involvement(end=D(2026, 1, 14))])
    assert only(check(ruleset(rule()), child, D(2026, 1, 20))).status == "overdue"


def test_an_ended_involvement_does_not_undo_a_met_rule():
    child = record(REFERRAL, seen("v1", D(2026, 1, 7)), involvements=[involvement(end=D(2026, 1, 8))])
    assert only(check(ruleset(rule()), child, D(2026, 1, 20))).status == "met"


def test_an_end_date_after_the_as_of_date_has_not_happened_yet():
    child = record(REFERRAL, involvements=[involvement(end=D(2026, 1, 8))])
    assert only(check(ruleset(rule()), child, D(2026, 1, 7))).status == "due"


# --- 6. Recurrence -----------------------------------------------------------------------------

VISITS_EVERY_10 = rule(
    services=["child_protection"],
    trigger={"event": "involvement_started", "where": {"service": "child_protection"}},
    deadline={"amount": 10, "unit": "working_days"},
    recurrence={"every": 10, "unit": "working_days"},
)


def periods(results):
    return [(r.period, r.status, r.due_on, r.met_on) for r in results]


def test_a_recurring_rule_gives_one_result_per_period_each_counted_from_the_last_visit():
    visits = [seen("v1", D(2026, 1, 9)), seen("v2", D(2026, 1, 20)), seen("v3", D(2026, 2, 2))]
    results = check(ruleset(VISITS_EVERY_10), record(*visits, involvements=CP), D(2026, 2, 10))
    assert periods(results) == [
        (1, "met", D(2026, 1, 19), D(2026, 1, 9)),  # 10 working days after Monday 5 January
        (2, "met", D(2026, 1, 23), D(2026, 1, 20)),  # 10 working days after Friday 9 January
        (3, "met", D(2026, 2, 3), D(2026, 2, 2)),  # 10 working days after Tuesday 20 January
        (4, "due", D(2026, 2, 16), None),  # 10 working days after Monday 2 February
    ]


def test_a_late_period_is_met_late_and_the_next_counts_from_the_late_visit():
    visits = [seen("v1", D(2026, 1, 9)), seen("v2", D(2026, 1, 27))]
    results = check(ruleset(VISITS_EVERY_10), record(*visits, involvements=CP), D(2026, 2, 3))
    assert periods(results) == [
        (1, "met", D(2026, 1, 19), D(2026, 1, 9)),
        (2, "met_late", D(2026, 1, 23), D(2026, 1, 27)),
        (3, "due", D(2026, 2, 10), None),
    ]


def test_an_overdue_period_ends_the_chain_with_one_result():
    results = check(
        ruleset(VISITS_EVERY_10), record(seen("v1", D(2026, 1, 9)), involvements=CP), D(2026, 3, 30)
    )
    assert periods(results) == [
        (1, "met", D(2026, 1, 19), D(2026, 1, 9)),
        (2, "overdue", D(2026, 1, 23), None),
    ]


def test_no_period_is_made_after_the_involvement_ended():
    ended = [involvement("child_protection", D(2026, 1, 5), D(2026, 1, 23))]
    results = check(
        ruleset(VISITS_EVERY_10),
        record(seen("v1", D(2026, 1, 9)), seen("v2", D(2026, 1, 16)), involvements=ended),
        D(2026, 3, 30),
    )
    # Period 3 would fall due on 30 January, after the involvement ended on the 23rd.
    assert [(p, s) for p, s, *_ in periods(results)] == [(1, "met"), (2, "met")]


def test_a_second_visit_the_same_day_does_not_count_for_the_next_period():
    visits = [seen("v1", D(2026, 1, 9)), seen("v2", D(2026, 1, 9))]
    results = check(ruleset(VISITS_EVERY_10), record(*visits, involvements=CP), D(2026, 1, 22))
    assert periods(results)[1] == (2, "due", D(2026, 1, 23), None)


def test_a_new_trigger_ends_the_chain_of_the_one_before():
    r = rule(
        services=["looked_after"],
        trigger={"event": "placement_started"},
        deadline={"amount": 6, "unit": "weeks"},
        recurrence={"every": 6, "unit": "weeks"},
    )
    placements = [
        event("p1", "placement_started", D(2026, 1, 5)),
        event("p2", "placement_started", D(2026, 3, 2)),
    ]
    visits = [seen("v1", D(2026, 1, 12)), seen("v2", D(2026, 2, 16)), seen("v3", D(2026, 3, 9))]
    results = check(
        ruleset(r), record(*placements, *visits, involvements=[involvement("looked_after")]), D(2026, 3, 20)
    )
    by_trigger = [(x.trigger_event, x.period, x.status) for x in results]
    # The first placement's chain stops at the move (its third period would fall due on 30 March).
    assert by_trigger == [("p1", 1, "met"), ("p1", 2, "met"), ("p2", 1, "met"), ("p2", 2, "due")]


# --- clock_from --------------------------------------------------------------------------------

ICPC_15 = rule(
    services=["assessment", "child_protection"],
    trigger={
        "event": "section_47_completed",
        "where": {"outcome": "concerns_substantiated_icpc"},
        "clock_from": {"event": "strategy_discussion", "where": {"outcome": "section_47"}},
    },
    requires=[{"event": "initial_child_protection_conference"}],
    deadline={"amount": 15, "unit": "working_days"},
)


def test_the_clock_runs_from_the_strategy_discussion_once_the_enquiry_says_a_conference_is_needed():
    strategy = event("s", "strategy_discussion", D(2026, 1, 5), outcome="section_47")
    done = event("e", "section_47_completed", D(2026, 1, 19), outcome="concerns_substantiated_icpc")
    conference = event("c", "initial_child_protection_conference", D(2026, 1, 27))
    result = only(check(ruleset(ICPC_15), record(strategy, done, conference), D(2026, 2, 10)))
    # 15 working days after Monday 5 January is Monday 26 January: the conference on the 27th is late.
    assert (result.due_on, result.status, result.trigger_event) == (D(2026, 1, 26), "met_late", "e")


def test_an_enquiry_that_finds_no_conference_is_needed_starts_no_clock():
    strategy = event("s", "strategy_discussion", D(2026, 1, 5), outcome="section_47")
    done = event("e", "section_47_completed", D(2026, 1, 19), outcome="child_in_need")
    assert only(check(ruleset(ICPC_15), record(strategy, done), D(2026, 2, 10))).reason == "no_trigger"


# --- Properties -------------------------------------------------------------------------------

january = st.dates(min_value=D(2026, 1, 5), max_value=D(2026, 3, 31))


@settings(max_examples=150, deadline=None)
@given(visits=st.lists(january, max_size=6), extra=january, as_of=january)
def test_adding_a_matching_event_never_turns_met_into_anything_worse(visits, extra, as_of):
    rules = ruleset(
        rule(),
        VISITS_EVERY_10
        | {"id": "every-10", "services": ["assessment"], "trigger": {"event": "referral_received"}},
    )
    events = [REFERRAL, *(seen(f"v{i}", day) for i, day in enumerate(visits))]
    before = check(rules, record(*events), as_of)
    after = check(rules, record(*events, seen("extra", extra)), as_of)
    single_before = next(r for r in before if r.rule_id == "test-rule")
    single_after = next(r for r in after if r.rule_id == "test-rule")
    if single_before.status == "met":
        assert single_after.status == "met"
    met_before = sum(r.status == "met" for r in before if r.rule_id == "every-10")
    overdue_after = sum(r.status == "overdue" for r in after if r.rule_id == "every-10")
    if met_before and not any(r.status == "overdue" for r in before if r.rule_id == "every-10"):
        assert overdue_after == 0


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_the_order_events_are_given_in_does_not_change_the_results(seed):
    visits = [seen(f"v{i}", D(2026, 1, 5) + timedelta(days=3 * i)) for i in range(12)]
    events = [REFERRAL, *visits]
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    rules = ruleset(VISITS_EVERY_10 | {"services": ["assessment"]})
    assert check(rules, record(*events), D(2026, 3, 1)) == check(rules, record(*shuffled), D(2026, 3, 1))


@settings(max_examples=100, deadline=None)
@given(
    trigger_day=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    amount=st.integers(min_value=1, max_value=60),
)
def test_a_working_days_result_is_never_due_on_a_weekend_or_bank_holiday(trigger_day, amount):
    r = rule(deadline={"amount": amount, "unit": "working_days"})
    child = record(
        event("ref", "referral_received", trigger_day), involvements=[involvement(start=trigger_day)]
    )
    due = only(check(ruleset(r), child, trigger_day)).due_on
    assert due.weekday() < 5 and bank_holiday(due) is None


def test_results_come_in_pack_order():
    rules = ruleset(rule("b-rule"), rule("a-rule", services=["early_help"]))
    assert [r.rule_id for r in check(rules, record(REFERRAL), D(2026, 1, 20))] == ["b-rule", "a-rule"]


def test_the_ruleset_knows_which_event_types_matter():
    rules = ruleset(ICPC_15)
    assert {
        "section_47_completed",
        "strategy_discussion",
        "initial_child_protection_conference",
    } <= rules.event_types
    assert "home_visit" not in rules.event_types


def test_every_status_is_one_the_store_knows():
    from kinmap.rules.models import Status

    assert set(engine.STATUSES) == set(Status.values)
