"""The rules engine: a child's involvements and events, a pack's rules and a date in; results out.

Pure functions on plain data (named tuples and dataclasses), with no database:
`kinmap.rules.services` feeds it from the record, `kinmap check` from a history file. docs/packs.md
says what each pack field means; this module is the executable form of that page and
kinmap/rules/tests/test_engine.py its examples; docs/decisions/0200 records the readings the page
was silent on.

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
from kinmap.rules.schema import EventCondition, Pack, Rule

MET = "met"
MET_LATE = "met_late"
DUE = "due"
OVERDUE = "overdue"
NOT_APPLICABLE = "not_applicable"
STATUSES = (MET, MET_LATE, DUE, OVERDUE, NOT_APPLICABLE)

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


# --- What comes out -----------------------------------------------------------------------------


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

    @classmethod
    def of(cls, event: str, where: Mapping[str, Any], refers_to_trigger: bool = False) -> Condition:
        pairs = tuple(
            (name, tuple(value) if isinstance(value, list | tuple) else (value,))
            for name, value in where.items()
        )
        return cls(event, pairs, refers_to_trigger, not pairs and not refers_to_trigger)

    def matches(self, event: _Event) -> bool:
        attributes = event.attributes
        for name, allowed in self.where:
            if name not in attributes:
                return False
            value = attributes[name]
            if not any(_same(value, choice) for choice in allowed):
                return False
        return True


def _months(years: float | None) -> int | None:
    return None if years is None else round(years * 12)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    services: frozenset[str]
    trigger: Condition | None
    nth: int | None
    age_months: int | None
    clock_from: Condition | None
    ages: tuple[int | None, int | None] | None
    requires: tuple[Condition, ...]
    amount: int
    unit: Unit
    direction: Direction
    every: tuple[int, Unit] | None

    @classmethod
    def of(cls, rule: Rule) -> CompiledRule:
        def condition(c: EventCondition) -> Condition:
            return Condition.of(c.event, c.where, c.refers_to_trigger)

        trig = rule.trigger
        return cls(
            id=rule.id,
            services=frozenset(rule.services),
            trigger=Condition.of(trig.event, trig.where) if trig.event else None,
            nth=trig.nth,
            age_months=trig.age.years * 12 + trig.age.months if trig.age else None,
            clock_from=condition(trig.clock_from) if trig.clock_from else None,
            ages=(_months(rule.ages.from_years), _months(rule.ages.to_years)) if rule.ages else None,
            requires=tuple(condition(c) for c in rule.requires),
            amount=rule.deadline.amount,
            unit=rule.deadline.unit,
            direction=rule.deadline.direction,
            every=(rule.recurrence.every, rule.recurrence.unit) if rule.recurrence else None,
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
                by_trigger.setdefault(rule.trigger.event, []).append(i)
        types = {GENERATED_STARTED, GENERATED_ENDED}
        for rule in rules:
            for cond in (rule.trigger, rule.clock_from, *rule.requires):
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
    """An event as the engine works with it: `order` sorts by date, time, then the order given."""

    __slots__ = ("id", "on", "at", "attributes", "refers_to", "order")

    def __init__(self, ident: Hashable | None, on: date, at: time | None, attributes: Mapping[str, Any],
                 refers_to: Hashable | None, seq: int) -> None:
        self.id = ident
        self.on = on
        self.at = at
        self.attributes = attributes
        self.refers_to = refers_to
        self.order = (on, at or time.min, seq)


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
            by_type.setdefault(e.type, []).append(_Event(e.id, e.on, e.at, e.attributes, refers, seq))
            seq += 1
        for inv in record.involvements:
            attrs = {"service": inv.service}
            by_type.setdefault(GENERATED_STARTED, []).append(
                _Event(None, inv.start, None, attrs, None, seq)
            )
            seq += 1
            if inv.end is not None:
                by_type.setdefault(GENERATED_ENDED, []).append(
                    _Event(None, inv.end, None, attrs, None, seq)
                )
                seq += 1
        self.streams = {kind: _Stream(events) for kind, events in by_type.items()}
        self.involvements = sorted(record.involvements, key=lambda i: (i.start, i.end or date.max))
        self._spans: dict[frozenset[str], list[_Span]] = {}

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

    def first(
        self,
        cond: Condition,
        *,
        since: date,
        strictly: bool = False,
        trigger: _Event | None = None,
    ) -> _Event | None:
        """The first event meeting `cond` on (or strictly after) `since`, up to the as-of date."""
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
            if event is trigger or not (cond.any_of_type or cond.matches(event)):
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
    ) -> _Event | None:
        """For a rule due before its trigger: the first match on time, else the first after it."""
        stream = self.streams.get(cond.event)
        if stream is None:
            return None
        late: _Event | None = None
        for i, event in enumerate(stream.events):
            if stream.ordinals[i] > self.as_of_ordinal:
                break
            if event is trigger or not (cond.any_of_type or cond.matches(event)):
                continue
            if cond.refers_to_trigger and not _refers_to(event, trigger):
                continue
            if _on_time(event, due, moment):
                return event
            if late is None:
                late = event
        return late

    def latest(self, cond: Condition, *, until: date) -> _Event | None:
        stream = self.streams.get(cond.event)
        if stream is None:
            return None
        for i in range(bisect_right(stream.ordinals, until.toordinal()) - 1, -1, -1):
            if cond.matches(stream.events[i]):
                return stream.events[i]
        return None


# --- Evaluation ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Trigger:
    on: date
    at: time | None
    event: _Event | None
    span: _Span


def _triggers(rule: CompiledRule, child: _Child, spans: list[_Span]) -> list[_Trigger]:
    found: list[_Trigger] = []
    forward = rule.direction == "after"
    if rule.trigger is not None:
        stream = child.streams.get(rule.trigger.event)
        if stream is None:
            return found
        cond = rule.trigger
        matching = stream.events if cond.any_of_type else [e for e in stream.events if cond.matches(e)]
        for span in spans:
            inside = [e for e in matching if span.holds(e.on)]
            if rule.nth is not None:
                inside = inside[rule.nth - 1 : rule.nth]
            found.extend(_Trigger(e.on, e.at, e, span) for e in inside)
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


def _deadline(rule: CompiledRule, start: date, start_at: time | None) -> tuple[date, datetime | None]:
    if rule.unit == "hours" and start_at is not None:
        moment = deadline_moment(
            datetime.combine(start, start_at), hours=rule.amount, direction=rule.direction
        )
        return moment.date(), moment
    return deadline_date(start, amount=rule.amount, unit=rule.unit, direction=rule.direction), None


def _on_time(event: _Event, due: date, moment: datetime | None) -> bool:
    """By the deadline: to the minute where both have a time (an `hours` rule), else by date."""
    if moment is not None and event.at is not None:
        return datetime.combine(event.on, event.at) <= moment
    return event.on <= due


def _judge(rule_id: str, period: int, trigger: _Trigger, due: date, moment: datetime | None,
           found: list[_Event | None], as_of: date, ended: date | None, first_period: bool) -> Result:
    trigger_id = trigger.event.id if trigger.event is not None else None
    involvement = trigger.span.involvement_on(due if due < as_of else as_of).id
    last: _Event | None = None
    on_time = True
    for event in found:
        if event is None:
            last = None
            break
        if last is None or event.order > last.order:
            last = event
        if on_time and not _on_time(event, due, moment):
            on_time = False
    if last is not None and on_time:
        return Result(rule_id, MET, period, trigger_id, trigger.on, due, last.on, last.id, involvement)
    if first_period and ended is not None and ended < due:
        return Result(rule_id, NOT_APPLICABLE, period, trigger_id, trigger.on, due, None, None, involvement,
                      INVOLVEMENT_ENDED)
    if last is not None:
        return Result(rule_id, MET_LATE, period, trigger_id, trigger.on, due, last.on, last.id, involvement)
    return Result(rule_id, DUE if as_of <= due else OVERDUE, period, trigger_id, trigger.on, due, None, None,
                  involvement)


def _chain(rule: CompiledRule, child: _Child, trigger: _Trigger, next_trigger: date | None) -> list[Result]:
    """The results for one trigger: the first deadline, then each period of a recurring rule."""
    as_of, ended = child.as_of, trigger.span.ended
    if rule.direction == "before":
        due, moment = _deadline(rule, trigger.on, trigger.at)
        found = [child.before(c, due=due, moment=moment, trigger=trigger.event) for c in rule.requires]
        return [_judge(rule.id, 1, trigger, due, moment, found, as_of, ended, True)]

    clock, clock_at = trigger.on, trigger.at
    if rule.clock_from is not None:
        started = child.latest(rule.clock_from, until=trigger.on)
        if started is not None:
            clock, clock_at = started.on, started.at
    due, moment = _deadline(rule, clock, clock_at)
    found = [child.first(c, since=clock, trigger=trigger.event) for c in rule.requires]
    if next_trigger is not None and next_trigger > trigger.on:
        # Something done late, once the trigger has come round again, answers the new trigger, not
        # this one: this one was missed (three core groups and one late sharing are not three
        # "met late").
        found = [
            e if e is None or _on_time(e, due, moment) or e.on < next_trigger else None for e in found
        ]
    result = _judge(rule.id, 1, trigger, due, moment, found, as_of, ended, True)
    results = [result]
    if rule.every is None:
        return results
    every, unit = rule.every
    period = 1
    while (result.status == MET or result.status == MET_LATE) and result.met_on is not None:
        anchor = result.met_on
        due = deadline_date(anchor, amount=every, unit=unit)
        if (ended is not None and due > ended) or (next_trigger is not None and due > next_trigger):
            break
        period += 1
        found = [child.first(c, since=anchor, strictly=True, trigger=trigger.event) for c in rule.requires]
        result = _judge(rule.id, period, trigger, due, None, found, as_of, ended, False)
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
        for i, trigger in enumerate(triggers):
            following = triggers[i + 1] if i + 1 < len(triggers) else None
            next_on = following.on if following is not None and following.span is trigger.span else None
            results.extend(_chain(rule, child, trigger, next_on))
    return results
