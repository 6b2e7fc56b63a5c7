"""The rules engine: a child's involvements and events, a pack's rules and a date in; results out.

Pure functions on plain data (named tuples and dataclasses), with no database:
`kinmap.rules.services` feeds it from the record, `kinmap check` from a history file. docs/packs.md
says what each pack field means; this module is the executable form of that page and
kinmap/rules/tests/test_engine.py its examples; docs/decisions/0200 records the readings the page
was silent on.

Facts the involvements imply (an open child protection involvement is a plan) count as the record's
own (`IMPLIED`); a rule that turns on a fact the record does not hold gives an `unknown` result
naming it (`Missing`), never "not applicable" (decision 0206).

A pack is compiled once into a `RuleSet` (rules indexed by the event type that starts them, `where`
clauses turned into tuples), so a child is checked only against the rules their record can start.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta

from kinmap.rules.deadlines import Direction, Unit, deadline_date, deadline_moment
from kinmap.rules.schema import AnyOf, EventCondition, Pack, Requirement, Rule

MET = "met"
MET_LATE = "met_late"
DUE = "due"
OVERDUE = "overdue"
UNKNOWN = "unknown"  # the rule turns on a fact the record does not hold; `missing` names it
NOT_APPLICABLE = "not_applicable"
STATUSES = (MET, MET_LATE, DUE, OVERDUE, UNKNOWN, NOT_APPLICABLE)

# The answer a practitioner chooses when a fact is not known: the engine treats it as missing.
NOT_KNOWN = "not_known"

# Why a result is not applicable (words for them live with the outputs, not here).
NO_INVOLVEMENT = "no_involvement"  # the child has had no involvement with the rule's service areas
NO_TRIGGER = "no_trigger"  # involved, but nothing started the clock
INVOLVEMENT_ENDED = "involvement_ended"  # the involvement ended before the deadline, requirement unmet

GENERATED_STARTED = "involvement_started"
GENERATED_ENDED = "involvement_ended"


# --- What goes in -------------------------------------------------------------------------------


class Event(NamedTuple):
    """One event of the child's record. `corrects` names the event this one replaces."""

    id: Hashable
    type: str
    on: date
    at: time | None = None
    attributes: Mapping[str, Any] = MappingProxyType({})
    refers_to: Hashable | None = None
    corrects: Hashable | None = None


@dataclass(frozen=True, slots=True)
class Involvement:
    id: Hashable
    service: str
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class ChildRecord:
    id: Hashable
    birth_date: date | None
    involvements: Sequence[Involvement]
    events: Sequence[Event]


# --- Facts the involvements imply ---------------------------------------------------------------


class Implication(NamedTuple):
    """An involvement in `service` is the fact `event` with `attributes` (decision 0206).

    It fills in a recorded event of that type that lacks the attributes (or says "not known"): when
    an involvement in the service opens within `WITHIN` after the event, or (unless `opens_only`)
    is open after it. Where no event of the type is recorded from `WITHIN` before a stretch of such
    involvements to its end, the stretch's start stands in for one (with `after`: where an event of
    that type came in the month before and nothing of this type since). A stand-in starts clocks
    and meets `clock_from`; it never meets a requirement. Unless `is_the_event`, it matches only
    conditions that name its attributes (a child protection involvement is a plan, but no conference
    is recorded to prepare for).
    """

    service: str
    event: str
    attributes: Mapping[str, Any]
    is_the_event: bool
    opens_only: bool = False
    stands_in: bool = True
    after: str | None = None


IMPLIED = (
    Implication(
        "child_protection", "initial_child_protection_conference", {"outcome": "child_protection_plan"}, False
    ),
    Implication(
        "child_protection",
        "review_child_protection_conference",
        {"outcome": "child_protection_plan_continues"},
        False,
        stands_in=False,
    ),
    Implication("looked_after", "became_looked_after", {}, True),
    Implication(
        "assessment", "referral_decision", {"decision": "assessment"}, True, opens_only=True,
        after="referral_received",
    ),
)
WITHIN = timedelta(days=7)  # how near an involvement's start an event must be to be the same occasion
_RECORDED, _STANDS_FOR_EVENT, _STANDS_FOR_FACT = 0, 1, 2


