"""Reads of mappings, statements and goals, scaling and next steps, as the pages and the API show them."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from simple_history.utils import get_history_model_for_model

from kinmap.councils.models import StaffMember
from kinmap.councils.selectors import visible_children
from kinmap.mapping.models import (
    DangerStatement,
    HarmIncident,
    HarmStatement,
    Mapping,
    MappingEntry,
    NextStep,
    PairStatus,
    SafetyGoal,
    ScalingQuestion,
    ScalingScore,
)
from kinmap.people.models import Child
from kinmap.rules.schema import MAPPING_DOMAINS


def child_mappings(*, child: Child) -> QuerySet[Mapping]:
    """The child's mappings, and those of brothers and sisters that included them, newest first.

    The ids come from a union of two index lookups by child: an OR across the siblings' join
    would read every mapping of the council."""
    own = Mapping.objects.filter(child=child).values("pk").order_by()
    included = Mapping.siblings.through.objects.filter(child=child).values("mapping_id").order_by()
    return (
        Mapping.objects.current()
        .filter(pk__in=own.union(included))
        .select_related("child__person", "meeting", "created_by")
        .order_by("-mapped_on", "-pk")
    )


def latest_mapping(*, child: Child) -> Mapping | None:
    return child_mappings(child=child).first()


def mapping_for_child(*, child: Child, mapping_id: int) -> Mapping:
    return child_mappings(child=child).get(pk=mapping_id)


def mapping_entries(*, mapping: Mapping) -> dict[str, list[MappingEntry]]:
    """The mapping's current entries by domain, every domain present, in the mapping's order."""
    board: dict[str, list[MappingEntry]] = OrderedDict((d, []) for d in MAPPING_DOMAINS)
    for entry in (
        mapping.entries.current()
        .select_related("carried_from")
        .prefetch_related(Prefetch("incidents", queryset=HarmIncident.objects.current().order_by("occasion")))
    ):
        board[entry.domain].append(entry)
    return board


ENTRY_COMPARED = ("text", "source", "source_name", "kind", "noticed_on", "harm_frequency", "harm_timespan")


@dataclass
class MappingChanges:
    """How a mapping differs from the one it built on."""

    previous: Mapping | None
    added: list[MappingEntry] = field(default_factory=list)
    changed: list[tuple[MappingEntry, MappingEntry]] = field(default_factory=list)  # (before, now)
    retired: list[MappingEntry] = field(default_factory=list)
    unchanged: list[MappingEntry] = field(default_factory=list)


def mapping_changes(*, mapping: Mapping) -> MappingChanges:
    changes = MappingChanges(previous=mapping.previous)
    for entry in mapping.entries.select_related("carried_from").order_by("domain", "pk"):
        before = entry.carried_from
        if entry.archived_at is not None:
            if before is not None:  # an entry added and retired within one mapping was never part of it
                changes.retired.append(entry)
        elif before is None:
            changes.added.append(entry)
        elif any(getattr(before, f) != getattr(entry, f) for f in ENTRY_COMPARED):
            changes.changed.append((before, entry))
        else:
            changes.unchanged.append(entry)
    return changes


def mapping_history(*, mapping: Mapping) -> QuerySet:
    """Every saved version of the mapping's entries: who, when, what (newest first)."""
    history = get_history_model_for_model(MappingEntry)
    return (
        history.objects.filter(mapping_id=mapping.pk).select_related("history_user").order_by("-history_date")
    )


def _statement_queryset() -> QuerySet[DangerStatement]:
    return DangerStatement.objects.select_related("child__council").prefetch_related(
        Prefetch("goals", queryset=SafetyGoal.objects.order_by("version")),
        "bottom_lines",
        Prefetch("scaling_questions", queryset=ScalingQuestion.objects.current().prefetch_related("scores")),
        Prefetch("next_steps", queryset=NextStep.objects.current().select_related("owner_staff__user")),
        "sharings",
    )


def child_statements(*, child: Child) -> QuerySet[DangerStatement]:
    """The child's current statements with their goal versions, bottom lines, scaling and next steps."""
    return _statement_queryset().current().filter(child=child).order_by("pk")


