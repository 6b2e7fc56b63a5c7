"""When the steps of the demo's journeys are due: the council's pack says, on the engine's calendar.

A journey step that must happen "within N of X" (a first visit after the referral, the first core group
after the conference, visits every so often) asks the council's pack for the rules that time it and
takes the tightest deadline, computed by `kinmap.rules.deadlines.deadline_date` as the rules engine
computes it. So a step the demo does on time is met in the council's results and a late one is late,
whichever pack the demo council works to (`kinmap demo --pack`).

A step the council's pack does not time follows the tightest reading of the other packs in the packs
folder (another council's practice, so the demo still looks like practice somewhere), counted for the
same service area where one of them times it there, else for any. A step no pack times yet keeps the
demo's own pace (PACE, the only timescales written here); once a pack times it, the demo follows the
pack. See docs/decisions/0154-demo-timescales-from-the-packs.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta
from pydantic import ValidationError

from kinmap.rules.deadlines import (
    Unit,
    add_working_days,
    deadline_date,
    is_working_day,
    subtract_working_days,
)
from kinmap.rules.packs import available_packs, loaded_pack, packs_dir
from kinmap.rules.schema import AnyOf, Deadline, Pack, Rule


@dataclass(frozen=True)
class Step:
    """A step of a journey as a pack's rule would time it: the event the step records (`does`), what
    starts its clock (`after`, one or more event types; `involvement_started` is the involvement's own
    start), what the demo knows of the events involved (`facts`: event type, attribute, value), the nth
    such trigger, whether it is the later rounds of something recurring, and whether it is due before."""

    does: str
    after: tuple[str, ...]
    facts: tuple[tuple[str, str, Any], ...] = ()
    nth: int | None = None
    recurring: bool = False
    before: bool = False


def step(
    does: str,
    after: str | tuple[str, ...],
    *,
    nth: int | None = None,
    recurring: bool = False,
    before: bool = False,
    **facts: dict[str, Any],
) -> Step:
    """A Step; `facts` by event type, e.g. referral_decision={"decision": "assessment"}."""
    return Step(
        does=does,
        after=(after,) if isinstance(after, str) else after,
        facts=tuple(
            (event, name, value) for event, values in facts.items() for name, value in values.items()
        ),
        nth=nth,
        recurring=recurring,
        before=before,
    )


SEEN = {"child_seen": True}
# The journeys' steps. Where the handbooks differ, the council's pack decides (see the module's words).
STEPS: dict[str, Step] = {
    "referral_decision": step("referral_decision", "referral_received"),
    "feedback_to_referrer": step("feedback_to_referrer", "referral_decision"),
    "allocation": step("allocated", "referral_received"),
    "first_visit": step("home_visit", "referral_received", referral_decision={"decision": "assessment"}),
    "strategy": step(
        "strategy_discussion", "referral_decision", referral_decision={"decision": "strategy_discussion"}
    ),
    "s47_visit": step("home_visit", "section_47_started", home_visit=SEEN),
    "s47": step("section_47_completed", "section_47_started"),
    "icpc": step(
        "initial_child_protection_conference",
        "strategy_discussion",
        section_47_completed={"outcome": "concerns_substantiated_icpc"},
        strategy_discussion={"outcome": "section_47"},
    ),
    "first_core_group": step(
        "core_group_meeting",
        "initial_child_protection_conference",
        initial_child_protection_conference={"outcome": "child_protection_plan"},
    ),
    "core_group": step("core_group_meeting", "core_group_meeting", nth=1, recurring=True),
    "first_rcpc": step(
        "review_child_protection_conference",
        "initial_child_protection_conference",
        initial_child_protection_conference={"outcome": "child_protection_plan"},
    ),
    "rcpc": step(
        "review_child_protection_conference",
        "review_child_protection_conference",
        review_child_protection_conference={"outcome": "child_protection_plan_continues"},
    ),
    "cp_first_visit": step("home_visit", "involvement_started", home_visit=SEEN),
    "cp_visit": step("home_visit", "involvement_started", recurring=True, home_visit=SEEN),
    "cin_visit": step("home_visit", "involvement_started", recurring=True, home_visit=SEEN),
    "nrpf_visit": step("home_visit", "involvement_started", recurring=True, home_visit=SEEN),
    "cin_review": step("cin_review", "involvement_started", recurring=True),
    "assessment": step(
        "assessment_completed",
        "referral_received",
        referral_decision={"decision": "assessment"},
        assessment_completed={"kind": "child_and_family"},
    ),
    "fnm": step(
        "family_network_meeting",
        ("assessment_started", "involvement_started"),
        nth=1,
        home_visit={"safety_worries": True},
    ),
    "cwd_fnm": step("family_network_meeting", "allocated", nth=1),
    "lac_visit_first_weeks": step("home_visit", "placement_started", home_visit=SEEN),
    "lac_visit": step(
        "home_visit",
        ("placement_started", "involvement_started"),
        recurring=True,
        home_visit=SEEN,
    ),
    "first_lac_review": step("looked_after_review", "became_looked_after"),
    "second_lac_review": step("looked_after_review", "looked_after_review", nth=1),
    "lac_review": step("looked_after_review", "looked_after_review", nth=2),
    "pathway_review_first": step("pathway_plan_reviewed", "involvement_started"),
    "pathway_review": step("pathway_plan_reviewed", "involvement_started", recurring=True),
    "care_leaver_visit": step(
        "home_visit", ("involvement_started", "home_visit"), recurring=True, home_visit=SEEN
    ),
    "eh_first_contact": step("contact_made", "allocated", nth=1),
    "eh_visit": step("home_visit", ("home_visit", "safety_plan_agreed"), nth=1, recurring=True),
    "first_taf": step("taf_meeting", "allocated", nth=1, assessment_completed={"kind": "early_help"}),
    "taf": step("taf_meeting", ("taf_meeting", "safety_plan_agreed"), nth=1, recurring=True),
    "supervision": step("supervision", ("involvement_started", "allocated"), nth=1, recurring=True),
    "foster_carer_visit": step(
        "foster_carer_visit",
        ("involvement_started", "placement_started"),
        recurring=True,
        placement_started={"kind": "foster"},
    ),
    "outcome_to_family": step(
        "outcome_shared_with_family",
        "legal_planning_meeting",
        outcome_shared_with_family={"method": "face_to_face"},
    ),
    "court_report": step("report_shared_with_family", "court_hearing", before=True),
    "document_to_family": step("document_shared_with_family", "involvement_started"),
    "care_plan": step("care_plan_completed", "placement_started"),
    "health_assessment": step("health_assessment", "became_looked_after"),
    "pep": step("personal_education_plan", "became_looked_after"),
    "connected_carer_assessment": step(
        "assessment_completed", "placement_started", assessment_completed={"kind": "fostering"}
    ),
}
# Steps no pack times yet: the demo's own pace, from statutory guidance and common practice.
PACE: dict[Step, tuple[int, Unit]] = {
    STEPS["feedback_to_referrer"]: (1, "working_days"),  # feedback to the referrer the next working day
    STEPS["allocation"]: (1, "working_days"),  # allocated the next working day
    STEPS["document_to_family"]: (5, "working_days"),  # plans and minutes to the family within a week
    STEPS["care_plan"]: (10, "working_days"),  # statutory: care plan within 10 working days of placement
    STEPS["health_assessment"]: (20, "working_days"),  # statutory: initial health assessment
    STEPS["pep"]: (20, "working_days"),  # statutory: personal education plan within 20 school days
    STEPS["connected_carer_assessment"]: (16, "weeks"),  # statutory: connected carers within 16 weeks
}


def report_before(meeting: str) -> Step:
    """The report shared with the family before a meeting."""
    return step("report_shared_with_family", meeting, before=True)


def next_working_day(day: date) -> date:
    """`day` if it is a working day, else the next one."""
    return day if is_working_day(day) else add_working_days(day, 1)


def working_day_on_or_before(day: date) -> date:
    return day if is_working_day(day) else subtract_working_days(day, 1)


def working_days_after(day: date, n: int) -> date:
    """The nth working day after `day` (before it when n < 0); n = 0 gives `day` or the next working day."""
    return add_working_days(day, n) if n else next_working_day(day)


@dataclass(frozen=True)
class Timing:
    """One rule's reading of a step: how long, in what unit, before or after, for which ages."""

    rule: str
    amount: int
    unit: Unit
    ages: tuple[float | None, float | None] | None
    first: tuple[int, Unit] | None = None  # a recurring step's first round, when the rule times it apart

    def fits(self, born: date | None, on: date) -> bool:
        if self.ages is None:
            return True
        if born is None:
            return False
        low, high = self.ages
        age = relativedelta(on, born)
        years = age.years + age.months / 12
        return (low is None or years >= low) and (high is None or years < high)