# --- What comes out -----------------------------------------------------------------------------


class Missing(NamedTuple):
    """The fact a rule needs and the record lacks: the event, its type, the attribute and its date.

    `attribute` None would say the event itself is missing; the engine reports only attributes now.
    """

    event: Hashable | None
    event_type: str
    attribute: str | None
    on: date | None


class Result(NamedTuple):
    """One rule's result for one trigger and period (or the one result of a rule that did not apply).

    `due_on` is the deadline (for every status but not_applicable); `met_on` the day the last
    requirement was met and `evidence` that event's id. Generated events (an involvement starting
    or ending) and age triggers have no id: `trigger_event` is then None and `trigger_on` says when.
    """

    rule_id: str
    status: str
    period: int = 1
    trigger_event: Hashable | None = None
    trigger_on: date | None = None
    due_on: date | None = None
    met_on: date | None = None
    evidence: Hashable | None = None
    involvement: Hashable | None = None
    reason: str | None = None
    missing: Missing | None = None


# --- The compiled pack --------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    # true == 1 in Python; in a record they are different answers.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


@dataclass(frozen=True, slots=True)
class Condition:
    event: str
    where: tuple[tuple[str, tuple[Any, ...]], ...]
    refers_to_trigger: bool = False
    any_of_type: bool = False  # no `where` and no refers_to_trigger: every event of the type matches
    since: str = "previous_trigger"

    @classmethod
    def of(
        cls, event: str, where: Mapping[str, Any], refers_to_trigger: bool = False, since: str | None = None
    ) -> Condition:
        pairs = tuple(
            (name, tuple(value) if isinstance(value, list | tuple) else (value,))
            for name, value in where.items()
        )
        return cls(event, pairs, refers_to_trigger, not pairs and not refers_to_trigger,
                   since or "previous_trigger")

    def matches(self, event: _Event) -> bool:
        if event.implied == _STANDS_FOR_FACT and not self.where:
            return False
        attributes = event.attributes
        for name, allowed in self.where:
            if name not in attributes:
                return False
            value = attributes[name]
            if not any(_same(value, choice) for choice in allowed):
                return False
        return True

    def missing(self, event: _Event) -> str | None:
        """The attribute this condition names that the event lacks (or records as not known), when
        every attribute it does hold matches: then whether it matches is unknown."""
        attributes = event.attributes
        lacking = None
        for name, allowed in self.where:
            value = attributes.get(name, NOT_KNOWN)
            if value == NOT_KNOWN:
                lacking = lacking or name
            elif not any(_same(value, choice) for choice in allowed):
                return None
        return lacking


@dataclass(frozen=True, slots=True)
class Option:
    """One way of meeting a requirement, with its own deadline (amount, unit) or the rule's (None)."""

    condition: Condition
    deadline: tuple[int, Unit] | None = None


