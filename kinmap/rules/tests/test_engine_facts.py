"""Missing facts, facts the involvements imply, and evidence that belongs to its own occasion.

docs/packs.md ("Facts the record lacks", "Which evidence counts") and decisions 0206-0209 say what
these tests show: a rule that turns on a fact the record does not hold is `unknown`, naming the
fact, never "not applicable"; an open child protection involvement is a plan; old evidence does
not answer a new occasion.
"""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kinmap.rules import engine
from kinmap.rules.packs import loaded_pack
from kinmap.rules.tests.builders import check, event, involvement, only, record, rule, ruleset

D = date
ICPC = "initial_child_protection_conference"
RCPC = "review_child_protection_conference"

FIRST_CORE_GROUP = rule(
    "first-core-group",
    services=["assessment", "child_in_need", "child_protection"],
    trigger={"event": ICPC, "where": {"outcome": "child_protection_plan"}},
    requires=[{"event": "core_group_meeting"}],
    deadline={"amount": 10, "unit": "working_days"},
)
FIRST_REVIEW = rule(
    "first-review",
    services=["assessment", "child_in_need", "child_protection"],
    trigger={"event": ICPC, "where": {"outcome": "child_protection_plan"}},
    requires=[{"event": RCPC}],
    deadline={"amount": 3, "unit": "months"},
)
ASSESSMENT = [involvement("assessment", D(2026, 3, 2), ident="assess")]


def by_rule(results):
    return {r.rule_id: r for r in results}


# --- Unknown, not "not applicable" -----------------------------------------------------------


def test_a_conference_recorded_without_its_outcome_makes_its_rules_unknown_naming_the_fact():
    conference = event("c", ICPC, D(2026, 4, 20))
    results = by_rule(
        check(
            ruleset(FIRST_CORE_GROUP, FIRST_REVIEW),
            record(conference, involvements=ASSESSMENT),
            D(2026, 9, 1),
        )
    )
    for rule_id in ("first-core-group", "first-review"):
        result = results[rule_id]
        assert result.status == engine.UNKNOWN
        assert result.missing == engine.Missing("c", ICPC, "outcome", D(2026, 4, 20))
        assert (result.trigger_event, result.involvement) == ("c", "assess")
    # The date by which the fact matters: as if the conference had made a plan.
    assert results["first-core-group"].due_on == D(2026, 5, 5)
    assert results["first-review"].due_on == D(2026, 7, 20)


def test_not_known_is_a_missing_fact_too():
    conference = event("c", ICPC, D(2026, 4, 20), outcome="not_known")
    result = only(
        check(ruleset(FIRST_CORE_GROUP), record(conference, involvements=ASSESSMENT), D(2026, 9, 1))
    )
    assert (result.status, result.missing.attribute) == ("unknown", "outcome")


def test_a_known_different_outcome_is_still_not_applicable():
    conference = event("c", ICPC, D(2026, 4, 20), outcome="child_in_need_plan")
    result = only(
        check(ruleset(FIRST_CORE_GROUP), record(conference, involvements=ASSESSMENT), D(2026, 9, 1))
    )
    assert (result.status, result.reason) == ("not_applicable", "no_trigger")


def test_a_strategy_discussion_without_an_outcome_does_not_move_the_conference_clock():
    # The conference was late counted from the strategy discussion that started the enquiry; a
    # later discussion with no outcome recorded must not restart the clock and make it "met".
    icpc_15 = rule(
        "icpc-15",
        services=["assessment", "child_protection"],
        trigger={
            "event": "section_47_completed",
            "where": {"outcome": "concerns_substantiated_icpc"},
            "clock_from": {"event": "strategy_discussion", "where": {"outcome": "section_47"}},
        },
        requires=[{"event": ICPC}],
        deadline={"amount": 15, "unit": "working_days"},
    )
    child = record(
        event("s1", "strategy_discussion", D(2026, 3, 3), outcome="section_47"),
        event("s2", "strategy_discussion", D(2026, 3, 20)),
        event("e", "section_47_completed", D(2026, 3, 23), outcome="concerns_substantiated_icpc"),
        event("c", ICPC, D(2026, 4, 8), outcome="child_protection_plan"),
        involvements=ASSESSMENT,
    )
    result = only(check(ruleset(icpc_15), child, D(2026, 5, 1)))
    assert result.status == "unknown"
    assert result.missing == engine.Missing("s2", "strategy_discussion", "outcome", D(2026, 3, 20))
    assert result.met_on is None


