"""Children's journeys for the demo council: two years of involvements, transfers and events.

Each family follows one path (early help, assessment, child in need, child protection, looked after,
care leaver, fostering, adoption, youth justice, disabilities, edge of care, no recourse to public
funds, or no further action at the front door), with the steps the handbooks expect and the time
they allow: each step's timescale is the council's pack's, on the engine's calendar (see
kinmap.demo.timescales; the row numbers in brackets are the crosswalk's, research Part B).

Each step is done in time with the team's timeliness (about three times in four), otherwise late,
and now and then not at all (a recurring visit then comes a cycle late). Nothing is recorded after
the as-of date except conferences and reviews already booked, so the rules engine finds work met,
met late, due and overdue.

Brothers and sisters share their family's journey: every decision about the family is drawn from the
family's random stream (`fam`, seeded alike for each child), and what differs between children (their
age, whether they were seen alone, health assessments) from the child's own (`own`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, Final

from dateutil.relativedelta import relativedelta

from kinmap.councils.models import StaffMember, Team
from kinmap.demo.batch import Batch, EventRow, add_version, stamp
from kinmap.demo.families import Family, FamilyMaker, moment
from kinmap.demo.timescales import Timescales, report_before, working_day_on_or_before, working_days_after
from kinmap.journey.models import Involvement, Transfer
from kinmap.people.models import Child, Household, Person
from kinmap.rules.deadlines import Unit, deadline_date

# Units of the demo's own pace, where a step has no timescale in any pack (kinmap.demo.timescales).
WD: Final = "working_days"
DAYS: Final = "calendar_days"
WEEKS: Final = "weeks"
MONTHS: Final = "months"
MISSED_SHARE = 0.2  # of the steps not done on time, the share not done at all
BOOKED_AHEAD = timedelta(days=30)  # conferences and reviews are booked this far ahead

REFERRERS = (
    "School",
    "Police",
    "Health visitor",
    "GP",
    "Hospital",
    "Midwife",
    "Neighbour",
    "Relative",
    "Anonymous",
    "Housing officer",
    "Parent",
)
URGENT_REFERRERS = ("Police", "School", "Hospital", "Ambulance service")


def later(day: date, amount: int, unit: Unit) -> date:
    """`amount` of `unit` after `day` (before it when negative), on the engine's calendar."""
    return deadline_date(day, amount=abs(amount), unit=unit, direction="after" if amount >= 0 else "before")


# A step's timescale: its name in kinmap.demo.timescales.STEPS (the council's pack times it), or the
# demo's own pace for a step no rule is about (an amount and a unit).
Timescale = str | tuple[int, Unit]


@dataclass
class Staffing:
    """The council's teams by kind, who works in each, and how timely each team is."""

    teams: dict[str, list[Team]]
    practitioners: dict[int, list[StaffMember]]
    managers: dict[int, StaffMember]
    chairs: list[StaffMember]
    timeliness: dict[int, float]
    carers: list[tuple[Household, list[Person]]]
    children_homes: list[Household]
    # The sign-in practitioners and their teams, by kind of team: showcase families go to them.
    showcase: dict[str, tuple[Team, StaffMember]]


VISIT_NOTES = {
    "alone": (
        "Saw {name} on their own in their room; we talked about school and what makes a good day.",
        "{name} showed me their drawings and talked with me on their own about home.",
        "Walked to the park with {name} and talked about how things have been.",
    ),
    "seen": (
        "Saw {name} with the family; everyone talked about the plan and what has gone well.",
        "{name} was playing when I arrived; talked with mum about the week.",
        "Saw {name} at teatime; the house was calm and warm.",
    ),
    "not_seen": (
        "{name} was at a friend's; talked with mum about the plan. Will visit again this week.",
        "Nobody answered; left a card and rang mum, who said {name} was at nan's.",
    ),
}
MEETING_NOTES = {
    "family_network_meeting": "The family and their network agreed who will do what to keep {name} safe.",
    "core_group_meeting": "Core group: shared the danger statements and goals and scaled progress together.",
    "care_team_meeting": "Care team: worry statements and goals shared; everyone scaled where things are.",
    "taf_meeting": "Team around the family: the family's plan reviewed and scaled.",
    "cin_review": "Child in need review: the plan and timeline reviewed with the family.",
    "looked_after_review": "{name}'s review: the care plan and how {name} is getting on.",
    "strategy_discussion": "Strategy discussion with police, health and school.",
}


# What is done at each kind of meeting, on the day (the handbooks' common practice: scaling at every
# meeting with the family, statements shared at the start, the plan and timeline reviewed, the
# seven domains mapped in meetings that decide).
AT_MEETING: dict[str, tuple[tuple[str, dict], ...]] = {
    "taf_meeting": (("scaling_recorded", {}), ("mapping_completed", {"with": "meeting"})),
    "care_team_meeting": (
        ("statements_shared", {}),
        ("scaling_recorded", {}),
        ("mapping_completed", {"with": "meeting"}),
    ),
    "core_group_meeting": (("statements_shared", {}), ("scaling_recorded", {})),
    "cin_review": (("scaling_recorded", {}), ("safety_plan_reviewed", {}), ("timeline_reviewed", {})),
    "family_network_meeting": (("statements_shared", {"with_network": True}), ("scaling_recorded", {})),
    "initial_child_protection_conference": (
        ("statements_agreed", {}),
        ("scaling_recorded", {}),
        ("mapping_completed", {"with": "meeting"}),
        ("safety_plan_agreed", {"with_network": True}),
        ("safety_plan_reviewed", {}),
        ("timeline_reviewed", {}),
        ("timeline_to_closure_drafted", {"weeks": 12}),
    ),
    "review_child_protection_conference": (
        ("statements_agreed", {}),
        ("scaling_recorded", {}),
        ("mapping_completed", {"with": "meeting"}),
        ("safety_plan_reviewed", {}),
        ("timeline_reviewed", {}),
    ),
    "looked_after_review": (("scaling_recorded", {}), ("mapping_completed", {"with": "meeting"})),
    "strategy_discussion": (("mapping_completed", {"with": "meeting"}), ("scaling_recorded", {})),
    "legal_planning_meeting": (("mapping_completed", {"with": "meeting"}),),
    "placement_stability_meeting": (
        ("mapping_completed", {"with": "meeting"}),
        ("safety_plan_agreed", {}),
        ("safer_caring_plan_agreed", {}),
    ),
    "placement_planning_meeting": (("safer_caring_plan_agreed", {}),),
}