def _months(years: float | None) -> int | None:
    return None if years is None else round(years * 12)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    services: frozenset[str]
    trigger: Condition | None
    also: tuple[str, ...]  # more event types that start the rule, with the same `where`
    nth: int | None
    age_months: int | None
    clock_from: Condition | None
    ages: tuple[int | None, int | None] | None
    requires: tuple[tuple[Option, ...], ...]  # all of these; each met by any one of its options
    amount: int
    unit: Unit
    direction: Direction
    every: tuple[int, Unit] | None
    ends_after: tuple[int, Unit] | None = None
    ends_with: Condition | None = None

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(option.condition for need in self.requires for option in need)

    @classmethod
    def of(cls, rule: Rule) -> CompiledRule:
        def condition(c: EventCondition) -> Condition:
            return Condition.of(c.event, c.where, c.refers_to_trigger, getattr(c, "since", None))

        def option(c: Requirement) -> Option:
            return Option(condition(c), (c.deadline.amount, c.deadline.unit) if c.deadline else None)

        recurrence = rule.recurrence
        ends_after = recurrence.ends_after if recurrence else None

        trig = rule.trigger
        return cls(
            id=rule.id,
            services=frozenset(rule.services),
            trigger=Condition.of(trig.event, trig.where) if trig.event else None,
            also=tuple(trig.also_events),
            nth=trig.nth,
            age_months=trig.age.years * 12 + trig.age.months if trig.age else None,
            clock_from=condition(trig.clock_from) if trig.clock_from else None,
            ages=(_months(rule.ages.from_years), _months(rule.ages.to_years)) if rule.ages else None,
            requires=tuple(
                tuple(option(c) for c in need.any_of) if isinstance(need, AnyOf) else (option(need),)
                for need in rule.requires
            ),
            amount=rule.deadline.amount,
            unit=rule.deadline.unit,
            direction=rule.deadline.direction,
            every=(recurrence.every, recurrence.unit) if recurrence else None,
            ends_after=(ends_after.amount, ends_after.unit) if ends_after else None,
            ends_with=condition(recurrence.ends_with) if recurrence and recurrence.ends_with else None,
        )


@dataclass(frozen=True)
class RuleSet:
    """A pack made ready for the engine: its rules, indexed by what can start their clocks.

    `by_trigger` maps an event type to the positions of the rules it triggers, and `by_age` lists
    the rules started by an age, so a child is only checked against rules something in their
    record can start. `event_types` are the types any rule reads (the services load only those).
    """

    name: str
    version: str
    rules: tuple[CompiledRule, ...]
    by_trigger: Mapping[str, tuple[int, ...]]
    by_age: tuple[int, ...]
    event_types: frozenset[str]

    @classmethod
    def of(cls, pack: Pack) -> RuleSet:
        rules = tuple(CompiledRule.of(rule) for rule in pack.rules)
        by_trigger: dict[str, list[int]] = {}
        for i, rule in enumerate(rules):
            if rule.trigger is not None:
                for kind in (rule.trigger.event, *rule.also):
                    by_trigger.setdefault(kind, []).append(i)
        types = {GENERATED_STARTED, GENERATED_ENDED}
        for implication in IMPLIED:
            types.add(implication.event)
            if implication.after:
                types.add(implication.after)
        for rule in rules:
            types.update(rule.also)
            for cond in (rule.trigger, rule.clock_from, rule.ends_with, *rule.conditions):
                if cond is not None:
                    types.add(cond.event)
        return cls(
            name=pack.pack,
            version=pack.version,
            rules=rules,
            by_trigger={kind: tuple(found) for kind, found in by_trigger.items()},
            by_age=tuple(i for i, rule in enumerate(rules) if rule.age_months is not None),
            event_types=frozenset(types),
        )


# --- A child made ready -------------------------------------------------------------------------


class _Event:
    """An event as the engine works with it: `order` sorts by date, time, then the order given.

    `implied`: 0 for a recorded event; otherwise an involvement stands in for it (see Implication).
    """

    __slots__ = ("id", "type", "on", "at", "attributes", "refers_to", "order", "implied")

    def __init__(self, ident: Hashable | None, kind: str, on: date, at: time | None,
                 attributes: Mapping[str, Any], refers_to: Hashable | None, seq: int,
                 implied: int = _RECORDED) -> None:
        self.id = ident
        self.type = kind
        self.on = on
        self.at = at
        self.attributes = attributes
        self.refers_to = refers_to
        self.order = (on, at or time.min, seq)
        self.implied = implied


_ORDER = attrgetter("order")


def _refers_to(event: _Event, trigger: _Event | None) -> bool:
    return trigger is not None and trigger.id is not None and event.refers_to == trigger.id