# --- Facts the involvements imply --------------------------------------------------------------


def test_an_open_child_protection_involvement_is_the_plan_the_conference_did_not_record():
    conference = event("c", ICPC, D(2026, 4, 20))
    involvements = [*ASSESSMENT[:1], involvement("child_protection", D(2026, 4, 20), ident="cp")]
    involvements[0] = involvement("assessment", D(2026, 3, 2), D(2026, 4, 19), "assess")
    core_group = event("g", "core_group_meeting", D(2026, 4, 30))
    results = by_rule(
        check(
            ruleset(FIRST_CORE_GROUP, FIRST_REVIEW),
            record(conference, core_group, involvements=involvements),
            D(2026, 9, 1),
        )
    )
    assert (results["first-core-group"].status, results["first-core-group"].evidence) == ("met", "g")
    assert (results["first-review"].status, results["first-review"].due_on) == ("overdue", D(2026, 7, 20))
    assert results["first-review"].trigger_event == "c"


def test_a_child_protection_involvement_with_no_conference_recorded_is_a_plan_from_its_start():
    cp = [involvement("child_protection", D(2026, 4, 20), ident="cp")]
    result = only(check(ruleset(FIRST_REVIEW), record(involvements=cp), D(2026, 9, 1)))
    assert (result.status, result.trigger_event, result.trigger_on) == ("overdue", None, D(2026, 4, 20))


def test_the_plan_an_involvement_implies_is_not_a_conference_to_prepare_for():
    prepare = rule(
        "prepare",
        services=["child_protection"],
        trigger={"event": ICPC},
        requires=[{"event": "genogram_completed"}],
        deadline={"amount": 0, "unit": "calendar_days", "direction": "before"},
    )
    cp = [involvement("child_protection", D(2026, 4, 20), ident="cp")]
    assert only(check(ruleset(prepare), record(involvements=cp), D(2026, 9, 1))).status == "not_applicable"


def test_a_review_conference_without_its_outcome_continues_the_plan_while_the_involvement_stays_open():
    every_6_months = rule(
        "review-6",
        services=["child_protection"],
        trigger={"event": RCPC, "where": {"outcome": "child_protection_plan_continues"}},
        requires=[{"event": RCPC}],
        deadline={"amount": 6, "unit": "months"},
    )
    review = event("r", RCPC, D(2026, 4, 20))
    still_open = [involvement("child_protection", D(2026, 1, 5), ident="cp")]
    closed_that_day = [involvement("child_protection", D(2026, 1, 5), D(2026, 4, 20), "cp")]
    assert (
        only(check(ruleset(every_6_months), record(review, involvements=still_open), D(2026, 9, 1))).status
        == "due"
    )
    ended = only(check(ruleset(every_6_months), record(review, involvements=closed_that_day), D(2026, 9, 1)))
    assert (ended.status, ended.missing.attribute) == ("unknown", "outcome")


def test_a_looked_after_involvement_is_the_child_becoming_looked_after():
    first_review = rule(
        "lac-review-20",
        services=["looked_after"],
        trigger={"event": "became_looked_after"},
        requires=[{"event": "looked_after_review"}],
        deadline={"amount": 20, "unit": "working_days"},
    )
    looked_after = [involvement("looked_after", D(2026, 3, 2), ident="la")]
    review = event("r", "looked_after_review", D(2026, 3, 20))
    result = only(check(ruleset(first_review), record(review, involvements=looked_after), D(2026, 5, 1)))
    assert (result.status, result.trigger_on, result.evidence) == ("met", D(2026, 3, 2), "r")