class Track:
    """One child's journey being written into a batch."""

    def __init__(
        self,
        *,
        staffing: Staffing,
        timescales: Timescales,
        batch: Batch,
        families: FamilyMaker,
        family: Family,
        person: Person,
        child: Child,
        fam_seed: int,
        index: int,
        as_of: date,
        wants: frozenset[str] = frozenset(),
    ) -> None:
        self.staffing = staffing
        self.timescales = timescales
        self.batch = batch
        self.families = families
        self.family = family
        self.person = person
        self.child = child
        self.as_of = as_of
        self.wants = wants
        self.fam = random.Random(fam_seed)
        self.own = random.Random(fam_seed * 1_000_003 + index)
        self.dob = person.date_of_birth
        self.name = person.first_name if self.dob else "the baby"
        self.done: set[str] = set()
        self.chair: StaffMember | None = None

    # --- time ------------------------------------------------------------------------------------

    def timely(
        self,
        start: date,
        deadline: date,
        *,
        p: float,
        rng: random.Random | None = None,
        may_miss: bool = True,
        eager: float = 0.0,
    ) -> date | None:
        """When a step due between `start` and `deadline` happened: on time with chance p, otherwise late,
        or (if it may be missed) not at all."""
        rng = rng or self.fam
        deadline = max(deadline, start)
        roll = rng.random()
        span = (deadline - start).days
        if roll < p:
            low = start + timedelta(days=int(span * eager))
            pick = low + timedelta(days=rng.randint(0, (deadline - low).days))
            day = working_day_on_or_before(pick)
            if day < low:
                day = working_days_after(low, 0)
            return day if day <= deadline else pick
        if roll < p + (1 - p) * (1 - MISSED_SHARE) or not may_miss:
            return working_days_after(deadline + timedelta(days=rng.randint(1, max(3, span // 2 + 2))), 0)
        return None

    def within(
        self,
        inv: Involvement,
        start: date,
        key: Timescale,
        *,
        rng: random.Random | None = None,
        may_miss: bool = True,
    ) -> date | None:
        return self.timely(start, self.due(inv, start, key), p=inv._p, rng=rng, may_miss=may_miss)

    def due(self, inv: Involvement, start: date, key: Timescale, *, first: bool = False) -> date:
        """The step's deadline counted from `start`: the council's pack's, or the demo's own pace."""
        if isinstance(key, tuple):
            return later(start, *key)
        return self.timescales.deadline(key, start, service=inv.service_area, born=self.dob, first=first)

    def surely(
        self, inv: Involvement, start: date, key: Timescale, *, rng: random.Random | None = None
    ) -> date:
        """A step that always happens, on time or late (a decision, a conference)."""
        day = self.within(inv, start, key, rng=rng, may_miss=False)
        assert day is not None
        return day

    def repeat(
        self,
        inv: Involvement,
        start: date,
        every: Timescale,
        until: date,
        do: Callable[[date], Any],
        *,
        rng: random.Random | None = None,
        from_trigger: bool = False,
    ) -> date | None:
        """Do something at least every `every` from `start` until `until`; returns the last date done.
        `from_trigger`: `start` is what the pack counts the first round from (its first deadline)."""
        prev, last = start, None
        while True:
            deadline = self.due(inv, prev, every, first=from_trigger and last is None)
            day = self.timely(prev + timedelta(days=1), deadline, p=inv._p, rng=rng, eager=0.5)
            if day is None:  # this one was missed: the next comes a cycle late
                day = self.timely(deadline, self.due(inv, deadline, every), p=1.0, rng=rng, eager=0.5)
                assert day is not None
            if day > until:
                return last
            do(day)
            prev = last = day

    def age_on(self, day: date) -> int:
        return relativedelta(day, self.dob).years if self.dob else -1

    def birthday(self, years: int, months: int = 0) -> date | None:
        return self.dob + relativedelta(years=years, months=months) if self.dob else None

    def clock(self, rng: random.Random | None = None, *, start: int = 9, end: int = 16) -> time:
        rng = rng or self.own
        return time(rng.randint(start, end), rng.choice((0, 15, 30, 45)))

    # --- records ---------------------------------------------------------------------------------

    def team(self, kind: str) -> Team:
        if "showcase" in self.wants and kind in self.staffing.showcase:
            return self.staffing.showcase[kind][0]
        teams = self.staffing.teams[kind]
        if kind == "early_help":
            return teams[0] if self.family.north else teams[-1]
        return self.fam.choice(teams)

    def lead_on(self, inv: Involvement, day: date) -> StaffMember:
        lead = inv._leads[0][1]
        for since, staff in inv._leads:
            if since <= day:
                lead = staff
        return lead

    def manager(self, inv: Involvement) -> StaffMember:
        return self.staffing.managers[inv.team.pk]

    def event(
        self,
        type_: str,
        on: date | None,
        inv: Involvement,
        attrs: dict | None = None,
        *,
        at: time | None = None,
        refers_to: EventRow | None = None,
        by: StaffMember | None = None,
        booked: bool = False,
    ) -> EventRow | None:
        """Record an event, unless it has not happened by the as-of date (a booked meeting may be ahead)."""
        if on is None or on > self.as_of and not (booked and on <= self.as_of + BOOKED_AHEAD):
            return None
        attributes = {k: v for k, v in (attrs or {}).items() if v is not None}
        staff = by or self.lead_on(inv, on)
        if on > self.as_of:
            recorded = moment(self.as_of - timedelta(days=self.own.randint(1, 10)), 11)
        else:
            lag = min(self.own.choice((0, 0, 0, 1, 1, 2, 4)), (self.as_of - on).days)
            recorded = moment(on + timedelta(days=lag), 17 if not lag else 10, self.own.randint(0, 59))
        if refers_to is not None:
            refers_to.referred_to = True
        event = EventRow(
            child=self.child,
            involvement=inv,
            type=type_,
            occurred_on=on,
            occurred_at_time=at,
            attributes=attributes,
            refers_to=refers_to,
            summary=self._summary(type_, attributes),
            recorded_by=staff.user,
            recorded_at=recorded,
        )
        self.batch.events.append(event)
        return event

    def _summary(self, type_: str, attributes: dict) -> str:
        if type_ == "home_visit":
            seen = (
                "alone"
                if attributes.get("child_seen_alone")
                else ("seen" if attributes.get("child_seen") else "not_seen")
            )
            return self.own.choice(VISIT_NOTES[seen]).format(name=self.name)
        note = MEETING_NOTES.get(type_)
        return note.format(name=self.name) if note else ""

    def open(
        self,
        service: str,
        team: Team,
        on: date,
        *,
        after: Involvement | None = None,
        lead: StaffMember | None = None,
        rng: random.Random | None = None,
    ) -> Involvement | None:
        """Start an involvement; coming from another team, with a transfer meeting and a 'transfer' event."""
        if on > self.as_of:
            return None
        rng = rng or self.fam
        showcase = (
            {t: staff for t, staff in self.staffing.showcase.values()} if "showcase" in self.wants else {}
        )
        lead = lead or showcase.get(team) or rng.choice(self.staffing.practitioners[team.pk])
        moving = after is not None and after.team != team
        if moving:
            assert after is not None
            self.handover(after, on)
            meeting = max(after.started_on, working_days_after(on, -rng.randint(0, 3)))
            self.event("transfer_meeting", meeting, after, at=self.clock(rng))
        inv = Involvement(
            child=self.child, service_area=service, team=team, lead_practitioner=lead, started_on=on
        )
        stamp(inv, at=moment(on, 9, 15), user=lead.user)
        inv._p = self.staffing.timeliness[team.pk]
        inv._leads = [(on, lead)]
        add_version(inv, at=moment(on, 9, 15), user=lead.user, reason="Started")
        self.batch.involvements.append(inv)
        if moving:
            assert after is not None
            transfer = self.event("transfer", on, inv, {"from_team": after.team.name, "to_team": team.name})
            self.explain_transfer(inv, transfer, on)
        return inv

    def close(
        self,
        inv: Involvement,
        on: date,
        reason: str,
        *,
        closure: bool = False,
        network_plan: bool | None = None,
    ) -> bool:
        """End an involvement if that has happened by the as-of date; `closure` ends all work with them."""
        if on > self.as_of or inv.ended_on is not None:
            return False
        on = max(on, inv.started_on)
        if closure and inv.service_area not in ("first_contact", "youth_justice", "adoption"):
            self.closing(inv, on)
        inv.ended_on, inv.end_reason = on, reason
        add_version(inv, at=moment(on, 16, 30), user=self.lead_on(inv, on).user, reason=reason)
        if closure:
            self.event("closure", on, inv, {"reason": reason, "network_plan_in_place": network_plan})
        return True

    def move(
        self, inv: Involvement, on: date, *, to_team: Team, reason: str, rng: random.Random | None = None
    ) -> None:
        """Move an open involvement to another team or practitioner: a Transfer and a 'transfer' event."""
        if on > self.as_of or on <= inv.started_on:
            return
        rng = rng or self.fam
        self.handover(inv, on)
        others = [s for s in self.staffing.practitioners[to_team.pk] if s != inv.lead_practitioner]
        to_lead = rng.choice(others) if others else inv.lead_practitioner
        manager = self.staffing.managers[to_team.pk]
        self.event(
            "transfer_meeting",
            max(inv.started_on, working_days_after(on, -rng.randint(1, 5))),
            inv,
            at=self.clock(rng),
        )
        self.batch.transfers.append(
            Transfer(
                involvement=inv,
                transferred_on=on,
                from_team=inv.team,
                to_team=to_team,
                from_practitioner=inv.lead_practitioner,
                to_practitioner=to_lead,
                reason=reason,
                recorded_by=manager.user,
                recorded_at=moment(on, 14),
            )
        )
        transfer = self.event(
            "transfer", on, inv, {"from_team": inv.team.name, "to_team": to_team.name}, by=manager
        )
        self.explain_transfer(inv, transfer, on)
        inv.team, inv.lead_practitioner = to_team, to_lead
        inv._p = self.staffing.timeliness[to_team.pk]
        inv._leads.append((on, to_lead))
        add_version(inv, at=moment(on, 14), user=manager.user, reason=reason)

    def move_home(self, home: Household, on: date, *, reason: str, user) -> None:
        """The child lives somewhere new from `on`; their record keeps where they lived before."""
        person = self.person
        if "_versions" not in person.__dict__:
            add_version(person, at=person.created_at, user=person.created_by, reason="Added")
        person.household = home
        add_version(person, at=moment(on, 15), user=user, reason=reason)

    # --- what practitioners do ----------------------------------------------------------------------

    def visit(
        self, inv: Involvement, on: date | None, *, location: str = "home", safety_worries: bool | None = None
    ) -> EventRow | None:
        if on is None:
            return None
        self.done.add("visited")
        seen = self.dob is not None and self.own.random() < 0.93
        alone = seen and self.age_on(on) >= 5 and self.own.random() < 0.55
        return self.event(
            "home_visit",
            on,
            inv,
            {
                "child_seen": seen,
                "child_seen_alone": alone,
                "location": location,
                "announced": self.own.random() < 0.85,
                "safety_worries": safety_worries,
            },
            at=self.clock(),
        )

    def supervision(self, inv: Involvement, on: date) -> None:
        self.event("supervision", on, inv, {"kind": "individual"}, by=self.manager(inv), at=self.clock())

    def direct_work(self, inv: Involvement, start: date, until: date, *, same_day: bool = False) -> None:
        age = self.age_on(start)
        if age < 3:
            return
        tool = self.tool(start)
        deadline = start if same_day else start + timedelta(days=21)
        day = self.timely(start, deadline, p=inv._p, rng=self.own)
        if day is not None and day <= until:
            self.event(
                "direct_work",
                day,
                inv,
                {"tool": tool, "shared_with_parents": self.own.random() < 0.6},
                at=self.clock(),
            )

    def words_and_pictures(self, inv: Involvement, start: date, until: date) -> None:
        if self.age_on(start) < 3 or self.own.random() < 0.5:
            return
        day = self.timely(start, start + timedelta(weeks=8), p=inv._p, rng=self.own)
        if day is not None and day <= until:
            self.event(
                "words_and_pictures_shared", day, inv, {"read_to_child_by_parent": self.own.random() < 0.7}
            )

    def alongside(
        self,
        inv: Involvement,
        on: date | None,
        type_: str,
        attrs: dict | None = None,
        *,
        rng: random.Random | None = None,
        by: StaffMember | None = None,
    ) -> EventRow | None:
        """Something that belongs with what happened on `on`: done the same day, or later, or not at all."""
        if on is None or on > self.as_of:
            return None
        return self.event(type_, self.timely(on, on, p=inv._p, rng=rng), inv, attrs, by=by)

    def beforehand(
        self,
        inv: Involvement,
        on: date | None,
        type_: str,
        attrs: dict | None = None,
        *,
        earliest: date | None = None,
        rng: random.Random | None = None,
        by: StaffMember | None = None,
    ) -> EventRow | None:
        """Something that should be done by `on` (from `earliest`): in time, late, or not at all."""
        if on is None:
            return None
        earliest = min(earliest or working_days_after(on, -5), on)
        return self.event(type_, self.timely(earliest, on, p=inv._p, rng=rng), inv, attrs, by=by)

    def meeting(
        self,
        type_: str,
        on: date | None,
        inv: Involvement,
        attrs: dict | None = None,
        *,
        by: StaffMember | None = None,
        booked: bool = False,
    ) -> EventRow | None:
        """A meeting, and what is done at it (AT_MEETING)."""
        event = self.event(type_, on, inv, attrs, at=self.clock(start=10, end=16), by=by, booked=booked)
        if event is not None and on is not None and on <= self.as_of:
            well_run = self.fam.random() < inv._p  # then everything is done on the day
            for companion, companion_attrs in AT_MEETING.get(type_, ()):
                if well_run:
                    self.event(companion, on, inv, companion_attrs)
                else:
                    self.alongside(inv, on, companion, companion_attrs)
        return event

    def network_meeting(
        self,
        inv: Involvement,
        on: date | None,
        *,
        rapid: bool = False,
        review: bool = False,
        safety_plan_made: bool = False,
    ) -> EventRow | None:
        first = f"network_meeting:{id(inv)}" not in self.done
        event = self.meeting(
            "family_network_meeting",
            on,
            inv,
            {"rapid": rapid, "review": review, "safety_plan_made": safety_plan_made},
        )
        if event is None:
            return None
        self.done.add(f"network_meeting:{id(inv)}")
        if first:
            self.alongside(inv, on, "statements_agreed")
        if safety_plan_made:
            self.alongside(inv, on, "safety_plan_agreed", {"with_network": True})
            self.done.add("network_plan")
        if review:
            for companion in ("safety_plan_reviewed", "timeline_reviewed", "safety_journal_reviewed"):
                self.alongside(inv, on, companion)
        return event

    def first_visit(
        self,
        inv: Involvement,
        on: date,
        *,
        safety_worries: bool | None = None,
        information: tuple[str, ...] = ("recording_and_complaints", "practitioner_contact_details"),
        leaflet: bool = True,
    ) -> None:
        """The first visit: the file read first, then what the family is given and what is started."""
        self.beforehand(inv, on, "chronology_updated", earliest=inv.started_on)
        visit = self.visit(inv, on, safety_worries=safety_worries)
        if visit is None:
            return
        given = [("information_given_to_family", {"information": what}) for what in information]
        given += [("leaflet_given", {"leaflet": "service"})] if leaflet else []
        given += [
            ("statements_shared", {"with_network": False}),
            ("genogram_completed", {}),
            ("ecomap_completed", {}),
        ]
        well_done = self.fam.random() < inv._p  # then all of it on the day
        for type_, attrs in given:
            if well_done:
                self.event(type_, on, inv, attrs)
            else:
                self.alongside(inv, on, type_, attrs)
        self.done.add("genogram")
        if visit.attributes.get("child_seen") and self.age_on(on) >= 3:
            self.direct_work(inv, on, on, same_day=True)
        if safety_worries:
            self.alongside(inv, on, "management_oversight", by=self.manager(inv))
            if inv.service_area in ("assessment", "nrpf"):
                self.alongside(inv, on, "safety_plan_agreed", {"with_network": False})

    def handover(self, inv: Involvement, on: date) -> None:
        """What is ready before a child moves on (transfer, step up or down): a plan the network holds,
        the map, the timeline and the chronology (KNW, LEI, BEX, NLD)."""
        self.beforehand(inv, on, "mapping_completed", {"with": "family"}, earliest=inv.started_on)
        self.beforehand(
            inv,
            on,
            "timeline_to_closure_drafted",
            {"weeks": self.fam.choice((12, 16, 26))},
            earliest=inv.started_on,
        )
        self.beforehand(inv, on, "chronology_updated", earliest=inv.started_on)
        if "network_plan" not in self.done or self.fam.random() < 0.5:
            self.network_meeting(
                inv,
                self.timely(max(inv.started_on, working_days_after(on, -15)), on, p=inv._p),
                safety_plan_made=True,
            )

    def explain_transfer(self, inv: Involvement, transfer: EventRow | None, on: date) -> None:
        """The child and family told why, when and who, with the new worker's name and number."""
        if transfer is None:
            return
        day = self.timely(working_days_after(on, -3), on, p=inv._p)
        self.event(
            "transfer_explained",
            day,
            inv,
            {"new_worker_contact_given": self.fam.random() < 0.9},
            refers_to=transfer,
        )

    def closing(self, inv: Involvement, on: date) -> None:
        """Before the work ends: a last network meeting, words and pictures, the plan the network keeps."""
        earliest = max(inv.started_on, on - timedelta(weeks=6))
        self.network_meeting(inv, self.timely(earliest, on, p=inv._p), review=True, safety_plan_made=True)
        if self.age_on(on) >= 3:
            self.beforehand(
                inv,
                on,
                "words_and_pictures_shared",
                {"read_to_child_by_parent": True},
                earliest=earliest,
                rng=self.own,
            )
        self.beforehand(inv, on, "timeline_to_closure_drafted", {"weeks": 6}, earliest=earliest)
        if inv.service_area == "early_help":
            self.beforehand(inv, on, "ending_meeting", earliest=earliest)
            self.beforehand(inv, on, "closure_letter_sent", earliest=on)

    def outcome_to_family(self, inv: Involvement, meeting: EventRow | None, on: date, *, method: str) -> None:
        if meeting is None or on > self.as_of:
            return
        day = self.timely(on, on, p=inv._p)
        if day is not None:
            self.event("outcome_shared_with_family", day, inv, {"method": method}, refers_to=meeting)

    def report_before(
        self,
        inv: Involvement,
        meeting: EventRow | None,
        on: date,
        *,
        type_: str = "report_shared_with_family",
        key: str | None = None,
        attrs: dict | None = None,
    ) -> None:
        """A report for a meeting, shared in time before it (or late, or not at all): as long before as the
        council's pack asks for a report before that kind of meeting."""
        if meeting is None:
            return
        step = key or report_before(meeting.type)
        deadline = self.timescales.deadline(step, on, service=inv.service_area, born=self.dob)
        roll = self.fam.random()
        if roll < inv._p:
            day = (
                working_days_after(deadline, -self.fam.randint(0, 3)) if self.fam.random() < 0.6 else deadline
            )
        elif roll < inv._p + (1 - inv._p) * (1 - MISSED_SHARE):
            day = on - timedelta(days=self.fam.randint(0, max(0, (on - deadline).days - 1)))
        else:
            return
        if day <= self.as_of:
            self.event(type_, day, inv, attrs, refers_to=meeting)

    def family_calls(self, inv: Involvement, start: date, until: date) -> None:
        for _ in range(self.fam.randint(0, 3)):
            day = working_days_after(
                start + timedelta(days=self.fam.randint(0, max(0, (until - start).days))), 0
            )
            at = time(self.fam.randint(9, 15), self.fam.choice((0, 15, 30, 45)))
            call = self.event("family_call_received", day, inv, at=at) if day <= until else None
            if call is None:
                continue
            roll = self.fam.random()
            if roll < inv._p:  # within 24 hours
                back_day, back_at = (
                    (day, time(at.hour + 1, at.minute))
                    if self.fam.random() < 0.6
                    else (day + timedelta(days=1), time(9, 30))
                )
            elif roll < inv._p + (1 - inv._p) * (1 - MISSED_SHARE):
                back_day, back_at = working_days_after(day, self.fam.randint(2, 3)), time(11, 0)
            else:
                continue
            self.event("family_call_returned", back_day, inv, at=back_at, refers_to=call)

    def supervise(self, inv: Involvement, start: date, until: date) -> None:
        """Supervision as often as the pack asks for the service area, and the case summary kept up to
        date every three months (R&C)."""
        self.repeat(inv, start, "supervision", until, lambda d: self.supervision(inv, d), from_trigger=True)
        self.repeat(inv, start, (3, MONTHS), until, lambda d: self.event("case_summary_updated", d, inv))

    # --- the front door ------------------------------------------------------------------------

    def front_door(
        self, contact_on: date, decision: str, *, sources: tuple[str, ...] = REFERRERS
    ) -> tuple[Involvement, date, date]:
        """Contact, referral (when it becomes one) and the decision. Returns the first contact
        involvement, the referral date (or the contact date) and the decision date."""
        fc = self.open("first_contact", self.staffing.teams["front_door"][0], contact_on)
        assert fc is not None
        source = self.fam.choice(sources)
        self.event("contact_received", contact_on, fc, {"source": source}, at=self.clock(self.fam))
        referral_on = contact_on
        if decision in ("assessment", "strategy_discussion"):
            referral_on = contact_on if self.fam.random() < 0.7 else working_days_after(contact_on, 1)
            self.event(
                "referral_received",
                referral_on,
                fc,
                {
                    "source": source,
                    "family_aware": self.fam.random() < 0.85,
                    "consent_given": self.fam.random() < 0.7,
                },
            )
        decided = self.surely(fc, referral_on, "referral_decision")
        if decision != "no_further_action":  # NLD, KNW: the referral is mapped before the decision
            self.beforehand(fc, decided, "mapping_completed", {"with": "practitioner"}, earliest=contact_on)
        self.event("referral_decision", decided, fc, {"decision": decision})
        self.event("feedback_to_referrer", self.within(fc, decided, "feedback_to_referrer"), fc)
        return fc, referral_on, decided

    # --- assessment, strategy and section 47 ---------------------------------------------------------

    def start_assessment(
        self,
        referral_on: date,
        decided: date,
        *,
        worries: bool,
        service: str = "assessment",
        team: Team | None = None,
        network: str | None = "fnm",
        first_visit: bool = True,
    ) -> tuple[Involvement, date] | None:
        """Open an assessment from the referral (its 45 working days run from there): allocation, the
        first visit, genogram, mapping, direct work and, where worries are confirmed, a network meeting."""
        inv = self.open(service, team or self.team("assessment"), referral_on)
        if inv is None:
            return None
        allocated = self.surely(inv, max(decided, referral_on), "allocation")
        self.event("allocated", allocated, inv, {"practitioner": inv.lead_practitioner.pk})
        self.event("assessment_started", allocated, inv, {"kind": "child_and_family"})
        self.event("management_oversight", allocated, inv, by=self.manager(inv))
        self.alongside(inv, allocated, "supervision", {"kind": "individual"}, by=self.manager(inv))
        self.beforehand(inv, referral_on, "chronology_updated", earliest=referral_on)
        first = self.surely(inv, referral_on, "first_visit") if first_visit else allocated
        if first_visit:
            information = {
                "assessment": ("recording_and_complaints", "practitioner_contact_details"),
                "nrpf": ("how_we_work", "rights_and_entitlements"),
            }.get(service, ("how_we_work",))
            self.first_visit(
                inv, first, safety_worries=worries, information=information, leaflet=service == "assessment"
            )
        if "genogram" not in self.done:
            self.event("genogram_completed", self.within(inv, first, (10, WD)), inv)
            self.done.add("genogram")
        self.direct_work(inv, first, self.as_of)
        self.event("mapping_completed", self.within(inv, first, (15, WD)), inv, {"with": "family"})
        if network and (worries or network == "cwd_fnm"):
            self.network_meeting(
                inv, self.within(inv, allocated, network), rapid=False, review=False, safety_plan_made=worries
            )
        return inv, first

    def finish_assessment(
        self,
        inv: Involvement,
        referral_on: date,
        first: date,
        *,
        worries: bool,
        kind: str = "child_and_family",
        by: date | None = None,
    ) -> date:
        """Visits while the assessment lasts, then its completion, shared with the family."""
        done = by or max(self.surely(inv, referral_on, "assessment"), first + timedelta(days=7))
        self.repeat(inv, first, "cp_visit", min(done, self.as_of), lambda d: self.visit(inv, d))
        self.beforehand(inv, done, "chronology_completed", earliest=first)
        self.event("assessment_completed", done, inv, {"kind": kind, "safety_worries": worries})
        self.event(
            "document_shared_with_family",
            self.within(inv, done, "document_to_family"),
            inv,
            {"document": "assessment"},
        )
        self.event("management_oversight", done, inv, by=self.manager(inv))
        return done

    def assessment(
        self, referral_on: date, decided: date, *, worries: bool, **kwargs: Any
    ) -> tuple[Involvement, date] | None:
        started = self.start_assessment(referral_on, decided, worries=worries, **kwargs)
        if started is None:
            return None
        inv, first = started
        return inv, self.finish_assessment(inv, referral_on, first, worries=worries)

    def enquiry(
        self, inv: Involvement, held_in: Involvement, strategy_on: date, *, substantiated: bool = True
    ) -> date | None:
        """Strategy discussion, rapid network meeting, section 47 enquiry and (if the worries are
        substantiated) the initial conference with its prerequisites. Returns the conference date."""
        strategy = self.meeting(
            "strategy_discussion",
            strategy_on,
            held_in,
            {
                "agencies": self.fam.choices((1, 2, 3, 4), (5, 30, 45, 20))[0],
                "family_informed": self.fam.random() < 0.85,
                "outcome": "section_47",
            },
        )
        if strategy is None:
            return None
        roll = self.fam.random()  # [16] a rapid network meeting the same day
        rapid_on = strategy_on if roll < 0.7 else working_days_after(strategy_on, 1) if roll < 0.9 else None
        self.network_meeting(
            held_in if rapid_on == strategy_on else inv,
            rapid_on,
            rapid=True,
            review=False,
            safety_plan_made=True,
        )
        self.outcome_to_family(held_in, strategy, strategy_on, method="phone")
        self.event("section_47_started", strategy_on, inv)
        seen = self.surely(inv, strategy_on, "s47_visit")
        if "visited" in self.done:
            self.visit(inv, seen, safety_worries=True)
        else:
            self.first_visit(inv, seen, safety_worries=True)
        s47_done = self.surely(inv, strategy_on, "s47")
        conference_on = max(self.surely(inv, strategy_on, "icpc"), s47_done)
        if not substantiated:
            self.event("section_47_completed", s47_done, inv, {"outcome": "child_in_need"})
            return None
        self.event("section_47_completed", s47_done, inv, {"outcome": "concerns_substantiated_icpc"})
        # What must be ready before the conference (NLD, KNW): mapping, a network plan, a timeline.
        before = (seen, working_days_after(conference_on, -1))
        self.event("mapping_completed", self.timely(*before, p=inv._p), inv, {"with": "family"})
        if "network_plan" not in self.done:
            self.network_meeting(
                inv, self.timely(*before, p=inv._p), rapid=False, review=False, safety_plan_made=True
            )
        self.event("timeline_to_closure_drafted", self.timely(*before, p=inv._p), inv, {"weeks": 12})
        self.chair = self.fam.choice(self.staffing.chairs)
        self.conference(inv, "initial_child_protection_conference", conference_on, "child_protection_plan")
        return conference_on if conference_on <= self.as_of else None

    def conference(self, inv: Involvement, type_: str, on: date, outcome: str) -> EventRow | None:
        """A child protection conference: the chair's consultation and pre-meeting with the family, the
        child's and family's preparation and the report shared before, the outcome told after."""
        held = on <= self.as_of
        self.event(
            "chair_consultation",
            working_days_after(on, -self.fam.randint(1, 4)),
            inv,
            by=self.chair,
            at=self.clock(self.fam),
        )
        if self.age_on(on) >= 3:
            self.beforehand(
                inv,
                on,
                "direct_work",
                {"tool": self.tool(on), "shared_with_parents": True},
                earliest=on - timedelta(days=15),
                rng=self.own,
            )
        self.beforehand(inv, on, "chronology_updated", earliest=on - timedelta(days=15))
        self.alongside(inv, on, "chair_pre_meeting", {"with": "family"}, by=self.chair)
        conference = self.meeting(
            type_, on, inv, {"outcome": outcome} if held else {}, by=self.chair, booked=True
        )
        if conference is None:
            return None
        prepared = self.timely(on - timedelta(days=10), working_days_after(on, -1), p=inv._p)
        if prepared is not None and prepared <= self.as_of:
            self.event(
                "prepared_for_meeting",
                prepared,
                inv,
                {"by": "social_worker", "with": "child_and_family"},
                refers_to=conference,
            )
        self.report_before(inv, conference, on, attrs={"authorised": self.fam.random() < 0.9})
        if held:
            self.outcome_to_family(inv, conference, on, method="face_to_face")
        return conference

    def tool(self, on: date) -> str:
        age = self.age_on(on)
        return "wizard_and_fairy" if age < 8 else "three_houses" if age < 13 else "my_world"

    # --- paths -----------------------------------------------------------------------------------

    def path_front_door(self, contact_on: date) -> None:
        decision = self.fam.choice(("no_further_action", "information_and_advice"))
        fc, _, decided = self.front_door(contact_on, decision)
        reason = "No further action" if decision == "no_further_action" else "Information and advice given"
        self.close(fc, decided, reason, closure=True)

    def path_early_help(self, contact_on: date) -> None:
        fc, _, decided = self.front_door(contact_on, "early_help")
        self.close(fc, decided, "Passed to early help")
        self.early_help(decided)

    def path_assessment(self, contact_on: date) -> None:
        sources = ("Midwife",) if not self.dob else REFERRERS
        fc, referral_on, decided = self.front_door(contact_on, "assessment", sources=sources)
        self.close(fc, decided, "Referred for assessment")
        assessed = self.assessment(referral_on, decided, worries=self.fam.random() < 0.3)
        if assessed is None:
            return
        inv, done = assessed
        if self.fam.random() < 0.5 or not self.dob:
            self.close(inv, done, "No further action after the assessment", closure=True)
        elif done <= self.as_of:
            self.handover(inv, done)
            self.event("step_down", done, inv, {"to_service": "early_help"})
            self.close(inv, done, "Stepped down to early help")
            self.early_help(working_days_after(done, 1), after=inv)

    def path_child_in_need(self, contact_on: date) -> None:
        fc, referral_on, decided = self.front_door(contact_on, "assessment")
        self.close(fc, decided, "Referred for assessment")
        assessed = self.assessment(referral_on, decided, worries=True)
        if assessed and assessed[1] <= self.as_of:
            self.close(assessed[0], assessed[1], "Child in need plan")
            self.child_in_need(assessed[1], after=assessed[0])

    def path_child_protection(self, contact_on: date) -> None:
        if self.fam.random() < 0.5:  # straight to a strategy discussion from the front door
            fc, referral_on, decided = self.front_door(
                contact_on, "strategy_discussion", sources=URGENT_REFERRERS
            )
            started = self.start_assessment(
                referral_on, decided, worries=True, network=None, first_visit=False
            )
            if started is None:
                return
            inv, first = started
            strategy_on = max(decided, self.surely(fc, referral_on, "strategy"))
            self.close(fc, strategy_on, "Strategy discussion held")
            held_in = fc
        else:  # worries found on the first visit of an assessment
            fc, referral_on, decided = self.front_door(contact_on, "assessment")
            self.close(fc, decided, "Referred for assessment")
            started = self.start_assessment(referral_on, decided, worries=True, network=None)
            if started is None:
                return
            inv, first = started
            strategy_on = self.surely(inv, first, "strategy")
            held_in = inv
        substantiated = "icpc" in self.wants or self.fam.random() < 0.85
        conference_on = self.enquiry(inv, held_in, strategy_on, substantiated=substantiated)
        if not substantiated:
            done = self.finish_assessment(inv, referral_on, first, worries=True)
            if self.close(inv, done, "Child in need plan"):
                self.child_in_need(done, after=inv)
            return
        if conference_on is None:
            return
        self.finish_assessment(inv, referral_on, first, worries=True, by=conference_on)
        cp = self.open("child_protection", self.team("safeguarding"), conference_on, after=inv)
        self.close(inv, conference_on, "Child protection plan")
        if cp is not None:
            self.protection_plan(cp, conference_on)

    def path_looked_after(self, contact_on: date) -> None:
        roll = self.fam.random()
        if roll < 0.35:  # an emergency: police protection on the day of the strategy discussion
            fc, referral_on, decided = self.front_door(
                contact_on, "strategy_discussion", sources=URGENT_REFERRERS
            )
            strategy_on = max(decided, self.surely(fc, referral_on, "strategy"))
            strategy = self.event(
                "strategy_discussion",
                strategy_on,
                fc,
                {"agencies": 3, "family_informed": True, "outcome": "section_47"},
                at=time(10, 0),
            )
            self.outcome_to_family(fc, strategy, strategy_on, method="face_to_face")
            self.close(fc, strategy_on, "Became looked after")
            self.looked_after(strategy_on, "police_protection", after=fc)
        elif roll < 0.7:
            self.wants = self.wants | {"icpc", "escalate"}
            self.path_child_protection(contact_on)
        else:  # accommodated with the parents' agreement while the family gets help
            fc, referral_on, decided = self.front_door(contact_on, "assessment")
            self.close(fc, decided, "Referred for assessment")
            started = self.start_assessment(referral_on, decided, worries=True)
            if started is None:
                return
            inv, first = started
            placed = working_days_after(first, self.fam.randint(5, 20))
            self.finish_assessment(inv, referral_on, first, worries=True, by=placed)
            if self.close(inv, placed, "Became looked after"):
                self.looked_after(placed, "section_20", after=inv)

    def path_care_leaver(self, contact_on: date) -> None:
        fc, referral_on, decided = self.front_door(
            contact_on, "assessment", sources=("Young person", "Police", "School", "Housing officer")
        )
        self.close(fc, decided, "Referred for assessment")
        started = self.start_assessment(referral_on, decided, worries=True)
        if started is None:
            return
        inv, first = started
        placed = working_days_after(first, self.fam.randint(3, 15))
        self.finish_assessment(inv, referral_on, first, worries=True, by=placed)
        if self.close(inv, placed, "Became looked after"):
            self.looked_after(
                placed,
                "section_20",
                after=inv,
                kind=self.fam.choice(("foster", "residential", "independent")),
            )

    def path_fostering(self, contact_on: date) -> None:
        """A child who goes to live with family (a connected carer), who the fostering team assesses."""
        fc, referral_on, decided = self.front_door(contact_on, "assessment")
        self.close(fc, decided, "Referred for assessment")
        started = self.start_assessment(referral_on, decided, worries=True)
        if started is None:
            return
        inv, first = started
        placed = working_days_after(first, self.fam.randint(5, 20))
        self.finish_assessment(inv, referral_on, first, worries=True, by=placed)
        if not self.close(inv, placed, "Became looked after"):
            return
        # R&C: a viability assessment of the connected carer, within 24 hours when urgent.
        asked = working_days_after(placed, -self.fam.randint(1, 3))
        request = self.event("viability_assessment_requested", asked, inv, {"urgent": True})
        viability = self.timely(asked, asked + timedelta(days=1), p=inv._p)
        if request is not None and viability is not None and viability <= self.as_of:
            self.event(
                "viability_assessment_completed",
                viability,
                inv,
                {"shared_with_person": True},
                refers_to=request,
            )
        self.wants = self.wants | {"fostering"}  # the fostering team visits the carers
        lac = self.looked_after(
            placed,
            self.fam.choice(("section_20", "interim_care_order")),
            after=inv,
            kind="kinship",
            carers=self.family.grandparents[:2] or None,
        )
        fostering = self.open("fostering", self.team("fostering"), placed)
        if lac is None or fostering is None:
            return
        end = lac.ended_on or self.as_of
        self.event(
            "allocated", fostering.started_on, fostering, {"practitioner": fostering.lead_practitioner.pk}
        )
        self.event("assessment_started", placed, fostering, {"kind": "fostering"})
        self.event(
            "assessment_completed",
            self.within(fostering, placed, "connected_carer_assessment"),
            fostering,
            {"kind": "fostering", "safety_worries": False},
        )
        visits = [0]

        def carer_visit(day: date) -> None:
            visits[0] += 1
            self.event(
                "foster_carer_visit", day, fostering, {"unannounced": visits[0] % 10 == 0}, at=self.clock()
            )
            self.alongside(fostering, day, "scaling_recorded")  # stability scaled with the carers

        self.repeat(fostering, placed, "foster_carer_visit", end, carer_visit)
        if self.fam.random() < 0.3:
            self.meeting(
                "placement_stability_meeting",
                working_days_after(placed, self.fam.randint(40, 120)),
                fostering,
            )
        self.supervise(fostering, placed, end)
        if lac.ended_on:
            self.close(fostering, lac.ended_on, "The child's placement ended")

    def path_adoption(self, contact_on: date) -> None:
        fc, referral_on, decided = self.front_door(
            contact_on, "strategy_discussion", sources=("Midwife", "Hospital")
        )
        started = self.start_assessment(referral_on, decided, worries=True, network=None, first_visit=False)
        if started is None:
            return
        inv, _ = started
        strategy_on = max(decided, self.surely(fc, referral_on, "strategy"))
        strategy = self.event(
            "strategy_discussion",
            strategy_on,
            fc,
            {"agencies": 3, "family_informed": True, "outcome": "section_47"},
            at=time(10, 0),
        )
        self.outcome_to_family(fc, strategy, strategy_on, method="face_to_face")
        self.close(fc, strategy_on, "Strategy discussion held")
        placed = working_days_after(strategy_on, self.fam.randint(1, 5))
        self.finish_assessment(inv, referral_on, placed, worries=True, by=placed)
        if self.close(inv, placed, "Became looked after"):
            self.wants = self.wants | {"adoption"}
            self.looked_after(placed, "interim_care_order", after=inv, kind="foster")

    def path_youth_justice(self, contact_on: date) -> None:
        yj = self.open("youth_justice", self.team("youth_justice"), contact_on)
        if yj is None:
            return
        first = self.event("court_hearing", contact_on, yj, at=time(10, 0))
        self.event("allocated", contact_on, yj, {"practitioner": yj.lead_practitioner.pk})
        self.event("assessment_started", self.within(yj, contact_on, (2, WD)), yj, {"kind": "other"})
        sentencing_on = working_days_after(contact_on, self.fam.randint(15, 30))
        sentencing = self.event("court_hearing", sentencing_on, yj, at=time(10, 0), booked=True)
        self.report_before(yj, sentencing, sentencing_on, type_="court_report_submitted", key="court_report")
        self.report_before(yj, sentencing, sentencing_on, key="court_report")
        self.event(
            "assessment_completed",
            working_days_after(sentencing_on, -2),
            yj,
            {"kind": "other", "safety_worries": False},
        )
        end = sentencing_on + relativedelta(months=self.fam.randint(6, 12))
        until = min(end, self.as_of)
        if first is None or sentencing_on > self.as_of:
            return
        self.first_visit(
            yj, self.surely(yj, contact_on, (5, WD)), information=("how_we_work",), leaflet=False
        )
        drafted = self.within(yj, contact_on, (6, WEEKS))
        if drafted is not None and drafted <= until:
            self.event("timeline_to_closure_drafted", drafted, yj, {"weeks": 26})
            self.repeat(yj, drafted, (3, MONTHS), until, lambda d: self.event("timeline_reviewed", d, yj))
        self.repeat(yj, contact_on, (2, WEEKS), until, lambda d: self.visit(yj, d))
        self.repeat(
            yj,
            sentencing_on,
            (1, MONTHS),
            until,
            lambda d: self.event("direct_work", d, yj, {"tool": "other", "shared_with_parents": False}),
        )
        self.supervise(yj, contact_on, until)
        self.close(yj, end, "Order completed", closure=True)

    def path_disabilities(self, contact_on: date) -> None:
        fc, referral_on, decided = self.front_door(
            contact_on, "assessment", sources=("Health visitor", "School", "Paediatrician", "Parent")
        )
        self.close(fc, decided, "Referred to the children with disabilities team")
        started = self.start_assessment(
            referral_on,
            decided,
            worries=False,
            service="disabilities",
            team=self.team("disabilities"),
            network="cwd_fnm",
        )
        if started is None:
            return
        inv, first = started
        done = self.finish_assessment(inv, referral_on, first, worries=False)
        if done > self.as_of:
            return
        end = done + timedelta(days=self.fam.randint(300, 700))
        until = min(end, self.as_of)
        self.alongside(inv, done, "plan_completed", {"plan": "short_breaks"})
        self.repeat(
            inv,
            done,
            (6, MONTHS),
            until,
            lambda d: self.event("plan_reviewed", d, inv, {"plan": "short_breaks"}),
        )
        self.repeat(inv, done, "cin_visit", until, lambda d: self.visit(inv, d))
        self.repeat(inv, done, "cin_review", until, lambda d: self.review(inv, d, "cin_review"))
        self.supervise(inv, done, until)
        for _ in range(self.own.randint(1, 3)):  # discussed at the team's group supervision
            day = working_days_after(done + timedelta(days=self.own.randint(0, 300)), 0)
            if day <= until:
                self.event("group_supervision", day, inv, by=self.manager(inv), at=time(13, 30))
                self.event("mapping_completed", day, inv, {"with": "group_supervision"})
        self.close(
            inv, end, "Short breaks plan in place; no social work needed", closure=True, network_plan=True
        )

    def path_edge_of_care(self, contact_on: date) -> None:
        fc, referral_on, decided = self.front_door(
            contact_on, "assessment", sources=("Parent", "School", "Police")
        )
        self.close(fc, decided, "Referred for assessment")
        assessed = self.assessment(referral_on, decided, worries=True)
        if assessed is None or assessed[1] > self.as_of:
            return
        inv, done = assessed
        self.close(inv, done, "Child in need plan")
        self.child_in_need(done, after=inv)
        edge = self.open(
            "edge_of_care", self.team("edge_of_care"), working_days_after(done, self.fam.randint(1, 8))
        )
        if edge is None:
            return
        end = edge.started_on + timedelta(weeks=self.fam.randint(12, 20))
        until = min(end, self.as_of)
        self.event("allocated", edge.started_on, edge, {"practitioner": edge.lead_practitioner.pk})
        self.first_visit(
            edge, self.surely(edge, edge.started_on, (1, DAYS)), information=("how_we_work",), leaflet=False
        )
        self.network_meeting(
            edge,
            self.within(edge, edge.started_on, (3, WEEKS)),
            rapid=False,
            review=False,
            safety_plan_made=True,
        )
        self.repeat(edge, edge.started_on, (1, WEEKS), until, lambda d: self.visit(edge, d))
        self.repeat(
            edge,
            edge.started_on,
            (2, WEEKS),
            until,
            lambda d: self.event("direct_work", d, edge, {"tool": "other", "shared_with_parents": True}),
            rng=self.own,
        )
        self.event(
            "timeline_to_closure_drafted", self.within(edge, edge.started_on, (4, WEEKS)), edge, {"weeks": 16}
        )
        self.supervise(edge, edge.started_on, until)
        self.close(edge, end, "Edge of care work finished")

    def path_nrpf(self, contact_on: date) -> None:
        fc, referral_on, decided = self.front_door(
            contact_on,
            "assessment",
            sources=("Voluntary organisation", "Housing officer", "School", "Parent"),
        )
        self.close(fc, decided, "Referred to the no recourse to public funds team")
        started = self.start_assessment(
            referral_on, decided, worries=False, service="nrpf", team=self.team("nrpf")
        )
        if started is None:
            return
        inv, first = started
        done = self.finish_assessment(inv, referral_on, first, worries=False)
        end = referral_on + timedelta(days=self.fam.randint(180, 540))
        until = min(end, self.as_of)
        self.repeat(inv, done, "nrpf_visit", until, lambda d: self.visit(inv, d))
        self.repeat(inv, done, "cin_review", until, lambda d: self.review(inv, d, "cin_review"))
        self.supervise(inv, done, until)
        self.close(
            inv,
            end,
            "Leave to remain granted: the family can claim public funds",
            closure=True,
            network_plan=self.fam.random() < 0.6,
        )

    # --- services --------------------------------------------------------------------------------

    def early_help(self, start: date, *, after: Involvement | None = None) -> None:
        """Early help: a family worker, the early help assessment, the family's plan reviewed at team
        around the family meetings every 6 weeks, visits every 4 weeks [22]."""
        eh = self.open("early_help", self.team("early_help"), start, after=after)
        if eh is None:
            return
        if self.fam.random() < 0.3:  # NLD: the hub meets first, with the worry statement already shared
            hub = working_days_after(start, self.fam.randint(1, 3))
            self.beforehand(eh, hub, "statements_shared", {"with_network": False}, earliest=start)
            self.meeting("early_help_hub_meeting", hub, eh)
            start = hub
        self.beforehand(eh, start, "chronology_updated", earliest=start)
        allocated = self.surely(eh, start, "allocation")
        self.event("allocated", allocated, eh, {"practitioner": eh.lead_practitioner.pk})
        self.event("contact_made", self.within(eh, allocated, "eh_first_contact"), eh, {"method": "phone"})
        first = self.surely(eh, allocated, (10, WD))
        self.first_visit(eh, first, information=("how_we_work",))
        self.event("assessment_started", first, eh, {"kind": "early_help"})
        end = start + timedelta(days=self.fam.randint(100, 330))
        until = min(end, self.as_of)
        # NLD: the first TAF within 6 weeks of allocation, once the assessment has found what is needed.
        taf = self.within(eh, allocated, "first_taf")
        done = self.timely(
            first, working_days_after(taf or later(allocated, 6, WEEKS), -1), p=eh._p, may_miss=False
        )
        assert done is not None
        self.beforehand(eh, done, "mapping_completed", {"with": "family"}, earliest=first)
        self.beforehand(eh, done, "chronology_completed", earliest=first)
        self.event("assessment_completed", done, eh, {"kind": "early_help", "safety_worries": False})
        self.alongside(eh, done, "management_oversight", by=self.manager(eh))
        if taf is not None and taf <= until:
            taf = max(taf, done)
            self.taf(eh, taf, first=True)
            self.repeat(eh, taf, "taf", until, lambda d: self.taf(eh, d))
        self.repeat(eh, first, "eh_visit", until, lambda d: self.visit(eh, d))
        self.supervise(eh, allocated, until)
        if end > self.as_of:
            return
        if self.fam.random() < 0.15:
            self.handover(eh, end)
            self.event("step_up", end, eh, {"to_service": "assessment"})
            self.close(eh, end, "Stepped up to social care")
            assessment = self.start_assessment(end, end, worries=True)
            if assessment:
                inv, first = assessment
                self.event(
                    "referral_received",
                    end,
                    inv,
                    {"source": "Early help family worker", "family_aware": True, "consent_given": True},
                )
                self.event("referral_decision", end, inv, {"decision": "assessment"})
                done = self.finish_assessment(inv, end, first, worries=True)
                if self.close(inv, done, "Child in need plan"):
                    self.child_in_need(done, after=inv)
        else:
            self.close(
                eh, end, "The family's plan worked", closure=True, network_plan=self.fam.random() < 0.8
            )

    def taf(self, eh: Involvement, day: date, *, first: bool = False) -> None:
        if self.meeting("taf_meeting", day, eh) is None:
            return
        if first:
            self.alongside(eh, day, "statements_shared", {"with_network": True})
            self.alongside(eh, day, "safety_plan_agreed", {"with_network": True})
            self.alongside(eh, day, "plan_completed", {"plan": "early_help"})
        else:  # R&C: the plan reviewed and the assessment updated at every meeting
            self.alongside(eh, day, "plan_reviewed", {"plan": "early_help"})
            self.alongside(eh, day, "assessment_completed", {"kind": "early_help", "safety_worries": False})
        self.event(
            "document_shared_with_family",
            self.within(eh, day, "document_to_family"),
            eh,
            {"document": "minutes"},
        )

    def review(self, inv: Involvement, day: date, type_: str, **attrs: Any) -> EventRow | None:
        meeting = self.meeting(type_, day, inv, attrs or None)
        if meeting is not None and self.fam.random() < 0.5:
            self.outcome_to_family(inv, meeting, day, method=self.fam.choice(("phone", "letter")))
        return meeting

    def child_in_need(self, start: date, *, after: Involvement) -> Involvement | None:
        same_team = after.service_area in ("child_protection", "child_in_need")
        team = after.team if same_team else self.team("safeguarding")
        cin = self.open(
            "child_in_need", team, start, after=after, lead=self.lead_on(after, start) if same_team else None
        )
        if cin is None:
            return None
        end = start + timedelta(days=self.fam.randint(120, 450))
        until = min(end, self.as_of)
        if self.fam.random() < 0.15 and "showcase" not in self.wants:  # the practitioner leaves
            on = working_days_after(start + timedelta(days=self.fam.randint(30, 120)), 0)
            self.move(cin, on, to_team=self.team("safeguarding"), reason="Practitioner left the team")
        plan = self.within(cin, start, (10, WD))
        if plan is not None and plan <= until:
            self.meeting("care_team_meeting", plan, cin)
            self.event("safety_plan_agreed", plan, cin, {"with_network": self.fam.random() < 0.8})
            self.event(
                "document_shared_with_family",
                self.within(cin, plan, "document_to_family"),
                cin,
                {"document": "plan"},
            )
            self.alongside(cin, plan, "timeline_to_closure_drafted", {"weeks": self.fam.choice((12, 16, 26))})
            self.repeat(cin, plan, (6, WEEKS), until, lambda d: self.meeting("care_team_meeting", d, cin))
        self.repeat(cin, start, "cin_visit", until, lambda d: self.visit(cin, d))
        self.repeat(cin, start, "cin_review", until, lambda d: self.review(cin, d, "cin_review"))
        self.supervise(cin, start, until)
        self.family_calls(cin, start, until)
        self.words_and_pictures(cin, start, until)
        if end > self.as_of:
            return cin
        if self.fam.random() < 0.6:
            self.close(
                cin, end, "Child in need plan ended", closure=True, network_plan=self.fam.random() < 0.8
            )
        else:
            self.handover(cin, end)
            self.event("step_down", end, cin, {"to_service": "early_help"})
            self.close(cin, end, "Stepped down to early help")
            self.early_help(working_days_after(end, 1), after=cin)
        return cin

    def protection_plan(self, cp: Involvement, conference_on: date) -> None:
        """A child protection plan: visits, core groups and review conferences until it ends."""
        reviews = self.fam.choices((1, 2, 3), (45, 35, 20))[0]
        escalate = "escalate" in self.wants or (self.fam.random() < 0.1 and "showcase" not in self.wants)
        dates, prev = [], conference_on
        for i in range(reviews):
            prev = self.surely(cp, prev, "first_rcpc" if i == 0 else "rcpc")
            dates.append(prev)
        end = dates[-1]
        if escalate:
            end = conference_on + timedelta(days=self.fam.randint(40, max(41, (end - conference_on).days)))
            dates = [d for d in dates if d < end]
        until = min(end, self.as_of)
        if self.fam.random() < 0.15 and "showcase" not in self.wants:
            on = working_days_after(conference_on + timedelta(days=self.fam.randint(20, 90)), 0)
            if on < end:
                self.move(
                    cp, on, to_team=self.team("safeguarding"), reason="Caseloads balanced between teams"
                )
        self.event(
            "document_shared_with_family",
            self.within(cp, conference_on, "document_to_family"),
            cp,
            {"document": "plan"},
        )
        if self.age_on(conference_on) >= 5 and self.own.random() < 0.6:
            self.event(
                "document_shared_with_family",
                self.within(cp, conference_on, (10, WD), rng=self.own),
                cp,
                {"document": "child_version_plan"},
            )
        first_visit = self.surely(cp, conference_on, "cp_first_visit")
        if first_visit <= until:
            self.visit(cp, first_visit)
            self.repeat(cp, first_visit, "cp_visit", until, lambda d: self.visit(cp, d))
        first_core = self.within(cp, conference_on, "first_core_group")
        if first_core is not None and first_core <= until:
            self.core_group(cp, first_core)
            self.repeat(cp, first_core, "core_group", until, lambda d: self.core_group(cp, d))
        self.repeat(
            cp,
            conference_on,
            (3, MONTHS),
            until,
            lambda d: self.network_meeting(cp, d, rapid=False, review=True, safety_plan_made=True),
        )
        self.supervise(cp, conference_on, until)
        self.family_calls(cp, conference_on, until)
        self.words_and_pictures(cp, conference_on, until)
        outcome = "child_in_need_plan" if self.fam.random() < 0.8 else "plan_ended"
        for i, day in enumerate(dates):
            last = i == len(dates) - 1 and not escalate
            self.conference(
                cp,
                "review_child_protection_conference",
                day,
                outcome if last else "child_protection_plan_continues",
            )
            if i == 0 and not last:  # BEX: a plan going past six months goes to the case management review
                self.beforehand(
                    cp,
                    later(day, 6, MONTHS),
                    "case_management_review_referral",
                    earliest=later(day, 4, MONTHS),
                )
        if escalate:
            legal = max(working_days_after(end, -self.fam.randint(15, 25)), conference_on)
            planning = self.meeting("legal_planning_meeting", legal, cp)
            if planning is not None:
                self.event(
                    "outcome_shared_with_family",
                    self.within(cp, legal, "outcome_to_family"),
                    cp,
                    {"method": "face_to_face"},
                    refers_to=planning,
                )
            self.meeting("pre_proceedings_meeting", working_days_after(legal, 5), cp)
        if end > self.as_of:
            return
        if escalate:
            self.close(cp, end, "Became looked after")
            self.looked_after(end, "interim_care_order", after=cp)
        elif outcome == "child_in_need_plan":
            self.close(cp, end, "Child protection plan ended: child in need plan")
            self.child_in_need(end, after=cp)
        else:
            self.close(cp, end, "Child protection plan ended", closure=True, network_plan=True)

    def core_group(self, cp: Involvement, day: date) -> None:
        if self.meeting("core_group_meeting", day, cp) is not None and self.fam.random() < 0.4:
            self.alongside(cp, day, "safety_plan_reviewed")

    # --- looked after, adoption and leaving care ------------------------------------------------------

    def place(self, inv: Involvement, on: date, kind: str, *, carers: list[Person] | None = None) -> None:
        """A placement starts: where the child now lives, and their carers in their network."""
        if on > self.as_of:
            return
        user = self.lead_on(inv, on).user
        home: Household | None = None
        relationship = "foster_carer"
        if kind == "kinship" and carers:
            home = carers[0].household
        elif kind in ("foster", "kinship"):
            home, carers = self.fam.choice(self.staffing.carers)
        elif kind == "adoptive":
            home = self.families.household(self.batch, on=on, user=user)
            surname = self.families.maker.surname()
            carers = [
                self.families.person(
                    self.batch,
                    rng=self.fam,
                    on=on,
                    user=user,
                    last=surname,
                    sex=sex,
                    born=on - relativedelta(years=self.fam.randint(30, 45)),
                    home=home,
                    ethnicity=self.families.maker.ethnicity(),
                    adult=True,
                )
                for sex in ("F", self.fam.choice("FM"))
            ]
            relationship = "adoptive_parent"
        elif kind == "residential":
            home = self.fam.choice(self.staffing.children_homes)
        elif kind == "independent":
            home = self.families.household(self.batch, on=on, user=user)
        self.event("placement_started", on, inv, {"kind": kind})
        if home is not None:
            self.move_home(home, on, reason=f"Placement started ({kind.replace('_', ' ')})", user=user)
        for carer in carers or ():
            self.families.relate(
                self.batch,
                on=on,
                user=user,
                from_person=carer,
                to_person=self.person,
                kind=relationship,
                started_on=on,
            )
            self.families.join_network(
                self.batch,
                child=self.child,
                name=self.name,
                person=carer,
                role="support",
                circle="inner",
                job="Cares for {child} day to day",
                on=on,
                user=user,
            )

    def looked_after(
        self,
        on: date,
        legal_status: str,
        *,
        after: Involvement,
        kind: str | None = None,
        carers: list[Person] | None = None,
    ) -> Involvement | None:
        age = self.age_on(on)
        thirteen_and_three_quarters = self.birthday(13, 9)
        older = thirteen_and_three_quarters is not None and on >= thirteen_and_three_quarters
        lac = self.open(
            "looked_after", self.team("fourteen_plus" if older else "children_in_care"), on, after=after
        )
        if lac is None:
            return None
        self.chair = self.chair or self.fam.choice(self.staffing.chairs)
        kind = kind or ("residential" if age >= 13 and self.fam.random() < 0.4 else "foster")
        adoption = "adoption" in self.wants
        eighteenth = self.birthday(18)
        end, reason = date.max, ""
        if adoption:
            placement_order = working_days_after(on + timedelta(days=self.fam.randint(180, 270)), 0)
            adoptive = working_days_after(placement_order + timedelta(days=self.fam.randint(60, 150)), 0)
            end, reason = (
                working_days_after(adoptive + timedelta(days=self.fam.randint(120, 240)), 0),
                "Adoption order made",
            )
        elif eighteenth and eighteenth - on < timedelta(days=900):
            end, reason = eighteenth, "Turned 18"
        elif self.fam.random() < 0.6:
            end = on + timedelta(days=self.fam.randint(200, 700))
            reason = self.fam.choice(("Returned home", "Returned home", "Special guardianship order"))
        until = min(end, self.as_of)
        if not older and thirteen_and_three_quarters and on < thirteen_and_three_quarters < until:
            self.move(
                lac,
                working_days_after(thirteen_and_three_quarters, self.own.randint(0, 15)),
                to_team=self.team("fourteen_plus"),
                reason="Moved to the 14+ team at 13¾",
                rng=self.own,
            )
        self.event("became_looked_after", on, lac, {"legal_status": legal_status})
        self.place(lac, on, kind, carers=carers)
        # LEI: a placement planning meeting within 72 hours.
        self.meeting("placement_planning_meeting", self.within(lac, on, (3, DAYS)), lac)
        if legal_status == "interim_care_order":  # the court's order, the family helped to understand it
            hearing = self.event("court_hearing", on, lac, at=time(10, 0))
            self.beforehand(
                lac,
                on,
                "words_and_pictures_shared",
                {"read_to_child_by_parent": False},
                earliest=on - timedelta(days=10),
            )
            self.report_before(lac, hearing, on, type_="court_report_submitted", key="court_report")
        if kind in ("foster", "kinship") and "fostering" not in self.wants:  # KNW: carers visited monthly
            supervising = self.fam.choice(self.staffing.practitioners[self.team("fostering").pk])
            self.repeat(
                lac,
                on,
                "foster_carer_visit",
                until,
                lambda d: self.event(
                    "foster_carer_visit", d, lac, {"unannounced": self.fam.random() < 0.1}, by=supervising
                ),
            )
        if age >= 11:  # BEX: permanency planning from eight weeks for children of 11 and over
            self.meeting("permanence_planning_meeting", self.within(lac, on, (8, WEEKS)), lac)
        # Visits: the day placed, within a week, weekly for four weeks, then every six weeks [17].
        day = self.timely(on, on, p=lac._p, may_miss=False)
        assert day is not None
        self.visit(lac, day, location="placement")
        for _ in range(4):
            nxt = self.surely(lac, day, "lac_visit_first_weeks")
            if nxt > until:
                break
            self.visit(lac, nxt, location="placement")
            day = nxt
        self.repeat(lac, day, "lac_visit", until, lambda d: self.visit(lac, d, location="placement"))
        self.event("care_plan_completed", self.within(lac, on, "care_plan"), lac)
        self.repeat(
            lac,
            on,
            (12, MONTHS),
            until,
            lambda d: self.event(  # KNW, R&C: assessment every 12 months
                "assessment_completed", d, lac, {"kind": "looked_after", "safety_worries": False}
            ),
        )
        self.health_and_education(lac, on, until)
        self.lac_reviews(lac, on, end)
        self.supervise(lac, on, until)
        if not adoption and self.fam.random() < 0.2 and (until - on).days > 90:
            moved = working_days_after(on + timedelta(days=self.fam.randint(45, (until - on).days - 30)), 0)
            self.meeting(
                "placement_stability_meeting", working_days_after(moved, -self.fam.randint(5, 15)), lac
            )
            self.event("placement_ended", moved, lac, {"planned": False})
            self.place(lac, moved, "foster")
            self.visit(lac, moved, location="placement")
            if self.fam.random() < 0.5:  # BEX: what went wrong, mapped
                self.meeting("placement_disruption_meeting", self.within(lac, moved, (4, WEEKS)), lac)
        if age >= 12 and self.own.random() < 0.25:
            self.missing(lac, on, until)
        self.growing_up(lac, on, until)
        if self.dob and self.age_on(on) < 12 and self.own.random() < 0.5:
            self.event("life_story_work", self.within(lac, on, (6, MONTHS), rng=self.own), lac)
        if adoption:
            self.adopted(lac, placement_order, adoptive, end)
        if end > self.as_of:
            return lac
        if reason == "Turned 18":
            self.close(lac, end, reason)
        elif reason == "Returned home":
            earliest = max(on, end - timedelta(weeks=6))
            self.network_meeting(lac, self.timely(earliest, end, p=lac._p), safety_plan_made=True)
            self.beforehand(lac, end, "timeline_to_closure_drafted", {"weeks": 12}, earliest=earliest)
            self.beforehand(lac, end, "mapping_completed", {"with": "family"}, earliest=earliest)
            self.event("placement_ended", end, lac, {"planned": True})
            self.event("returned_home", end, lac, {"planned": True})
            self.move_home(self.family.home, end, reason="Returned home", user=self.lead_on(lac, end).user)
            self.close(lac, end, reason)
            self.child_in_need(end, after=lac)
        elif reason == "Special guardianship order":
            self.event("placement_ended", end, lac, {"planned": True})
            self.close(lac, end, reason, closure=True, network_plan=True)
        return lac

    def health_and_education(self, lac: Involvement, on: date, until: date) -> None:
        """Each child's own health assessments and, at school age, personal education plans."""
        first = self.within(lac, on, "health_assessment", rng=self.own)
        if first is not None and first <= until:
            self.event("health_assessment", first, lac, {"kind": "initial"})
            every: Timescale = (6, MONTHS) if self.age_on(on) < 5 else (12, MONTHS)
            self.repeat(
                lac,
                first,
                every,
                until,
                lambda d: self.event("health_assessment", d, lac, {"kind": "review"}),
                rng=self.own,
            )
        if 4 <= self.age_on(on) < 17:
            pep = self.within(lac, on, "pep", rng=self.own)
            if pep is not None and pep <= until:
                self.event("personal_education_plan", pep, lac)
                self.repeat(
                    lac,
                    pep,
                    (6, MONTHS),
                    until,
                    lambda d: self.event("personal_education_plan", d, lac),
                    rng=self.own,
                )

    def lac_reviews(self, lac: Involvement, on: date, end: date) -> None:
        """Looked after reviews at 20 working days, 3 months, then every 6 months [18], with the report
        shared before, the IRO's contact with the child, and a permanence plan by the second [19]."""
        dates = [self.surely(lac, on, "first_lac_review")]
        dates.append(self.surely(lac, dates[0], "second_lac_review"))
        while dates[-1] <= min(end, self.as_of):
            dates.append(self.surely(lac, dates[-1], "lac_review"))
        dates = [d for d in dates if d <= end]
        permanence_at = 1 if self.fam.random() < lac._p else 2
        for i, day in enumerate(dates):
            held = day <= self.as_of
            self.event("iro_contact", working_days_after(day, -self.fam.randint(1, 8)), lac, by=self.chair)
            self.beforehand(lac, day, "chair_pre_meeting", {"with": "child"}, by=self.chair)
            if self.age_on(day) >= 3:
                self.beforehand(
                    lac,
                    day,
                    "direct_work",
                    {"tool": self.tool(day), "shared_with_parents": False},
                    earliest=day - timedelta(days=20),
                    rng=self.own,
                )
            review = self.meeting(
                "looked_after_review",
                day,
                lac,
                {"permanence_plan": i >= permanence_at} if held else {},
                by=self.chair,
                booked=True,
            )
            if review is None:
                continue
            for by in ("social_worker", "iro"):
                prepared = self.timely(day - timedelta(days=14), working_days_after(day, -1), p=lac._p)
                if prepared is not None and prepared <= self.as_of:
                    self.event(
                        "prepared_for_meeting",
                        prepared,
                        lac,
                        {"by": by, "with": "child"},
                        refers_to=review,
                        by=self.chair if by == "iro" else None,
                    )
            self.report_before(lac, review, day)
            if not held:
                continue
            if i == permanence_at:
                self.event("permanence_plan_agreed", day, lac)
            self.event(
                "document_shared_with_family",
                self.within(lac, day, "document_to_family"),
                lac,
                {"document": "minutes"},
            )
            circulated = self.within(lac, day, (5, WD))  # LEI: the IRO's decisions within 5 days
            if circulated is not None and circulated <= self.as_of:
                self.event("review_decisions_circulated", circulated, lac, refers_to=review, by=self.chair)
            if i + 1 < len(dates):  # R&C: a care team meeting half-way between reviews
                self.meeting("care_team_meeting", working_days_after(day + (dates[i + 1] - day) / 2, 0), lac)

    def growing_up(self, lac: Involvement, on: date, until: date) -> None:
        """Talking about independence from 14 and aspirations by 16 (BEX, KNW, LEI), pathway planning from
        15¾ (LEI) with the needs assessment by 16¼, and the leaving care team from 17½ (NLD)."""
        for years, topic in ((14, "independence_skills"), (16, "aspirations")):
            birthday = self.birthday(years)
            if birthday is not None and on <= birthday <= until:
                self.beforehand(
                    lac,
                    birthday,
                    "transition_conversation",
                    {"topic": topic},
                    earliest=birthday - relativedelta(months=6),
                    rng=self.own,
                )
        pathway = self.birthday(15, 9)
        if pathway is None or pathway > until:
            return
        start = max(pathway, on)
        self.event(
            "assessment_started", self.within(lac, start, (20, WD), rng=self.own), lac, {"kind": "pathway"}
        )
        needs = self.within(lac, max(start, self.birthday(16) or start), (3, MONTHS), rng=self.own)
        if needs is not None and needs <= until:
            self.event("assessment_completed", needs, lac, {"kind": "pathway", "safety_worries": False})
            self.event("pathway_plan_completed", self.within(lac, needs, (4, WEEKS), rng=self.own), lac)
        leaving_care = max(self.birthday(17, 6) or on, on + timedelta(days=28))
        eighteenth = self.birthday(18)
        if eighteenth is not None and leaving_care <= min(until, eighteenth):
            self.care_leaver(working_days_after(min(leaving_care, eighteenth), 0), after=lac)

    def missing(self, inv: Involvement, on: date, until: date) -> None:
        """A young person missing from care: seen and a return home interview within 72 hours (R&C)."""
        if (until - on).days < 30:
            return
        back = on + timedelta(days=self.own.randint(14, (until - on).days))
        returned = self.event("returned_from_missing", back, inv, at=time(self.own.randint(0, 23), 0))
        if returned is None:
            return
        seen = self.within(inv, back, (3, DAYS), rng=self.own)
        self.visit(inv, seen, location="placement")
        if seen is not None and seen <= self.as_of:
            self.event("return_home_interview", seen, inv, refers_to=returned)

    def adopted(self, lac: Involvement, placement_order: date, adoptive: date, adoption_order: date) -> None:
        hearing = self.event("court_hearing", placement_order, lac, at=time(10, 0), booked=True)
        self.beforehand(
            lac,
            placement_order,
            "words_and_pictures_shared",
            {"read_to_child_by_parent": False},
            earliest=placement_order - timedelta(days=20),
        )
        self.report_before(lac, hearing, placement_order, type_="court_report_submitted", key="court_report")
        adoption = self.open(
            "adoption", self.team("adoption"), working_days_after(placement_order, self.fam.randint(1, 10))
        )
        if adoption is None:
            return
        self.event(
            "allocated", adoption.started_on, adoption, {"practitioner": adoption.lead_practitioner.pk}
        )
        self.event("assessment_started", adoption.started_on, adoption, {"kind": "adoption"})
        self.event("life_story_work", self.within(adoption, adoption.started_on, (3, MONTHS)), adoption)
        if adoptive > self.as_of:
            return
        self.event("placement_ended", adoptive, lac, {"planned": True})
        self.place(lac, adoptive, "adoptive")
        self.visit(adoption, adoptive, location="placement")
        self.repeat(
            adoption,
            adoptive,
            (6, WEEKS),
            min(adoption_order, self.as_of),
            lambda d: self.visit(adoption, d, location="placement"),
        )
        order = self.event("court_hearing", adoption_order, adoption, at=time(10, 0), booked=True)
        if order is None or adoption_order > self.as_of:
            return
        self.close(lac, adoption_order, "Adoption order made")
        self.event("later_life_letter", self.within(adoption, adoption_order, (10, WD)), adoption)
        self.close(
            adoption,
            adoption_order + timedelta(days=self.fam.randint(60, 180)),
            "Adoption support plan in place",
            closure=True,
            network_plan=True,
        )

    def care_leaver(self, on: date, *, after: Involvement) -> None:
        """The leaving care team from 17½ (NLD), a personal adviser, their own flat after 18, pathway
        reviews within 3 months and then every 6 [20], seen every 2 months [21]."""
        cl = self.open("care_leaver", self.team("leaving_care"), on, after=after)
        if cl is None:
            return
        self.event("allocated", on, cl, {"practitioner": cl.lead_practitioner.pk})
        eighteenth = self.birthday(18) or on
        moved = eighteenth + timedelta(days=self.fam.randint(0, 60))
        if moved <= self.as_of:
            user = self.lead_on(cl, moved).user
            self.move_home(
                self.families.household(self.batch, on=moved, user=user),
                moved,
                reason="Moved into their own flat",
                user=user,
            )
        first = self.surely(cl, on, "pathway_review_first")
        if first <= self.as_of:
            self.event("pathway_plan_reviewed", first, cl)
            self.repeat(
                cl, first, "pathway_review", self.as_of, lambda d: self.event("pathway_plan_reviewed", d, cl)
            )
        self.network_meeting(cl, self.within(cl, on, (3, MONTHS)), safety_plan_made=True)
        self.repeat(cl, on, "care_leaver_visit", self.as_of, lambda d: self.visit(cl, d, location="other"))
        self.supervise(cl, on, self.as_of)