class _Stream:
    """The child's events of one type, in time order, with their dates ready for bisect."""

    __slots__ = ("events", "ordinals")

    def __init__(self, events: list[_Event]) -> None:
        events.sort(key=_ORDER)
        self.events = events
        self.ordinals = [e.on.toordinal() for e in events]

    def between(self, first: date, last: date) -> list[_Event]:
        """The events dated first..last, inclusive."""
        return self.events[
            bisect_left(self.ordinals, first.toordinal()) : bisect_right(self.ordinals, last.toordinal())
        ]


@dataclass(slots=True)
class _Span:
    """Involvements in a rule's service areas that overlap or follow on the next day: one stretch."""

    start: date
    last: date | None  # the last day of the stretch as recorded (None: open)
    ended: date | None  # the same, but only once it has passed (on or before the as-of date)
    involvements: list[Involvement]

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.last is None or day <= self.last)

    def involvement_on(self, day: date) -> Involvement:
        if len(self.involvements) == 1:
            return self.involvements[0]
        chosen = self.involvements[0]
        for inv in self.involvements:
            if inv.start <= day:
                chosen = inv
                if inv.end is None or day <= inv.end:
                    break
        return chosen


class _Child:
    def __init__(self, record: ChildRecord, as_of: date) -> None:
        self.birth_date = record.birth_date
        self.as_of = as_of
        self.as_of_ordinal = as_of.toordinal()
        replaced = {e.corrects for e in record.events if e.corrects is not None}
        # A reference to a corrected event follows the correction to the event that replaced it.
        replacement = {e.corrects: e.id for e in record.events if e.corrects is not None}

        def current(ref: Hashable | None) -> Hashable | None:
            seen = 0
            while ref in replacement and seen < 100:
                ref, seen = replacement[ref], seen + 1
            return ref

        by_type: dict[str, list[_Event]] = {}
        seq = 0
        for e in record.events:
            if e.id in replaced:
                continue
            refers = current(e.refers_to) if e.refers_to is not None else None
            by_type.setdefault(e.type, []).append(_Event(e.id, e.type, e.on, e.at, e.attributes, refers, seq))
            seq += 1
        for inv in record.involvements:
            attrs = {"service": inv.service}
            by_type.setdefault(GENERATED_STARTED, []).append(
                _Event(None, GENERATED_STARTED, inv.start, None, attrs, None, seq)
            )
            seq += 1
            if inv.end is not None:
                by_type.setdefault(GENERATED_ENDED, []).append(
                    _Event(None, GENERATED_ENDED, inv.end, None, attrs, None, seq)
                )
                seq += 1
        self.involvements = sorted(record.involvements, key=lambda i: (i.start, i.end or date.max))
        self._spans: dict[frozenset[str], list[_Span]] = {}
        self.streams = {kind: _Stream(events) for kind, events in by_type.items()}
        if self.involvements:
            self._imply(seq)
        self._all_services = frozenset(inv.service for inv in self.involvements)

    def _imply(self, seq: int) -> None:
        """Fill in and stand in the facts the involvements imply (IMPLIED)."""
        services = {inv.service for inv in self.involvements}
        for implication in IMPLIED:
            if implication.service not in services:
                continue
            spans = self.spans(frozenset((implication.service,)))
            stream = self.streams.get(implication.event)
            events = stream.events if stream is not None else []
            names = tuple(implication.attributes)
            for event in events:
                attributes = event.attributes
                if names and any(attributes.get(n, NOT_KNOWN) == NOT_KNOWN for n in names) and self._implies(
                    implication, event.on
                ):
                    event.attributes = {
                        **attributes,
                        **{n: v for n, v in implication.attributes.items()
                           if attributes.get(n, NOT_KNOWN) == NOT_KNOWN},
                    }
            if not implication.stands_in:
                continue
            added: list[_Event] = []
            for span in spans:
                start = span.start
                if implication.after is None:
                    # Any such event recorded in the stretch (or just before it) is the fact itself.
                    if stream is not None and stream.between(start - WITHIN, span.last or date.max):
                        continue
                else:
                    before = self.streams.get(implication.after)
                    earlier = before.between(start - relativedelta(months=1), start) if before else []
                    if not earlier or (
                        stream is not None and stream.between(earlier[-1].on, start + WITHIN)
                    ):
                        continue
                kind = _STANDS_FOR_EVENT if implication.is_the_event else _STANDS_FOR_FACT
                added.append(
                    _Event(None, implication.event, start, None, implication.attributes, None, seq, kind)
                )
                seq += 1
            if added:
                self.streams[implication.event] = _Stream(events + added)

    def _implies(self, implication: Implication, day: date) -> bool:
        if implication.opens_only:
            spans = self.spans(frozenset((implication.service,)))
            return any(day <= span.start <= day + WITHIN for span in spans)
        return any(
            inv.service == implication.service
            and inv.start <= day + WITHIN
            and (inv.end is None or inv.end > day)
            for inv in self.involvements
        )

    def spans(self, services: frozenset[str]) -> list[_Span]:
        found = self._spans.get(services)
        if found is None:
            found = []
            for inv in self.involvements:
                if inv.service not in services:
                    continue
                last = found[-1] if found else None
                if last is not None and (last.last is None or inv.start <= last.last + timedelta(days=1)):
                    last.involvements.append(inv)
                    if last.last is not None:
                        last.last = None if inv.end is None else max(last.last, inv.end)
                else:
                    found.append(_Span(inv.start, inv.end, None, [inv]))
            for span in found:
                span.ended = span.last if span.last is not None and span.last <= self.as_of else None
            self._spans[services] = found
        return found

    def episode_start(self, day: date) -> date:
        """The start of the child's stretch of involvements (in any service) that holds `day`."""
        start = day
        for span in self.spans(self._all_services):
            if span.start <= day and (span.last is None or day <= span.last):
                return span.start
            if span.start <= day:
                start = span.start  # after the stretch ended: the most recent one
        return start

    def first(
        self,
        cond: Condition,
        *,
        since: date,
        strictly: bool = False,
        trigger: _Event | None = None,
    ) -> _Event | None:
        """The first recorded event meeting `cond` on (or strictly after) `since`, up to the as-of date."""
        stream = self.streams.get(cond.event)
        if stream is None:
            return None
        ordinal = since.toordinal()
        start = bisect_right(stream.ordinals, ordinal) if strictly else bisect_left(stream.ordinals, ordinal)
        limit = self.as_of_ordinal
        events, ordinals = stream.events, stream.ordinals
        for i in range(start, len(events)):
            if ordinals[i] > limit:
                return None
            event = events[i]
            if event is trigger or event.implied or not (cond.any_of_type or cond.matches(event)):
                continue
            if cond.refers_to_trigger and not _refers_to(event, trigger):
                continue
            return event
        return None

    def before(
        self,
        cond: Condition,
        *,
        due: date,
        moment: datetime | None,
        trigger: _Event | None,
        lower: date,
        upper: date | None,
    ) -> _Event | None:
        """For a rule due before its trigger: the first match from `lower` on time, else the first
        after it dated before `upper` (the rule's next trigger, which later evidence answers)."""
        stream = self.streams.get(cond.event)
        if stream is None:
            return None
        limit = self.as_of_ordinal if upper is None else min(self.as_of_ordinal, upper.toordinal() - 1)
        ordinals = stream.ordinals
        for i in range(bisect_left(ordinals, lower.toordinal()), len(ordinals)):
            if ordinals[i] > limit:
                break
            event = stream.events[i]
            if event is trigger or event.implied or not (cond.any_of_type or cond.matches(event)):
                continue
            if cond.refers_to_trigger and not _refers_to(event, trigger):
                continue
            return event  # the first in time: on time if anything is
        return None

    def latest(self, cond: Condition, *, lower: date, until: date) -> tuple[_Event | None, Missing | None]:
        """The latest event meeting `cond` from `lower` to `until`; or, when a later event of the type
        lacks a fact the condition names, what is missing (that event may be the one)."""
        stream = self.streams.get(cond.event)
        if stream is None:
            return None, None
        low = bisect_left(stream.ordinals, lower.toordinal())
        for i in range(bisect_right(stream.ordinals, until.toordinal()) - 1, low - 1, -1):
            event = stream.events[i]
            if cond.matches(event):
                return event, None
            attribute = cond.missing(event)
            if attribute is not None and not event.implied:
                return None, Missing(event.id, event.type, attribute, event.on)
        return None, None

    def first_after(self, cond: Condition, *, day: date) -> date | None:
        """The date of the first event meeting `cond` strictly after `day`, up to the as-of date."""
        found = self.first(cond, since=day, strictly=True)
        return found.on if found is not None else None