def test_an_assessment_opened_on_a_referral_is_the_decision_to_assess():
    assessment_45 = rule(
        "assess-45",
        services=["first_contact", "assessment"],
        trigger={
            "event": "referral_decision",
            "where": {"decision": ["assessment", "strategy_discussion"]},
            "clock_from": {"event": "referral_received"},
        },
        requires=[{"event": "assessment_completed", "where": {"kind": "child_and_family"}}],
        deadline={"amount": 45, "unit": "working_days"},
    )
    referral = event("ref", "referral_received", D(2026, 3, 2))
    involvements = [
        involvement("first_contact", D(2026, 3, 2), D(2026, 3, 3), "door"),
        involvement("assessment", D(2026, 3, 4), ident="assess"),
    ]
    result = only(check(ruleset(assessment_45), record(referral, involvements=involvements), D(2026, 6, 1)))
    assert (result.status, result.trigger_on, result.due_on) == ("overdue", D(2026, 3, 4), D(2026, 5, 7))
    # An implied decision starts the clock; it never answers a requirement to decide.
    decide = rule(
        "decide-1",
        services=["first_contact", "assessment"],
        trigger={"event": "referral_received"},
        requires=[{"event": "referral_decision"}],
        deadline={"amount": 1, "unit": "working_days"},
    )
    assert only(
        check(ruleset(decide), record(referral, involvements=involvements), D(2026, 6, 1))
    ).status == ("overdue")


# --- Evidence belongs to its occasion ------------------------------------------------------------

SECTION_47_FROM_STRATEGY = rule(
    "s47-from-strategy",
    services=["first_contact", "assessment", "child_in_need", "child_protection"],
    trigger={"event": "section_47_started"},
    requires=[{"event": "strategy_discussion", "where": {"outcome": "section_47"}}],
    deadline={"amount": 0, "unit": "calendar_days", "direction": "before"},
)


def test_a_2024_strategy_discussion_does_not_meet_a_2026_enquiry():
    involvements = [
        involvement("assessment", D(2024, 1, 8), D(2024, 3, 29), "2024"),
        involvement("assessment", D(2026, 2, 2), ident="2026"),
    ]
    child = record(
        event("s", "strategy_discussion", D(2024, 1, 10), outcome="section_47"),
        event("e", "section_47_started", D(2026, 2, 4)),
        involvements=involvements,
    )
    result = only(check(ruleset(SECTION_47_FROM_STRATEGY), child, D(2026, 3, 1)))
    assert (result.status, result.evidence) == ("overdue", None)


def test_in_one_long_involvement_the_previous_enquiry_keeps_its_own_strategy_discussion():
    child = record(
        event("s", "strategy_discussion", D(2024, 1, 10), outcome="section_47"),
        event("e1", "section_47_started", D(2024, 1, 11)),
        event("e2", "section_47_started", D(2026, 2, 4)),
        involvements=[involvement("child_in_need", D(2023, 11, 1), ident="cin")],
    )
    results = check(ruleset(SECTION_47_FROM_STRATEGY), child, D(2026, 3, 1))
    assert [(r.trigger_event, r.status) for r in results] == [("e1", "met"), ("e2", "overdue")]


def test_the_chair_consultation_for_the_initial_conference_does_not_count_for_the_review():
    consultation = rule(
        "chair-consultation",
        services=["child_protection"],
        trigger={"event": ICPC, "also_events": [RCPC]},
        requires=[{"event": "chair_consultation"}],
        deadline={"amount": 0, "unit": "calendar_days", "direction": "before"},
    )
    child = record(
        event("ch1", "chair_consultation", D(2026, 1, 28)),
        event("c", ICPC, D(2026, 2, 2), outcome="child_protection_plan"),
        event("r", RCPC, D(2026, 5, 1), outcome="child_protection_plan_continues"),
        involvements=[involvement("child_protection", D(2026, 1, 5), ident="cp")],
    )
    results = check(ruleset(consultation), child, D(2026, 6, 1))
    assert [(r.trigger_event, r.status, r.evidence) for r in results] == [
        ("c", "met", "ch1"),
        ("r", "overdue", None),
    ]


