"""Writes to mappings, statements and goals, bottom lines, scaling and next steps.

Each checks what it is given, writes inside one transaction, records who did it (simple_history's
user and `created_by`) and, where the practice asks for it, records the journey event a rule pack
can check (mapping_completed, statements_shared, statements_agreed, harm_statement_written,
scaling_recorded, next_step_done, one_page_view_given) through
`kinmap.journey.services.event_record`, linked to what was made (decision 0103).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from kinmap.councils.models import StaffMember
from kinmap.journey.models import Event
from kinmap.journey.selectors import events_that_count, open_involvement_on
from kinmap.journey.services import event_record
from kinmap.journey.vocabulary import vocabulary
from kinmap.mapping.labels import child_labels, child_variant
from kinmap.mapping.models import (
    BottomLine,
    DangerStatement,
    HarmIncident,
    HarmStatement,
    MappedWith,
    Mapping,
    MappingEntry,
    NextStep,
    OnePageViewGiven,
    PairStatus,
    SafetyGoal,
    ScalingQuestion,
    ScalingScore,
    SharingAction,
    StatementSharing,
)
from kinmap.mapping.one_page import one_page_context
from kinmap.people.models import Child, Person
from kinmap.rules.labels import variant_choices


def _save(obj: models.Model, *, by: AbstractBaseUser, reason: str = "") -> None:
    obj.full_clean()
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


def _not_future(value: date, *, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def _required(value: str, *, field: str, message: str) -> str:
    if not value or not value.strip():
        raise ValidationError({field: message})
    return value.strip()


def _check_variant(*, child: Child, variant: str) -> str:
    variant = variant or child_variant(child=child)
    if variant not in dict(variant_choices(council=child.council)):
        raise ValidationError({"variant": "Select one of the council's variants"})
    return variant


def _check_meeting(*, child: Child, meeting: Event | None) -> None:
    if meeting is None:
        return
    meetings = [k for k, spec in vocabulary().event_types.items() if spec.meeting]
    if not events_that_count(child=child).filter(pk=meeting.pk, type__in=meetings).exists():
        raise ValidationError({"meeting": f"Select one of {child}'s meetings"})


def _editable(mapping: Mapping) -> None:
    if mapping.is_complete:
        raise ValidationError(
            f"This mapping was completed on {mapping.completed_on:%-d %B %Y} and is kept as it was. "
            "Start a new mapping to change it: it builds on this one."
        )


# --- Mapping --------------------------------------------------------------------------------------


@transaction.atomic
def mapping_start(
    *,
    by: AbstractBaseUser,
    child: Child,
    mapped_on: date,
    mapped_with: str,
    variant: str = "",
    meeting: Event | None = None,
    siblings: Iterable[Child] = (),
) -> Mapping:
    """Start a mapping. It builds on the child's last completed mapping: every entry still standing
    is carried forward, to be kept, edited or retired."""
    if Mapping.objects.current().filter(child=child, completed_on__isnull=True).exists():
        raise ValidationError(
            "A mapping for this child is already in progress. Finish it before starting another."
        )
    if mapped_with not in MappedWith.values:
        raise ValidationError({"mapped_with": "Select who the mapping was done with"})
    _not_future(mapped_on, field="mapped_on", what="The date of the mapping")
    _check_meeting(child=child, meeting=meeting)
    siblings = list(siblings)
    if any(s.council_id != child.council_id or s.pk == child.pk for s in siblings):
        raise ValidationError({"siblings": "Select brothers or sisters from the same council"})
    previous = (
        Mapping.objects.current()
        .filter(child=child, completed_on__isnull=False)
        .order_by("-completed_on", "-pk")
        .first()
    )
    mapping = Mapping(
        child=child,
        involvement=open_involvement_on(child=child, on=mapped_on),
        variant=_check_variant(child=child, variant=variant),
        mapped_on=mapped_on,
        mapped_with=mapped_with,
        meeting=meeting,
        previous=previous,
        created_by=by,
    )
    _save(mapping, by=by)
    mapping.siblings.set(siblings)
    if previous is not None:
        for old in previous.entries.current().prefetch_related("incidents"):
            entry = MappingEntry(
                mapping=mapping,
                domain=old.domain,
                text=old.text,
                source=old.source,
                source_name=old.source_name,
                kind=old.kind,
                noticed_on=old.noticed_on,
                carried_from=old,
                harm_frequency=old.harm_frequency,
                harm_timespan=old.harm_timespan,
                created_by=by,
            )
            _save(entry, by=by)
            for incident in old.incidents.all():
                if incident.archived_at is None:
                    _save(
                        HarmIncident(
                            entry=entry,
                            occasion=incident.occasion,
                            occurred_on=incident.occurred_on,
                            what_happened=incident.what_happened,
                            severity=incident.severity,
                            impact=incident.impact,
                            created_by=by,
                        ),
                        by=by,
                    )
    return mapping


ENTRY_FIELDS = ("text", "source", "source_name", "kind", "noticed_on", "harm_frequency", "harm_timespan")


@dataclass(frozen=True)
class EntryInput:
    text: str
    source: str
    kind: str
    source_name: str = ""
    noticed_on: date | None = None
    harm_frequency: str = ""
    harm_timespan: str = ""


def _entry_checks(data: EntryInput, *, domain: str) -> None:
    _required(data.text, field="text", message="Enter what was said or seen")
    if data.noticed_on:
        _not_future(data.noticed_on, field="noticed_on", what="The date it was said or seen")
    if domain != "harm" and (data.harm_frequency or data.harm_timespan):
        raise ValidationError("How often and over how long are for harm only.")


@transaction.atomic
def mapping_entry_add(
    *, by: AbstractBaseUser, mapping: Mapping, domain: str, data: EntryInput
) -> MappingEntry:
    _editable(mapping)
    _entry_checks(data, domain=domain)
    entry = MappingEntry(
        mapping=mapping, domain=domain, created_by=by, **{f: getattr(data, f) for f in ENTRY_FIELDS}
    )
    entry.text = entry.text.strip()
    _save(entry, by=by)
    return entry


@transaction.atomic
def mapping_entry_update(*, by: AbstractBaseUser, entry: MappingEntry, data: EntryInput) -> MappingEntry:
    _editable(entry.mapping)
    if entry.archived_at is not None:
        raise ValidationError("This entry has been retired and cannot be changed.")
    _entry_checks(data, domain=entry.domain)
    for name in ENTRY_FIELDS:
        setattr(entry, name, getattr(data, name))
    entry.text = entry.text.strip()
    _save(entry, by=by)
    return entry


@transaction.atomic
def mapping_entry_retire(*, by: AbstractBaseUser, entry: MappingEntry, reason: str) -> MappingEntry:
    """Take an entry out of the mapping (no longer true, or written by mistake); it stays in the history."""
    _editable(entry.mapping)
    entry.archive(
        reason=_required(reason, field="reason", message="Enter why this is no longer part of the mapping"),
        by=by,
    )
    return entry


@transaction.atomic
def harm_incident_set(
    *,
    by: AbstractBaseUser,
    entry: MappingEntry,
    occasion: str,
    what_happened: str,
    severity: str,
    occurred_on: date | None = None,
    impact: str = "",
) -> HarmIncident:
    """Record (or correct) the first, worst or latest incident of a harm entry."""
    _editable(entry.mapping)
    if entry.domain != "harm":
        raise ValidationError("Incidents are recorded for harm only.")
    if occurred_on:
        _not_future(occurred_on, field="occurred_on", what="The date of the incident")
    incident = entry.incidents.current().filter(occasion=occasion).first() or HarmIncident(
        entry=entry, occasion=occasion, created_by=by
    )
    incident.what_happened = _required(what_happened, field="what_happened", message="Enter what happened")
    incident.severity, incident.occurred_on, incident.impact = severity, occurred_on, impact.strip()
    _save(incident, by=by)
    return incident


@transaction.atomic
def mapping_complete(*, by: AbstractBaseUser, mapping: Mapping, completed_on: date) -> Mapping:
    """Finish the mapping and record `mapping_completed` with who it was done with."""
    _editable(mapping)
    if completed_on < mapping.mapped_on:
        raise ValidationError(
            {"completed_on": f"The date must be on or after the mapping began, {mapping.mapped_on:%-d %B %Y}"}
        )
    _not_future(completed_on, field="completed_on", what="The date the mapping was completed")
    if not mapping.entries.current().exists():
        raise ValidationError("Add at least one entry before completing the mapping.")
    mapping.completed_on = completed_on
    mapping.completed_event = event_record(
        by=by,
        child=mapping.child,
        type="mapping_completed",
        occurred_on=completed_on,
        attributes={"with": mapping.mapped_with},
        summary=mapping.get_mapped_with_display(),
        artefact=mapping,
    )
    _save(mapping, by=by)
    return mapping


# --- Statements and goals -------------------------------------------------------------------------


@transaction.atomic
def statement_pair_create(
    *,
    by: AbstractBaseUser,
    child: Child,
    who_is_worried: str,
    worry: str,
    impact: str,
    goal: str,
    variant: str = "",
    mapping: Mapping | None = None,
) -> DangerStatement:
    """A danger or worry statement and its paired goal, as a draft."""
    statement = DangerStatement(
        child=child,
        mapping=mapping,
        variant=_check_variant(child=child, variant=variant),
        who_is_worried=who_is_worried.strip(),
        worry=worry.strip(),
        impact=impact.strip(),
        created_by=by,
    )
    if mapping is not None and mapping.child_id != child.pk:
        raise ValidationError("The mapping must be the child's own.")
    _save(statement, by=by)
    labels = child_labels(child=child, variant=statement.variant)
    _save(
        SafetyGoal(
            statement=statement,
            version=1,
            text=_required(goal, field="goal", message=f"Enter the {labels.goal.lower()}"),
            created_by=by,
        ),
        by=by,
    )
    return statement


@transaction.atomic
def statement_pair_update(
    *,
    by: AbstractBaseUser,
    statement: DangerStatement,
    who_is_worried: str,
    worry: str,
    impact: str,
    goal: str,
    reason: str = "",
) -> DangerStatement:
    """Change a statement and its goal.

    Before agreement the pair is simply edited (its history keeps each version). Once agreed, a
    change needs a reason: the goal gets a new version and the agreed one stays, and the pair goes
    back to draft, to be shared and agreed again.
    """
    statement = DangerStatement.objects.select_for_update().get(pk=statement.pk)
    current = statement.current_goal
    assert current is not None  # every statement is created with its goal
    goal = _required(goal, field="goal", message="Enter the goal")
    fields = {"who_is_worried": who_is_worried.strip(), "worry": worry.strip(), "impact": impact.strip()}
    changed = goal != current.text or any(getattr(statement, k) != v for k, v in fields.items())
    if not changed:
        return statement
    reason = reason.strip()
    if statement.status == PairStatus.AGREED:
        labels = child_labels(child=statement.child, variant=statement.variant)
        agreed = statement.sharings.filter(action=SharingAction.AGREED).order_by("-on").first()
        when = f" on {agreed.on:%-d %B %Y}" if agreed else ""
        if not reason:
            raise ValidationError(
                {
                    "reason": (
                        f"This {labels.statement.lower()} and {labels.goal.lower()} were agreed with the "
                        f"family{when}. "
                        "Give a reason for changing them: the agreed version is kept."
                    )
                }
            )
        statement.status = PairStatus.DRAFT
        if goal != current.text:
            current.replaced_at = timezone.now()
            _save(current, by=by, reason=reason)
            _save(
                SafetyGoal(
                    statement=statement,
                    version=current.version + 1,
                    text=goal,
                    change_reason=reason,
                    created_by=by,
                ),
                by=by,
            )
    elif goal != current.text:
        current.text = goal
        _save(current, by=by, reason=reason)
    for name, value in fields.items():
        setattr(statement, name, value)
    _save(statement, by=by, reason=reason)
    return statement


def _sharing(
    *,
    by: AbstractBaseUser,
    child: Child,
    statements: Sequence[DangerStatement],
    action: str,
    on: date,
    method: str,
    with_whom: str,
    with_network: bool,
) -> StatementSharing:
    if not statements:
        raise ValidationError({"statements": "Select at least one statement"})
    if any(s.child_id != child.pk or s.archived_at is not None for s in statements):
        raise ValidationError({"statements": f"Select {child}'s current statements"})
    _not_future(on, field="on", what="The date")
    sharing = StatementSharing(
        child=child,
        action=action,
        on=on,
        method=method,
        with_network=with_network,
        created_by=by,
        with_whom=_required(with_whom, field="with_whom", message="Enter who they were shared with"),
    )
    _save(sharing, by=by)
    sharing.statements.set(statements)
    sharing.goals.set([s.current_goal for s in statements if s.current_goal])
    return sharing



def _record_its_event(
    artefact: models.Model,
    *,
    by: AbstractBaseUser,
    child: Child,
    type: str,
    on: date,
    attributes: dict,
    summary: str,
) -> None:
    """Record the event the artefact stands for, linked both ways (the artefact keeps its event)."""
    artefact.event = event_record(  # type: ignore[attr-defined]
        by=by, child=child, type=type, occurred_on=on, attributes=attributes, summary=summary,
        artefact=artefact,
    )
    artefact.save(update_fields=["event"])

@transaction.atomic
def statements_share(
    *,
    by: AbstractBaseUser,
    child: Child,
    statements: Sequence[DangerStatement],
    on: date,
    method: str,
    with_whom: str,
    with_network: bool = False,
) -> StatementSharing:
    """Record that statements and goals were shared with the family (and network): when, how, with whom.

    Agreed pairs may be shared again (at the start of every meeting) and stay agreed.
    """
    sharing = _sharing(
        by=by,
        child=child,
        statements=statements,
        action=SharingAction.SHARED,
        on=on,
        method=method,
        with_whom=with_whom,
        with_network=with_network,
    )
    for statement in statements:
        if statement.status == PairStatus.DRAFT:
            statement.status = PairStatus.SHARED
            _save(statement, by=by)
    _record_its_event(
        sharing,
        by=by,
        child=child,
        type="statements_shared",
        on=on,
        attributes={"with_network": with_network},
        summary=f"{len(statements)} shared with {sharing.with_whom}",
    )
    return sharing


@transaction.atomic
def statements_agree(
    *,
    by: AbstractBaseUser,
    child: Child,
    statements: Sequence[DangerStatement],
    on: date,
    method: str,
    with_whom: str,
    with_network: bool = False,
) -> StatementSharing:
    """Record that the family (and network) agreed statements and goals already shared with them."""
    drafts = [s for s in statements if s.status == PairStatus.DRAFT]
    if drafts:
        labels = child_labels(child=child)
        raise ValidationError(
            {
                "statements": (
                    f"Share each {labels.statement.lower()} with the family before it is agreed: "
                    + "; ".join(f"“{s.worry[:50]}”" for s in drafts)
                )
            }
        )
    sharing = _sharing(
        by=by,
        child=child,
        statements=statements,
        action=SharingAction.AGREED,
        on=on,
        method=method,
        with_whom=with_whom,
        with_network=with_network,
    )
    for statement in statements:
        statement.status = PairStatus.AGREED
        _save(statement, by=by)
    _record_its_event(
        sharing,
        by=by,
        child=child,
        type="statements_agreed",
        on=on,
        attributes={},
        summary=f"{len(statements)} agreed with {sharing.with_whom}",
    )
    return sharing


@transaction.atomic
def bottom_line_add(
    *, by: AbstractBaseUser, statement: DangerStatement, polarity: str, text: str
) -> BottomLine:
    line = BottomLine(
        statement=statement,
        polarity=polarity,
        created_by=by,
        text=_required(text, field="text", message="Enter the bottom line"),
    )
    _save(line, by=by)
    return line


@transaction.atomic
def harm_statement_add(
    *, by: AbstractBaseUser, child: Child, text: str, mapping: Mapping | None = None
) -> HarmStatement:
    """A harm statement, and the `harm_statement_written` event that records it."""
    statement = HarmStatement(
        child=child,
        mapping=mapping,
        created_by=by,
        text=_required(text, field="text", message="Enter the harm statement"),
    )
    _save(statement, by=by)
    event_record(
        by=by,
        child=child,
        type="harm_statement_written",
        occurred_on=timezone.localdate(),
        attributes={},
        summary=statement.text[:200],
        artefact=statement,
    )
    return statement


# --- Scaling --------------------------------------------------------------------------------------


@transaction.atomic
def scaling_question_create(
    *,
    by: AbstractBaseUser,
    child: Child,
    question: str,
    zero_means: str,
    ten_means: str,
    statement: DangerStatement | None = None,
) -> ScalingQuestion:
    if statement is not None and statement.child_id != child.pk:
        raise ValidationError({"statement": f"Select one of {child}'s statements"})
    scaling = ScalingQuestion(
        child=child,
        statement=statement,
        created_by=by,
        question=_required(question, field="question", message="Enter the scaling question"),
        zero_means=_required(zero_means, field="zero_means", message="Say what 0 means"),
        ten_means=_required(ten_means, field="ten_means", message="Say what 10 means"),
    )
    _save(scaling, by=by)
    return scaling


@dataclass(frozen=True)
class ScoreInput:
    """One person's score in a round: a network person, a member of staff, or someone named."""

    score: int
    role: str
    name: str = ""
    person: Person | None = None
    staff: StaffMember | None = None
    why_not_lower: str = ""
    to_move_up: str = ""