# --- Evaluation ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Trigger:
    on: date
    at: time | None
    event: _Event | None
    span: _Span
    missing: Missing | None = None  # the trigger event lacks a fact the rule's `where` names


def _trigger_order(trigger: _Trigger) -> tuple[Any, ...]:
    return trigger.event.order if trigger.event is not None else (trigger.on,)


def _trigger_events(child: _Child, kinds: tuple[str, ...]) -> list[_Event]:
    """The child's events of these types, in time order."""
    streams = [stream for kind in kinds if (stream := child.streams.get(kind)) is not None]
    if len(streams) == 1:
        return streams[0].events
    return sorted((e for stream in streams for e in stream.events), key=_ORDER)


def _triggers(rule: CompiledRule, child: _Child, spans: list[_Span]) -> list[_Trigger]:
    """The rule's triggers, and the events that may be triggers but lack a fact (in date order)."""
    found: list[_Trigger] = []
    forward = rule.direction == "after"
    if rule.trigger is not None:
        cond = rule.trigger
        events = _trigger_events(child, (cond.event, *rule.also))
        if not events:
            return found
        for span in spans:
            inside = [e for e in events if span.holds(e.on)]
            matching = [e for e in inside if cond.matches(e)]
            if rule.nth is not None:
                # Events that may be triggers before the nth count as unknown: they may be the nth.
                cut = matching[rule.nth - 1].order if len(matching) >= rule.nth else None
                matching = matching[rule.nth - 1 : rule.nth]
            else:
                cut = None
            these = [_Trigger(e.on, e.at, e, span) for e in matching]
            if cond.where and len(matching) < len(inside):
                unknown = False
                for e in inside:
                    if e.implied or (cut is not None and e.order > cut) or cond.matches(e):
                        continue
                    attribute = cond.missing(e)
                    if attribute is not None:
                        these.append(_Trigger(e.on, e.at, e, span, Missing(e.id, e.type, attribute, e.on)))
                        unknown = True
                if unknown:
                    these.sort(key=_trigger_order)
            found.extend(these)
    elif rule.age_months is not None and child.birth_date is not None:
        reached = child.birth_date + relativedelta(months=rule.age_months)
        for span in spans:
            if span.holds(reached):
                found.append(_Trigger(reached, None, None, span))
                break
    if forward:
        found = [t for t in found if t.on <= child.as_of]
    if rule.ages is not None:
        found = [t for t in found if _age_fits(rule.ages, child.birth_date, t.on)]
    return found