class Timescales:
    """The deadlines of the demo's steps for a council working to `pack`."""

    def __init__(self, *, pack: str) -> None:
        self.pack = pack
        self._own = loaded_pack(pack).pack.rules
        self._others: list[Rule] | None = None
        self._stages: dict[tuple[Step, str], tuple[tuple[Timing, ...], ...]] = {}
        self._readings: dict[tuple[Step, str, bool], tuple[bool, tuple[tuple[Timing, ...], ...]]] = {}
        self._days: dict[tuple[Step, str, bool, date], date] = {}

    def deadline(
        self, key: str | Step, start: date, *, service: str, born: date | None = None, first: bool = False
    ) -> date:
        """The last day on which the step, counted from `start`, is on time (before `start` for a step
        due before its trigger): the tightest deadline of the rules that time it for the child's age.
        `first`: the first round of a recurring step, counted from what starts it."""
        found = STEPS[key] if isinstance(key, str) else key
        readings = self._readings.get((found, service, first))
        if readings is None:
            readings = self._readings[(found, service, first)] = self._read(
                found, service=service, first=first
            )
        ages, stages = readings
        if not ages:  # the same for every child: worked out once for each day
            cached = self._days.get((found, service, first, start))
            if cached is None:
                cached = self._days[(found, service, first, start)] = self._tightest(
                    stages, found, start, None
                )
            return cached
        return self._tightest(stages, found, start, born)

    def _read(self, found: Step, *, service: str, first: bool) -> tuple[bool, tuple[tuple[Timing, ...], ...]]:
        """The step's readings, stage by stage, each as its first round or its later ones; whether any
        depends on the child's age."""
        stages = tuple(
            tuple(replace(t, amount=t.first[0], unit=t.first[1]) if first and t.first else t for t in stage)
            for stage in self.stages(found, service=service)
        )
        return any(t.ages for stage in stages for t in stage), stages

    def _tightest(
        self, stages: tuple[tuple[Timing, ...], ...], found: Step, start: date, born: date | None
    ) -> date:
        direction = "before" if found.before else "after"
        for stage in stages:
            days = [
                deadline_date(start, amount=t.amount, unit=t.unit, direction=direction)
                for t in stage
                if t.fits(born, start)
            ]
            if days:
                return min(days)
        if found not in PACE:
            raise LookupError(f"no pack times {found} and the demo has no pace for it")
        amount, unit = PACE[found]
        return deadline_date(start, amount=amount, unit=unit, direction=direction)

    def timings(self, found: Step, *, service: str) -> tuple[Timing, ...]:
        """The readings the step takes (whatever the child's age): the first stage that has any."""
        return next((stage for stage in self.stages(found, service=service) if stage), ())

    def stages(self, found: Step, *, service: str) -> tuple[tuple[Timing, ...], ...]:
        """The rules' readings of the step, nearest first: the council's own for the service area, the
        other packs' for it, any pack's for any service area."""
        cached = self._stages.get((found, service))
        if cached is None:
            cached = self._stages[(found, service)] = tuple(
                tuple(
                    _timing(r, found, deadline)
                    for r in rules
                    if (deadline := _reading(r, found, for_service)) is not None
                )
                for rules, for_service in (
                    (self._own, service),
                    (self.others(), service),
                    ((*self._own, *self.others()), None),
                )
            )
        return cached

    def others(self) -> list[Rule]:
        """The other packs' own rules, read the first time a step needs them."""
        if self._others is None:
            self._others = [
                rule for name in available_packs() if name != self.pack for rule in _own_rules(name)
            ]
        return self._others