@transaction.atomic
def scaling_round_record(
    *,
    by: AbstractBaseUser,
    question: ScalingQuestion,
    scored_on: date,
    scores: Sequence[ScoreInput],
    meeting: Event | None = None,
) -> list[ScalingScore]:
    """Each person's score on the question on one date or at one meeting; records `scaling_recorded`."""
    if not scores:
        raise ValidationError("Enter at least one person's score")
    _not_future(scored_on, field="scored_on", what="The date of the scores")
    _check_meeting(child=question.child, meeting=meeting)
    saved: list[ScalingScore] = []
    for n, item in enumerate(scores, start=1):
        name = (item.name or str(item.person or item.staff or "")).strip()
        if not name:
            raise ValidationError(f"Score {n}: say who gave it")
        if not 0 <= item.score <= 10:
            raise ValidationError(f"Score {n}: a score is a whole number from 0 to 10")
        score = ScalingScore(
            question=question,
            score=item.score,
            scored_on=scored_on,
            meeting=meeting,
            person=item.person,
            staff=item.staff,
            name=name,
            role=item.role,
            why_not_lower=item.why_not_lower.strip(),
            to_move_up=item.to_move_up.strip(),
            created_by=by,
        )
        twin = next((s for s in saved if s.scorer_key == score.scorer_key), None)
        if twin is not None:
            raise ValidationError(f"{twin.name} is scored twice in this round. Give each person one score.")
        _save(score, by=by)
        saved.append(score)
    event_record(
        by=by,
        child=question.child,
        type="scaling_recorded",
        occurred_on=scored_on,
        attributes={},
        summary=f"{question.question[:80]}: " + ", ".join(f"{s.name} {s.score}" for s in saved),
        artefact=question,
    )
    return saved