def _age_fits(ages: tuple[int | None, int | None], birth_date: date | None, day: date) -> bool:
    if birth_date is None:
        return False
    low, high = ages
    if low is not None and day < birth_date + relativedelta(months=low):
        return False
    return not (high is not None and day >= birth_date + relativedelta(months=high))


def _deadline(amount: int, unit: Unit, direction: Direction, start: date, start_at: time | None
              ) -> tuple[date, datetime | None]:
    if unit == "hours" and start_at is not None:
        moment = deadline_moment(datetime.combine(start, start_at), hours=amount, direction=direction)
        return moment.date(), moment
    return deadline_date(start, amount=amount, unit=unit, direction=direction), None


def _on_time(event: _Event, due: date, moment: datetime | None) -> bool:
    """By the deadline: to the minute where both have a time (an `hours` rule), else by date."""
    if moment is not None and event.at is not None:
        return datetime.combine(event.on, event.at) <= moment
    return event.on <= due


# What one requirement found: the event and whether it was on time (None: nothing yet).
_Found = tuple[_Event, bool] | None


def _best(candidates: list[_Found]) -> _Found:
    """Of what each option of a requirement found: the earliest on time, else the earliest."""
    best: _Found = None
    for found in candidates:
        if found is None:
            continue
        if best is None or (found[1], best[0].order) > (best[1], found[0].order):
            best = found
    return best


