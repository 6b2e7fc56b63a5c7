"""What Kinmap makes, behind the demo's events of the types it makes: a completed mapping behind each
"Mapping completed", shared or agreed statements and goals behind "Statements shared" and "agreed", a
scaling question and each person's score behind "Scaling recorded". Each event names what it was made
from (`artefact_type`, `artefact_id`) and the artefact points back at its event, as when a practitioner
makes them through the mapping services.

They are light (docs/decisions/0155-demo-artefacts-in-bulk.md): a mapping has three entries (a worry,
a strength, a goal), carried forward from the child's last mapping as the mapping services do; each
child has one statement and goal, shared then agreed, and one scaling question scored by a parent and
the practitioner, the scores rising a little over the months. They are written in bulk with the
journey's events (kinmap.demo.batch), their history rows included. The showcase children's fuller
content goes through the mapping services (kinmap.demo.mapping).

Event types Kinmap does not make yet (genogram, words and pictures...) stay as the journey records them.
Everything here is synthetic and written for the family to read.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.db import models

from kinmap.journey.vocabulary import vocabulary
from kinmap.mapping.models import (
    DangerStatement,
    Mapping,
    MappingEntry,
    PairStatus,
    SafetyGoal,
    ScalingQuestion,
    ScalingScore,
    ScorerRole,
    SharingAction,
    StatementSharing,
)
from kinmap.rules.labels import variant_key

if TYPE_CHECKING:
    from kinmap.demo.batch import EventRow

MAPPING, SHARED, AGREED, SCALING = (
    "mapping_completed",
    "statements_shared",
    "statements_agreed",
    "scaling_recorded",
)
MADE = (MAPPING, SHARED, AGREED, SCALING)  # the types of event the demo makes the artefacts of


@dataclass(frozen=True)
class Theme:
    """What a light mapping, statement and scaling question say ({child}: the child's first name)."""

    worry: str
    strength: str
    goal: str
    impact: str
    question: str
    zero: str
    ten: str


LIGHT_THEMES = (
    Theme(
        worry="The adults at home have been fighting, and {child} has seen it.",
        strength="{child} has a nan who sees them most days and helps out.",
        goal="{child} lives in a calm home where the adults keep them safe.",
        impact="{child} could be hurt, and could feel scared at home.",
        question="How safe is {child} at home?",
        zero="{child} will be hurt at home.",
        ten="Everyone is sure {child} is safe at home.",
    ),
    Theme(
        worry="{child} has missed meals and school when mum has been very low.",
        strength="Mum and {child} are close and do lots together.",
        goal="{child} has food every day and gets to school on time.",
        impact="{child} could go hungry and miss out at school.",
        question="How sure are we that {child} is fed and at school each day?",
        zero="{child} goes without food and misses school most weeks.",
        ten="{child} is fed and at school every day.",
    ),
    Theme(
        worry="Dad has been drinking a lot and shouting when he looks after {child}.",
        strength="Dad has started going to a drink support group.",
        goal="An adult who has not had a drink looks after {child} each day.",
        impact="{child} could be hurt or left without care.",
        question="How well is {child} looked after by a sober adult?",
        zero="{child} is often cared for by an adult who has been drinking.",
        ten="A sober adult always looks after {child}.",
    ),
)
CARRIED = ("domain", "text", "source", "source_name", "kind", "noticed_on", "harm_frequency", "harm_timespan")
REASONS = {
    ScorerRole.PARENT: ("We have help now and it is calmer.", "A few more weeks like this."),
    ScorerRole.PRACTITIONER: ("The family are working with us.", "The plan kept to for a month."),
}


@cache
def artefact_model(event_type: str) -> str:
    """The model the vocabulary says an event type is made from ("mapping.mapping")."""
    spec = vocabulary().event_types[event_type].artefact
    assert spec is not None and spec.model, f"Kinmap does not make {event_type} events"
    return spec.model


_DEFAULTS: dict[type[models.Model], dict[str, Any]] = {}


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    if model not in _DEFAULTS:
        _DEFAULTS[model] = {f.attname: f.get_default() for f in model._meta.concrete_fields}
    return _DEFAULTS[model]


@cache
def _meetings() -> frozenset[str]:
    return frozenset(k for k, spec in vocabulary().event_types.items() if spec.meeting)


def record(model: type[models.Model], pk: int, *, at: datetime, user: Any, **values: Any) -> SimpleNamespace:
    """A row of the model waiting to be written, made at `at` by `user` (for it and its history)."""
    row = SimpleNamespace(**_defaults(model))
    row.__dict__.update(
        values, id=pk, created_at=at, created_by_id=user.pk, _history_date=at, _history_user=user
    )
    return row


@dataclass
class Made:
    """Rows of what was made, by model, and the rows of many-to-many links between them."""

    records: dict[type[models.Model], list[SimpleNamespace]] = field(
        default_factory=lambda: defaultdict(list)
    )
    links: dict[Any, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def write(self) -> None:
        from kinmap.demo.batch import insert_records, insert_rows

        for model in (Mapping, MappingEntry, DangerStatement, SafetyGoal, StatementSharing, ScalingQuestion):
            insert_records(model, self.records.get(model, []))
        insert_records(ScalingScore, self.records.get(ScalingScore, []))
        for through, rows in self.links.items():
            fields = [f for f in through._meta.concrete_fields if not f.primary_key]
            insert_rows(through, fields, rows)


@dataclass
class ChildArtefacts:
    """What has been made for one child so far (`known`: by the mapping services, for a showcase child:
    their statements' progress is theirs, and each scaling question's rounds are carried on)."""

    theme: Theme
    name: str
    mapping: Any = None
    entries: list[Any] = field(default_factory=list)
    statements: list[Any] = field(default_factory=list)
    goals: list[Any] = field(default_factory=list)
    questions: list[Any] = field(default_factory=list)
    rounds: dict[int, list[tuple[date, list[Any]]]] = field(default_factory=dict)
    scaled: int = 0
    start: int = 3
    known: bool = False


class _Ids:
    """Ids for new rows of each model, reserved a block at a time."""

    def __init__(self) -> None:
        self.free: dict[type[models.Model], list[int]] = defaultdict(list)

    def __call__(self, model: type[models.Model]) -> int:
        from kinmap.demo.batch import reserve_ids

        free = self.free[model]
        if not free:
            free.extend(reversed(reserve_ids(model, 500)))
        return free.pop()


def make_artefacts(events: list[EventRow], *, known: dict[int, ChildArtefacts] | None = None) -> Made:
    """Make what Kinmap makes behind each event of the types in MADE (the events' ids already reserved),
    and say on each event what it was made from. `known`: what the services made for showcase children
    already (by the child's id), to carry on."""
    mine = [e for e in events if e.type in MADE]
    mine.sort(key=lambda e: (e.occurred_on, e.recorded_at))
    # Each child's meetings by day, to link what was done at (or just after) the latest of them.
    meetings: dict[int, list[tuple[date, int | None]]] = defaultdict(list)
    for e in sorted((e for e in events if e.type in _meetings()), key=lambda e: e.occurred_on):
        meetings[id(e.child)].append((e.occurred_on, e.pk))
    made, ids = Made(), _Ids()
    done: dict[int, ChildArtefacts] = {}
    for event in mine:
        child = done.get(id(event.child))
        if child is None:
            rng = random.Random(event.child.reference)
            name = event.child.person.first_name if event.child.person.date_of_birth else "the baby"
            child = (known or {}).get(event.child.pk) or ChildArtefacts(
                theme=rng.choice(LIGHT_THEMES), name=name, start=rng.randint(2, 4)
            )
            done[id(event.child)] = child
        held = meetings.get(id(event.child), [])
        at = bisect_right(held, (event.occurred_on, math.inf))
        latest = held[at - 1] if at else None
        today = latest[1] if latest and latest[0] == event.occurred_on else None
        if event.type == MAPPING:  # at a meeting: the latest, done on the day or just after
            _mapping(made, ids, child, event, latest[1] if latest else None)
        elif event.type == SCALING:
            _scaling(made, ids, child, event, today)
        else:
            _sharing(made, ids, child, event, today)
        event.artefact_type = artefact_model(event.type)
    return made


def _say(child: ChildArtefacts, text: str) -> str:
    text = text.format(child=child.name)
    return text[0].upper() + text[1:]


def _variant(event: EventRow) -> str:
    return _variant_for(event.child.council, event.involvement.service_area)


@cache
def _variant_for(council: Any, service_area: str) -> str:
    return variant_key(council=council, service_area=service_area)


def _mapping(made: Made, ids: _Ids, child: ChildArtefacts, event: EventRow, meeting: int | None) -> None:
    at, by, day = event.recorded_at, event.recorded_by, event.occurred_on
    mapped_with = event.attributes.get("with", "family")
    mapping = record(
        Mapping,
        ids(Mapping),
        at=at,
        user=by,
        child_id=event.child.pk,
        involvement_id=event.involvement.pk,
        variant=_variant(event),
        mapped_on=day,
        mapped_with=mapped_with,
        meeting_id=meeting if mapped_with == "meeting" else None,
        previous_id=child.mapping.id if child.mapping else None,
        completed_on=day,
        completed_event_id=event.pk,
    )
    # A later mapping carries the last one's entries forward; the first has the theme's three.
    entries = [
        record(
            MappingEntry,
            ids(MappingEntry),
            at=at,
            user=by,
            mapping_id=mapping.id,
            **{name: getattr(before, name) for name in CARRIED},
            carried_from_id=before.id,
        )
        for before in child.entries
    ] or [
        record(
            MappingEntry,
            ids(MappingEntry),
            at=at,
            user=by,
            mapping_id=mapping.id,
            domain=domain,
            text=_say(child, text),
            source=source,
            kind=kind,
            noticed_on=day,
        )
        for domain, text, source, kind in (
            ("danger", child.theme.worry, "observation", "opinion"),
            ("existing_strengths", child.theme.strength, "parent", "fact"),
            ("goals", child.theme.goal, "parent", "opinion"),
        )
    ]
    made.records[Mapping].append(mapping)
    made.records[MappingEntry].extend(entries)
    child.mapping, child.entries = mapping, entries
    event.artefact_id = mapping.id


def _pair(made: Made, ids: _Ids, child: ChildArtefacts, event: EventRow) -> None:
    """The child's statement and goal, written the first time they are shared, agreed or scaled."""
    at, by = event.recorded_at, event.recorded_by
    statement = record(
        DangerStatement,
        ids(DangerStatement),
        at=at,
        user=by,
        child_id=event.child.pk,
        mapping_id=child.mapping.id if child.mapping else None,
        variant=_variant(event),
        who_is_worried="The social worker, the family's network and school",
        worry=_say(child, child.theme.worry),
        impact=_say(child, child.theme.impact),
        status=PairStatus.DRAFT,
    )
    statement._versions = [(at, by, "", {"status": PairStatus.DRAFT})]
    goal = record(
        SafetyGoal,
        ids(SafetyGoal),
        at=at,
        user=by,
        statement_id=statement.id,
        text=_say(child, child.theme.goal),
    )
    made.records[DangerStatement].append(statement)
    made.records[SafetyGoal].append(goal)
    child.statements, child.goals = [statement], [goal]


def _sharing(made: Made, ids: _Ids, child: ChildArtefacts, event: EventRow, meeting: int | None) -> None:
    """Statements shared or agreed (at a meeting when there was one that day)."""
    if not child.statements:
        _pair(made, ids, child, event)
    at, by = event.recorded_at, event.recorded_by
    agreed = event.type == AGREED
    for statement in child.statements if not child.known else ():
        # A pair is shared before it is agreed: agreed the first time it is shared, it was shared then too.
        if statement.status == PairStatus.DRAFT:
            statement.status = PairStatus.SHARED
            statement._versions.append((at, by, "", {"status": PairStatus.SHARED}))
        if agreed and statement.status != PairStatus.AGREED:
            statement.status = PairStatus.AGREED
            statement._versions.append((at, by, "", {"status": PairStatus.AGREED}))
    with_network = bool(event.attributes.get("with_network"))
    sharing = record(
        StatementSharing,
        ids(StatementSharing),
        at=at,
        user=by,
        child_id=event.child.pk,
        action=SharingAction.AGREED if agreed else SharingAction.SHARED,
        on=event.occurred_on,
        method="meeting" if meeting else "face_to_face",
        with_whom="The family and their network" if with_network else "The family",
        with_network=with_network,
        event_id=event.pk,
    )
    made.records[StatementSharing].append(sharing)
    made.links[StatementSharing.statements.through].extend((sharing.id, s.id) for s in child.statements)
    made.links[StatementSharing.goals.through].extend((sharing.id, g.id) for g in child.goals)
    event.artefact_id = sharing.id


def _scaling(made: Made, ids: _Ids, child: ChildArtefacts, event: EventRow, meeting: int | None) -> None:
    """A round of scores on one question: the question the event names (a showcase child's), else the
    child's one question, scored by a parent and the practitioner."""
    at, by, day = event.recorded_at, event.recorded_by, event.occurred_on
    if not child.statements:
        _pair(made, ids, child, event)
    if not child.questions:
        child.questions = [
            record(
                ScalingQuestion,
                ids(ScalingQuestion),
                at=at,
                user=by,
                child_id=event.child.pk,
                statement_id=child.statements[0].id,
                question=_say(child, child.theme.question),
                zero_means=_say(child, child.theme.zero),
                ten_means=_say(child, child.theme.ten),
            )
        ]
        made.records[ScalingQuestion].extend(child.questions)
    question = event.artefact_id or child.questions[0].id
    rounds = child.rounds.get(question)
    if rounds:  # a showcase child: each person as they scored at the nearest round the services recorded
        scores = max((r for r in rounds if r[0] <= day), default=rounds[0], key=lambda r: r[0])[1]
        people = [
            (s.role, s.name, s.score, s.why_not_lower, s.to_move_up, s.person_id, s.staff_id) for s in scores
        ]
    else:  # scores rise a point every few rounds, the parent a little ahead of the practitioner
        rise = child.scaled // 3
        child.scaled += 1
        people = [
            (role, name, min(score, 10), *REASONS[role], None, None)
            for role, name, score in (
                (ScorerRole.PARENT, "Parent or carer", child.start + 2 + rise),
                (ScorerRole.PRACTITIONER, by.get_full_name() or by.username, child.start + rise),
            )
        ]
    for role, name, score, why, up, person, staff in people:
        made.records[ScalingScore].append(
            record(
                ScalingScore,
                ids(ScalingScore),
                at=at,
                user=by,
                question_id=question,
                score=score,
                scored_on=day,
                meeting_id=meeting,
                person_id=person,
                staff_id=staff,
                name=name,
                role=role,
                why_not_lower=why,
                to_move_up=up,
            )
        )
    event.artefact_id = question