def test_since_involvement_lets_earlier_evidence_in_the_involvement_count():
    genogram = rule(
        "genogram",
        services=["child_protection"],
        trigger={"event": ICPC, "also_events": [RCPC]},
        requires=[{"event": "genogram_completed", "since": "involvement"}],
        deadline={"amount": 0, "unit": "calendar_days", "direction": "before"},
    )
    child = record(
        event("g", "genogram_completed", D(2026, 1, 28)),
        event("c", ICPC, D(2026, 2, 2), outcome="child_protection_plan"),
        event("r", RCPC, D(2026, 5, 1), outcome="child_protection_plan_continues"),
        involvements=[involvement("child_protection", D(2026, 1, 5), ident="cp")],
    )
    assert [r.status for r in check(ruleset(genogram), child, D(2026, 6, 1))] == ["met", "met"]


# --- Either/or, with different deadlines -----------------------------------------------------------

PHONE_OR_FACE_TO_FACE = rule(
    "outcome-told",
    services=["assessment"],
    trigger={"event": "legal_planning_meeting"},
    requires=[
        {
            "any_of": [
                {
                    "event": "outcome_shared_with_family",
                    "where": {"method": "phone"},
                    "refers_to_trigger": True,
                    "deadline": {"unit": "same_day"},
                },
                {
                    "event": "outcome_shared_with_family",
                    "where": {"method": "face_to_face"},
                    "refers_to_trigger": True,
                },
            ]
        }
    ],
    deadline={"amount": 1, "unit": "working_days"},
)
MEETING = event("m", "legal_planning_meeting", D(2026, 3, 5))  # a Thursday


def told(how, on):
    return event("t", "outcome_shared_with_family", on, method=how, refers_to="m")


def test_a_phone_call_the_same_day_meets_it():
    result = only(
        check(ruleset(PHONE_OR_FACE_TO_FACE), record(MEETING, told("phone", D(2026, 3, 5))), D(2026, 3, 20))
    )
    assert (result.status, result.due_on) == ("met", D(2026, 3, 6))


def test_a_phone_call_the_next_day_is_late_but_a_visit_the_next_day_is_on_time():
    late = only(
        check(ruleset(PHONE_OR_FACE_TO_FACE), record(MEETING, told("phone", D(2026, 3, 6))), D(2026, 3, 20))
    )
    visit = only(
        check(
            ruleset(PHONE_OR_FACE_TO_FACE),
            record(MEETING, told("face_to_face", D(2026, 3, 6))),
            D(2026, 3, 20),
        )
    )
    assert (late.status, visit.status) == ("met_late", "met")


def test_neither_by_the_later_deadline_is_overdue():
    result = only(check(ruleset(PHONE_OR_FACE_TO_FACE), record(MEETING), D(2026, 3, 9)))
    assert (result.status, result.due_on) == ("overdue", D(2026, 3, 6))


# --- Recurrences that end ----------------------------------------------------------------------


def test_weekly_visits_for_the_first_four_weeks_stop_after_four_weeks():
    weekly = rule(
        "weekly-4",
        services=["looked_after"],
        trigger={"event": "placement_started"},
        requires=[{"event": "home_visit", "where": {"child_seen": True}}],
        deadline={"amount": 1, "unit": "weeks"},
        recurrence={"every": 1, "unit": "weeks", "ends_after": {"amount": 4, "unit": "weeks"}},
    )
    placed = event("p", "placement_started", D(2026, 3, 2))
    visits = [event(f"v{i}", "home_visit", D(2026, 3, 2 + 7 * i), child_seen=True) for i in range(1, 5)]
    results = check(
        ruleset(weekly),
        record(placed, *visits, involvements=[involvement("looked_after", D(2026, 3, 2))]),
        D(2026, 6, 1),
    )
    assert [(r.period, r.status, r.due_on) for r in results] == [
        (1, "met", D(2026, 3, 9)),
        (2, "met", D(2026, 3, 16)),
        (3, "met", D(2026, 3, 23)),
        (4, "met", D(2026, 3, 30)),
    ]