def _judge(rule_id: str, period: int, trigger: _Trigger, due: date, found: list[_Found], as_of: date,
           ended: date | None, first_period: bool) -> Result:
    trigger_id = trigger.event.id if trigger.event is not None else None
    involvement = trigger.span.involvement_on(due if due < as_of else as_of).id
    last: _Event | None = None
    on_time = True
    for item in found:
        if item is None:
            last = None
            break
        event, timely = item
        if last is None or event.order > last.order:
            last = event
        on_time = on_time and timely
    if last is not None and on_time:
        return Result(rule_id, MET, period, trigger_id, trigger.on, due, last.on, last.id, involvement)
    if first_period and ended is not None and ended < due:
        return Result(rule_id, NOT_APPLICABLE, period, trigger_id, trigger.on, due, None, None, involvement,
                      INVOLVEMENT_ENDED)
    if last is not None:
        return Result(rule_id, MET_LATE, period, trigger_id, trigger.on, due, last.on, last.id, involvement)
    return Result(rule_id, DUE if as_of <= due else OVERDUE, period, trigger_id, trigger.on, due, None, None,
                  involvement)


def _found_after(child: _Child, cond: Condition, anchor: date, trigger: _Trigger, due: date) -> _Found:
    event = child.first(cond, since=anchor, strictly=True, trigger=trigger.event)
    return None if event is None else (event, _on_time(event, due, None))


def _lower(child: _Child, cond: Condition, trigger: _Trigger, previous: date | None) -> date:
    """The first day whose events count for this occasion (`since`; decision 0207)."""
    if cond.since == "any_time":
        return date.min
    start = child.episode_start(trigger.on)
    if cond.since == "involvement" or previous is None:
        return start
    return max(start, previous + timedelta(days=1))


def _unknown(rule: CompiledRule, trigger: _Trigger, missing: Missing, as_of: date) -> Result:
    # The deadline as if the fact were there, counted from the event that lacks it: the date by
    # which it matters.
    day = missing.on or trigger.on
    due, _ = _deadline(rule.amount, rule.unit, rule.direction, day, None)
    trigger_id = trigger.event.id if trigger.event is not None else None
    involvement = trigger.span.involvement_on(min(due, as_of)).id
    return Result(rule.id, UNKNOWN, 1, trigger_id, trigger.on, due, None, None, involvement, None, missing)