def statement_for_child(*, child: Child, statement_id: int) -> DangerStatement:
    return child_statements(child=child).get(pk=statement_id)


def shareable_statements(*, child: Child) -> QuerySet[DangerStatement]:
    return child_statements(child=child)


def agreeable_statements(*, child: Child) -> QuerySet[DangerStatement]:
    return child_statements(child=child).exclude(status=PairStatus.DRAFT)


def child_harm_statements(*, child: Child) -> QuerySet[HarmStatement]:
    return HarmStatement.objects.current().filter(child=child)


def child_scaling_questions(*, child: Child) -> QuerySet[ScalingQuestion]:
    return (
        ScalingQuestion.objects.current()
        .filter(child=child)
        .select_related("statement")
        .prefetch_related("scores")
    )


def scaling_question_for_child(*, child: Child, question_id: int) -> ScalingQuestion:
    return child_scaling_questions(child=child).get(pk=question_id)


@dataclass(frozen=True)
class ScalingSeries:
    """One person's line on a question's chart."""

    key: str
    name: str
    role: str
    points: list[tuple[date, int]]


@dataclass(frozen=True)
class ScalingTable:
    """A question's scores: dates across, one row per person (None where they gave no score)."""

    dates: list[date]
    series: list[ScalingSeries]

    def rows(self) -> list[tuple[ScalingSeries, list[int | None]]]:
        return [(s, [dict(s.points).get(d) for d in self.dates]) for s in self.series]


def scaling_table(*, question: ScalingQuestion) -> ScalingTable:
    """Each person's scores over time. Two scores by one person on one date: the later one counts."""
    by_person: dict[str, dict] = OrderedDict()
    for score in question.scores.all():  # ordered by date then entry; served by a prefetch where there is one
        if score.archived_at is not None:
            continue
        line = by_person.setdefault(
            score.scorer_key, {"name": score.name, "role": score.get_role_display(), "points": {}}
        )
        line["points"][score.scored_on] = score.score
    dates = sorted({d for line in by_person.values() for d in line["points"]})
    series = [
        ScalingSeries(key=key, name=line["name"], role=line["role"], points=sorted(line["points"].items()))
        for key, line in by_person.items()
    ]
    return ScalingTable(dates=dates, series=series)


def latest_scores(*, question: ScalingQuestion) -> list[ScalingScore]:
    """The scores of the latest date the question was scored on."""
    scores = [s for s in question.scores.all() if s.archived_at is None]
    if not scores:
        return []
    last = max(s.scored_on for s in scores)
    return [s for s in scores if s.scored_on == last]


def child_next_steps(*, child: Child) -> QuerySet[NextStep]:
    return NextStep.objects.current().filter(child=child).select_related("owner_staff__user", "statement")


def next_steps_for_staff(*, staff: StaffMember) -> QuerySet[NextStep]:
    """Next steps a member of staff owns and has not done, for children they can still see: their worklist."""
    return (
        NextStep.objects.current()
        .filter(owner_staff=staff, done_on__isnull=True, child__in=visible_children(staff=staff))
        .select_related("child__person", "statement")
        .order_by("due_on", "pk")
    )


@dataclass
class MappingSummary:
    """What the child's page shows of the mapping: counts per domain, pairs with their latest scores."""

    mapping: Mapping | None
    counts: dict[str, int]
    statements: list[DangerStatement]
    open_next_steps: int


def mapping_summary(*, child: Child) -> MappingSummary:
    """Goals count the paired goals as well as goal entries; next steps count the open ones."""
    mapping = latest_mapping(child=child)
    statements = list(child_statements(child=child))
    open_steps = child_next_steps(child=child).filter(done_on__isnull=True).count()
    counts = {d: len(entries) for d, entries in mapping_entries(mapping=mapping).items()} if mapping else {}
    if counts:
        counts["goals"] += len(statements)
        counts["next_steps"] = open_steps
    return MappingSummary(mapping=mapping, counts=counts, statements=statements, open_next_steps=open_steps)
