"""The mapping part of the JSON API: mappings, statements and goals, scaling questions and scores.

Thin, like the views: find the child through `child_for_staff` (404 if not visible) and send the
same service call down the same path as the pages (`_change`: kinmap.core.actions.change_record,
whose access policy refuses with 403). A service's ValidationError becomes a 422 with its messages
(kinmap.api).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from kinmap.core.access import Do, policy
from kinmap.core.actions import change_record
from kinmap.councils.models import StaffMember
from kinmap.councils.selectors import child_for_staff
from kinmap.mapping import selectors, services
from kinmap.mapping.labels import child_labels
from kinmap.mapping.models import DangerStatement, Mapping, ScalingQuestion, ScalingScore
from kinmap.people.models import Child, Person

T = TypeVar("T")
router = Router(tags=["mapping"])


def _child(request: HttpRequest, child_id: int, *, write: bool = False) -> Child:
    child = child_for_staff(staff=request.staff, child_id=child_id)  # type: ignore[attr-defined]
    if write:  # refuse before reading the payload's references (403, not 404 or 422)
        policy.check(staff=request.staff, do=Do.RECORD, child=child)  # type: ignore[attr-defined]
    return child


def _change(request: HttpRequest, child: Child, reason: str, change: Callable[[], T]) -> T:
    return change_record(
        staff=request.staff,  # type: ignore[attr-defined]
        user=request.user,  # type: ignore[arg-type]
        child=child,
        reason=reason,
        change=change,
    )


# --- Schemas --------------------------------------------------------------------------------------


class EntryOut(Schema):
    id: int
    domain: str
    text: str
    source: str
    source_name: str
    kind: str = Field(description="fact or opinion")
    noticed_on: date | None
    carried_from_id: int | None
    harm_frequency: str
    harm_timespan: str


class MappingOut(Schema):
    id: int
    child_id: int
    variant: str
    mapped_on: date
    mapped_with: str = Field(description="family, group_supervision, meeting or practitioner")
    previous_id: int | None
    completed_on: date | None


class MappingDetailOut(MappingOut):
    columns: dict[str, str] = Field(description="The council's name for each of the seven domains")
    entries: list[EntryOut]


class MappingIn(Schema):
    mapped_on: date
    mapped_with: str
    variant: str = ""


class EntryIn(Schema):
    domain: str
    text: str
    source: str
    kind: str
    source_name: str = ""
    noticed_on: date | None = None
    harm_frequency: str = ""
    harm_timespan: str = ""


class GoalOut(Schema):
    version: int
    text: str
    change_reason: str
    current: bool


class StatementOut(Schema):
    id: int
    variant: str
    statement_name: str = Field(description="What the variant calls it: Danger statement, Worry statement...")
    goal_name: str
    who_is_worried: str
    worry: str
    impact: str
    status: str = Field(description="draft, shared or agreed")
    goal: str
    goals: list[GoalOut] = Field(description="Every version of the goal, oldest first")
    bottom_lines: list[dict[str, str]]


class StatementIn(Schema):
    who_is_worried: str
    worry: str
    impact: str
    goal: str
    variant: str = ""


class StatementChange(Schema):
    who_is_worried: str
    worry: str
    impact: str
    goal: str
    reason: str = Field(default="", description="Needed once the pair is agreed")


class QuestionOut(Schema):
    id: int
    statement_id: int | None
    question: str
    zero_means: str
    ten_means: str


class QuestionIn(Schema):
    question: str
    zero_means: str
    ten_means: str
    statement_id: int | None = None


class ScoreOut(Schema):
    id: int
    score: int
    scored_on: date
    name: str
    role: str
    person_id: int | None
    staff_id: int | None
    why_not_lower: str
    to_move_up: str


class ScoreIn(Schema):
    score: int = Field(ge=0, le=10)
    role: str
    name: str = ""
    person_id: int | None = None
    staff_id: int | None = None
    why_not_lower: str = ""
    to_move_up: str = ""


class RoundIn(Schema):
    scored_on: date
    scores: list[ScoreIn]


def _statement_out(statement: DangerStatement) -> StatementOut:
    labels = child_labels(child=statement.child, variant=statement.variant)
    goal = statement.current_goal
    return StatementOut(
        id=statement.pk,
        variant=statement.variant,
        statement_name=labels.statement,
        goal_name=labels.goal,
        who_is_worried=statement.who_is_worried,
        worry=statement.worry,
        impact=statement.impact,
        status=statement.status,
        goal=goal.text if goal else "",
        goals=[
            GoalOut(
                version=g.version, text=g.text, change_reason=g.change_reason, current=g.replaced_at is None
            )
            for g in statement.goals.all()
        ],
        bottom_lines=[{"polarity": b.polarity, "text": b.text} for b in statement.bottom_lines.all()],
    )


# --- Mappings -------------------------------------------------------------------------------------


@router.get("{child_id}/mappings", response=list[MappingOut])
def list_mappings(request: HttpRequest, child_id: int) -> list[Mapping]:
    return list(selectors.child_mappings(child=_child(request, child_id)))


@router.post("{child_id}/mappings", response={201: MappingOut})
def start_mapping(request: HttpRequest, child_id: int, payload: MappingIn):
    child = _child(request, child_id, write=True)
    return Status(
        201,
        _change(
            request,
            child,
            "Mapping started",
            lambda: services.mapping_start(by=request.user, child=child, **payload.dict()),
        ),
    )


@router.get("{child_id}/mappings/{mapping_id}", response=MappingDetailOut)
def get_mapping(request: HttpRequest, child_id: int, mapping_id: int) -> dict:
    child = _child(request, child_id)
    mapping = get_object_or_404(selectors.child_mappings(child=child), pk=mapping_id)
    entries = [e for domain in selectors.mapping_entries(mapping=mapping).values() for e in domain]
    return {
        **MappingOut.from_orm(mapping).dict(),
        "entries": entries,
        "columns": dict(child_labels(child=child, variant=mapping.variant).vocabulary.columns),
    }


@router.post("{child_id}/mappings/{mapping_id}/entries", response={201: EntryOut})
def add_entry(request: HttpRequest, child_id: int, mapping_id: int, payload: EntryIn):
    child = _child(request, child_id, write=True)
    mapping = get_object_or_404(selectors.child_mappings(child=child), pk=mapping_id)
    data = payload.dict()
    domain = data.pop("domain")
    entry = _change(
        request,
        child,
        "Mapping entry added",
        lambda: services.mapping_entry_add(
            by=request.user, mapping=mapping, domain=domain, data=services.EntryInput(**data)
        ),
    )
    return Status(201, entry)


# --- Statements and goals -------------------------------------------------------------------------


@router.get("{child_id}/statements", response=list[StatementOut])
def list_statements(request: HttpRequest, child_id: int) -> list[StatementOut]:
    return [_statement_out(s) for s in selectors.child_statements(child=_child(request, child_id))]


@router.post("{child_id}/statements", response={201: StatementOut})
def create_statement(request: HttpRequest, child_id: int, payload: StatementIn):
    child = _child(request, child_id, write=True)
    statement = _change(
        request,
        child,
        "Statement and goal written",
        lambda: services.statement_pair_create(by=request.user, child=child, **payload.dict()),
    )
    return Status(201, _statement_out(selectors.statement_for_child(child=child, statement_id=statement.pk)))


@router.get("{child_id}/statements/{statement_id}", response=StatementOut)
def get_statement(request: HttpRequest, child_id: int, statement_id: int) -> StatementOut:
    statement = get_object_or_404(
        selectors.child_statements(child=_child(request, child_id)), pk=statement_id
    )
    return _statement_out(statement)


@router.put("{child_id}/statements/{statement_id}", response=StatementOut)
def change_statement(
    request: HttpRequest, child_id: int, statement_id: int, payload: StatementChange
) -> StatementOut:
    """Change a statement and its goal. Once agreed, a change needs a reason (422 without one) and the
    agreed goal is kept as an earlier version."""
    child = _child(request, child_id, write=True)
    statement = get_object_or_404(selectors.child_statements(child=child), pk=statement_id)
    _change(
        request,
        child,
        "Statement and goal changed",
        lambda: services.statement_pair_update(by=request.user, statement=statement, **payload.dict()),
    )
    return _statement_out(selectors.statement_for_child(child=child, statement_id=statement.pk))


# --- Scaling --------------------------------------------------------------------------------------


@router.get("{child_id}/scaling-questions", response=list[QuestionOut])
def list_questions(request: HttpRequest, child_id: int) -> list[ScalingQuestion]:
    return list(selectors.child_scaling_questions(child=_child(request, child_id)))


@router.post("{child_id}/scaling-questions", response={201: QuestionOut})
def create_question(request: HttpRequest, child_id: int, payload: QuestionIn):
    child = _child(request, child_id, write=True)
    data = payload.dict()
    statement_id = data.pop("statement_id")
    statement = (
        get_object_or_404(selectors.child_statements(child=child), pk=statement_id) if statement_id else None
    )
    return Status(
        201,
        _change(
            request,
            child,
            "Scaling question added",
            lambda: services.scaling_question_create(
                by=request.user, child=child, statement=statement, **data
            ),
        ),
    )


@router.get("{child_id}/scaling-questions/{question_id}/scores", response=list[ScoreOut])
def list_scores(request: HttpRequest, child_id: int, question_id: int) -> list[ScalingScore]:
    question = get_object_or_404(
        selectors.child_scaling_questions(child=_child(request, child_id)), pk=question_id
    )
    return list(question.scores.current())


@router.post("{child_id}/scaling-questions/{question_id}/scores", response={201: list[ScoreOut]})
def record_round(request: HttpRequest, child_id: int, question_id: int, payload: RoundIn):
    """A scaling round: each person's score on one date."""
    child = _child(request, child_id, write=True)
    question = get_object_or_404(selectors.child_scaling_questions(child=child), pk=question_id)
    scores = [
        services.ScoreInput(
            score=s.score,
            role=s.role,
            name=s.name,
            why_not_lower=s.why_not_lower,
            to_move_up=s.to_move_up,
            person=get_object_or_404(Person, pk=s.person_id, council=child.council) if s.person_id else None,
            staff=get_object_or_404(StaffMember, pk=s.staff_id, council=child.council)
            if s.staff_id
            else None,
        )
        for s in payload.scores
    ]
    saved = _change(
        request,
        child,
        "Scaling round recorded",
        lambda: services.scaling_round_record(
            by=request.user, question=question, scored_on=payload.scored_on, scores=scores
        ),
    )
    return Status(201, saved)