def _chain(rule: CompiledRule, child: _Child, trigger: _Trigger, previous: date | None,
           next_trigger: date | None) -> list[Result]:
    """The results for one trigger: the first deadline, then each period of a recurring rule.

    `previous` and `next_trigger` are the dates of the rule's triggers before and after this one
    in the same stretch: evidence before the previous one belongs to it (decision 0207).
    """
    as_of, ended = child.as_of, trigger.span.ended
    if trigger.missing is not None:
        return [_unknown(rule, trigger, trigger.missing, as_of)]
    if rule.direction == "before":
        found: list[_Found] = []
        dues: list[date] = []
        for need in rule.requires:
            candidates: list[_Found] = []
            for option in need:
                amount, unit = option.deadline or (rule.amount, rule.unit)
                option_due, moment = _deadline(amount, unit, "before", trigger.on, trigger.at)
                dues.append(option_due)
                event = child.before(
                    option.condition, due=option_due, moment=moment, trigger=trigger.event,
                    lower=_lower(child, option.condition, trigger, previous), upper=next_trigger,
                )
                candidates.append(None if event is None else (event, _on_time(event, option_due, moment)))
            found.append(_best(candidates))
        return [_judge(rule.id, 1, trigger, max(dues), found, as_of, ended, True)]

    clock, clock_at = trigger.on, trigger.at
    if rule.clock_from is not None:
        started, missing = child.latest(
            rule.clock_from, lower=_lower(child, rule.clock_from, trigger, previous), until=trigger.on
        )
        if missing is not None:
            return [_unknown(rule, trigger, missing, as_of)]
        if started is not None:
            clock, clock_at = started.on, started.at
    found = []
    due: date | None = None
    for need in rule.requires:
        best: _Found = None
        for option in need:
            amount, unit = option.deadline or (rule.amount, rule.unit)
            option_due, moment = _deadline(amount, unit, "after", clock, clock_at)
            due = option_due if due is None or option_due > due else due
            event = child.first(option.condition, since=clock, trigger=trigger.event)
            if event is None:
                continue
            timely = _on_time(event, option_due, moment)
            if not timely and next_trigger is not None and event.on >= next_trigger:
                # Something done late, once the trigger has come round again, answers the new
                # trigger, not this one: this one was missed (three core groups and one late
                # sharing are not three "met late").
                continue
            if best is None or (timely, best[0].order) > (best[1], event.order):
                best = (event, timely)
        found.append(best)
    assert due is not None  # a rule requires at least one thing
    result = _judge(rule.id, 1, trigger, due, found, as_of, ended, True)
    results = [result]
    if rule.every is None:
        return results
    every, unit = rule.every
    stop = ended
    if rule.ends_after is not None:
        amount, ends_unit = rule.ends_after
        last_day = deadline_date(clock, amount=amount, unit=ends_unit)
        stop = last_day if stop is None else min(stop, last_day)
    if rule.ends_with is not None:
        ending = child.first_after(rule.ends_with, day=trigger.on)
        if ending is not None:
            stop = ending if stop is None else min(stop, ending)
    period = 1
    while (result.status == MET or result.status == MET_LATE) and result.met_on is not None:
        anchor = result.met_on
        due = deadline_date(anchor, amount=every, unit=unit)
        if (stop is not None and due > stop) or (next_trigger is not None and due > next_trigger):
            break
        period += 1
        found = [_best([_found_after(child, o.condition, anchor, trigger, due) for o in need])
                 for need in rule.requires]
        result = _judge(rule.id, period, trigger, due, found, as_of, ended, False)
        results.append(result)
    return results


def evaluate(rules: RuleSet, record: ChildRecord, as_of: date, *, every_rule: bool = True) -> list[Result]:
    """Each rule's results for the child as of `as_of`, in pack order.

    With `every_rule` (the default) a rule that has nothing to judge still gives one
    not_applicable result saying why; the services leave those out of storage (a missing row
    means the rule did not apply) because they are most of the rows and none of the work.
    """
    child = _Child(record, as_of)
    startable = set(rules.by_age)
    for kind in child.streams:
        startable.update(rules.by_trigger.get(kind, ()))
    results: list[Result] = []
    for position, rule in enumerate(rules.rules):
        if position not in startable:
            if every_rule:
                reason = NO_TRIGGER if child.spans(rule.services) else NO_INVOLVEMENT
                results.append(Result(rule.id, NOT_APPLICABLE, reason=reason))
            continue
        spans = child.spans(rule.services)
        triggers = _triggers(rule, child, spans) if spans else []
        if not triggers:
            if every_rule:
                reason = NO_TRIGGER if spans else NO_INVOLVEMENT
                results.append(Result(rule.id, NOT_APPLICABLE, reason=reason))
            continue
        # Triggers whose facts are known mark the occasions; an unknown one marks none.
        known = [t for t in triggers if t.missing is None]
        k = 0
        for trigger in triggers:
            previous = next_on = None
            if trigger.missing is None:
                if k > 0 and known[k - 1].span is trigger.span:
                    previous = known[k - 1].on
                if k + 1 < len(known) and known[k + 1].span is trigger.span:
                    next_on = known[k + 1].on
                k += 1
            results.extend(_chain(rule, child, trigger, previous, next_on))
    return results