def test_monthly_visits_to_carers_end_with_the_placement():
    monthly = rule(
        "carers-monthly",
        services=["looked_after"],
        trigger={"event": "placement_started"},
        requires=[{"event": "foster_carer_visit"}],
        deadline={"amount": 1, "unit": "months"},
        recurrence={"every": 1, "unit": "months", "ends_with": {"event": "placement_ended"}},
    )
    child = record(
        event("p", "placement_started", D(2026, 1, 5)),
        event("f1", "foster_carer_visit", D(2026, 2, 2)),
        event("f2", "foster_carer_visit", D(2026, 3, 2)),
        event("end", "placement_ended", D(2026, 3, 20)),
        involvements=[involvement("looked_after", D(2026, 1, 5))],
    )
    results = check(ruleset(monthly), child, D(2026, 9, 1))
    assert [(r.period, r.status) for r in results] == [(1, "met"), (2, "met")]


# --- The packs as written ----------------------------------------------------------------------


def test_the_england_pack_asks_for_the_outcome_of_a_conference_recorded_without_one():
    rules = loaded_pack("england").rules
    child = record(event("c", ICPC, D(2026, 4, 20)), involvements=ASSESSMENT)
    results = by_rule(engine.evaluate(rules, child, D(2026, 9, 1)))
    for rule_id in ("eng-first-core-group-10-working-days", "eng-first-review-conference-3-months"):
        assert results[rule_id].status == "unknown"
        assert results[rule_id].missing == engine.Missing("c", ICPC, "outcome", D(2026, 4, 20))


def test_bexley_checks_a_disabled_childs_enquiry_against_englands_rule():
    rules = loaded_pack("bexley").rules
    child = record(
        event("e", "section_47_started", D(2026, 3, 4)),
        involvements=[involvement("disabilities", D(2026, 3, 2), ident="cwd")],
    )
    results = by_rule(engine.evaluate(rules, child, D(2026, 4, 1)))
    assert results["eng-section-47-after-strategy-discussion"].status == "overdue"


# --- Silence never reads as compliance ---------------------------------------------------------

conference_days = st.dates(min_value=D(2026, 1, 5), max_value=D(2026, 6, 30))
outcomes = st.sampled_from(
    [None, "not_known", "child_protection_plan", "child_in_need_plan", "no_further_action"]
)


@settings(max_examples=120, deadline=None)
@given(held=conference_days, outcome=outcomes, cp_opens=st.one_of(st.none(), st.integers(0, 10)))
def test_a_conference_gives_the_core_group_rule_a_result_unless_its_outcome_rules_it_out(
    held, outcome, cp_opens
):
    involvements = [involvement("assessment", D(2026, 1, 1), ident="assess")]
    if cp_opens is not None:
        involvements = [
            involvement("assessment", D(2026, 1, 1), held + timedelta(days=cp_opens - 1), "assess"),
            involvement("child_protection", held + timedelta(days=cp_opens), ident="cp"),
        ]
    attributes = {} if outcome is None else {"outcome": outcome}
    conference = event("c", ICPC, held, **attributes)
    results = check(ruleset(FIRST_CORE_GROUP), record(conference, involvements=involvements), D(2026, 12, 1))
    stand_ins = [r for r in results if r.trigger_event is None and r.status != "not_applicable"]
    own = [r for r in results if r.trigger_event == "c"]
    # A child protection involvement opening more than a week after the conference is a plan of
    # its own, from its start.
    assert len(stand_ins) == (1 if cp_opens is not None and cp_opens > 7 else 0)
    ruled_out = outcome in ("child_in_need_plan", "no_further_action")
    plan_implied = cp_opens is not None and cp_opens <= 7
    if ruled_out:
        # A recorded outcome wins: the conference starts nothing.
        assert own == []
    elif outcome == "child_protection_plan" or plan_implied:
        assert [r.status for r in own] == ["overdue"]
    else:
        assert [(r.status, r.missing) for r in own] == [
            ("unknown", engine.Missing("c", ICPC, "outcome", held))
        ]
    assert all(r.status != "not_applicable" for r in results) or (ruled_out and len(results) == 1)