def _own_rules(name: str) -> list[Rule]:
    """The rules a pack file writes itself (what it extends has its own file), read with libyaml where
    there is one: the demo reads every pack, and the pure-Python reader would double the build's time.
    A pack that does not validate is left out (`kinmap packs validate` names its problems)."""
    text = (packs_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    try:
        return Pack.model_validate(
            yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        ).rules
    except (yaml.YAMLError, ValidationError):
        return []


STARTED_IN = ("involvement_started", "service")  # the service area of the involvement the step is in


def _holds(event: str, where: dict[str, Any], facts: dict[tuple[str, str], Any]) -> bool:
    """Whether what the demo knows of an event meets a rule's condition on it (unknown: it does not)."""
    for name, wanted in where.items():
        if (event, name) not in facts:
            return False
        if facts[(event, name)] is not ANY and facts[(event, name)] not in (
            wanted if isinstance(wanted, list) else [wanted]
        ):
            return False
    return True


ANY = object()


def _reading(rule: Rule, found: Step, service: str | None) -> Deadline | None:
    """The deadline by which the rule times the step, if it does: it requires the step's event (alone,
    or as one way of meeting an `any_of`, by that way's own deadline), counted from the step's start,
    in the step's service area (any, when `service` is None)."""
    trigger = rule.trigger
    if service is not None and service not in rule.services:
        return None
    if trigger.event is None:  # an age starts the clock: not a journey step
        return None
    starts = (trigger.event, *trigger.also_events)
    clocks = (trigger.clock_from.event,) if trigger.clock_from else starts
    if not set(clocks) & set(found.after) or (trigger.nth is not None and trigger.nth != found.nth):
        return None
    facts: dict[tuple[str, str], Any] = {(event, name): value for event, name, value in found.facts}
    facts[STARTED_IN] = service if service is not None else ANY
    known = {event for event, _ in facts} | set(found.after)
    start = next((e for e in starts if e in known and _holds(e, trigger.where, facts)), None)
    if start is None:
        return None
    if trigger.clock_from is not None and not _holds(clocks[0], trigger.clock_from.where, facts):
        return None
    ways = [w for need in rule.requires for w in (need.any_of if isinstance(need, AnyOf) else [need])]
    for way in ways:
        if way.event != found.does or not _holds(way.event, way.where, facts):
            continue
        deadline = way.deadline or rule.deadline
        if (deadline.direction == "before") != found.before:
            continue
        if deadline.unit == "same_day" or (deadline.amount == 0 and not found.before):
            continue  # on the day: done alongside, not a step with a timescale
        if found.recurring and rule.recurrence is None and start != found.does:
            continue
        return deadline
    return None


def _timing(rule: Rule, found: Step, deadline: Deadline) -> Timing:
    ages = (rule.ages.from_years, rule.ages.to_years) if rule.ages else None
    first = (deadline.amount, deadline.unit)
    if found.recurring and rule.recurrence is not None:
        return Timing(rule.id, rule.recurrence.every, rule.recurrence.unit, ages, first)
    return Timing(rule.id, *first, ages)