# --- Next steps -----------------------------------------------------------------------------------


@transaction.atomic
def next_step_add(
    *,
    by: AbstractBaseUser,
    child: Child,
    what: str,
    due_on: date,
    owner_staff: StaffMember | None = None,
    owner_name: str = "",
    statement: DangerStatement | None = None,
    mapping: Mapping | None = None,
) -> NextStep:
    if owner_staff is None and not owner_name.strip():
        raise ValidationError({"owner_name": "Choose a member of staff or enter who will do it"})
    if owner_staff is not None and owner_staff.council_id != child.council_id:
        raise ValidationError({"owner_staff": "Choose a member of the council's staff"})
    if statement is not None and statement.child_id != child.pk:
        raise ValidationError({"statement": f"Select one of {child}'s statements"})
    step = NextStep(
        child=child,
        statement=statement,
        mapping=mapping,
        owner_staff=owner_staff,
        owner_name=owner_name.strip(),
        due_on=due_on,
        created_by=by,
        what=_required(what, field="what", message="Enter what needs to happen"),
    )
    _save(step, by=by)
    return step


@transaction.atomic
def next_step_complete(*, by: AbstractBaseUser, step: NextStep, done_on: date, note: str = "") -> NextStep:
    """Mark a next step done; it leaves the owner's worklist and becomes a `next_step_done` event."""
    step = NextStep.objects.select_for_update().get(pk=step.pk)
    if step.done_on is not None:
        raise ValidationError(f"This next step was already done on {step.done_on:%-d %B %Y}.")
    _not_future(done_on, field="done_on", what="The date it was done")
    step.done_on, step.done_note = done_on, note.strip()
    step.done_event = event_record(
        by=by,
        child=step.child,
        type="next_step_done",
        occurred_on=done_on,
        attributes={"next_step": step.pk},
        summary=step.what[:200],
        artefact=step,
    )
    _save(step, by=by)
    return step


# --- The one-page view ----------------------------------------------------------------------------


@transaction.atomic
def one_page_view_give(
    *,
    by: AbstractBaseUser,
    child: Child,
    on: date,
    method: str,
    with_whom: str,
    with_network: bool = False,
) -> OnePageViewGiven:
    """Record that the child's one-page view was given to the family (and network), from the
    mapping it shows, and the `one_page_view_given` event linked to it."""
    _not_future(on, field="on", what="The date it was given")
    context = one_page_context(child=child)
    given = OnePageViewGiven(
        child=child,
        mapping=context["mapping"],
        content=render_to_string("mapping/includes/one_page_body.html", context),
        on=on,
        method=method,
        with_network=with_network,
        created_by=by,
        with_whom=_required(with_whom, field="with_whom", message="Enter who it was given to"),
    )
    _save(given, by=by)
    _record_its_event(
        given,
        by=by,
        child=child,
        type="one_page_view_given",
        on=on,
        attributes={"with_network": with_network},
        summary=f"Given to {given.with_whom}",
    )
    return given
