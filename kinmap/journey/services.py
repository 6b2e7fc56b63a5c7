"""Writes to the child's journey. Each checks what it is given, writes inside one transaction and
records who did it (simple_history's user, and `recorded_by` on append-only rows)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from kinmap.councils.models import StaffMember, Team
from kinmap.journey.models import Event, Involvement, Transfer
from kinmap.journey.selectors import open_involvement_on, referable_events
from kinmap.journey.vocabulary import service_label, vocabulary
from kinmap.people.models import Child
from kinmap.rules.labels import council_event_label, variant_choices


def _check_lead(*, lead: StaffMember | None, team: Team, field: str) -> None:
    if lead is not None and lead.team_id != team.pk:
        raise ValidationError(
            {field: f"{lead} is not in {team}. Choose someone in {team}, or change the team."}
        )


def _not_future(value: date, *, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


@transaction.atomic
def involvement_create(
    *,
    by: AbstractBaseUser,
    child: Child,
    service_area: str,
    team: Team,
    started_on: date,
    lead_practitioner: StaffMember | None = None,
    variant: str = "",
) -> Involvement:
    if service_area not in vocabulary().services:
        raise ValidationError({"service_area": "Select a service area"})
    if team.council_id != child.council_id:
        raise ValidationError({"team": "Select a team of the child's council"})
    if variant and variant not in dict(variant_choices(council=child.council)):
        raise ValidationError({"variant": "Select a practice variant, or leave it for the council's pack"})
    _check_lead(lead=lead_practitioner, team=team, field="lead_practitioner")
    _not_future(started_on, field="started_on", what="The start date")
    if (
        Involvement.objects.current()
        .filter(child=child, service_area=service_area, ended_on__isnull=True)
        .exists()
    ):
        raise ValidationError(
            {
                "service_area": (
                    f"{child} already has an open {service_label(service_area).lower()} involvement. "
                    "End it or transfer it instead."
                )
            }
        )
    involvement = Involvement(
        child=child,
        service_area=service_area,
        team=team,
        lead_practitioner=lead_practitioner,
        variant=variant,
        started_on=started_on,
        created_by=by,
    )
    involvement.full_clean()
    involvement._history_user = by
    involvement.save()
    return involvement


@transaction.atomic
def involvement_end(
    *, by: AbstractBaseUser, involvement: Involvement, ended_on: date, end_reason: str
) -> Involvement:
    if not involvement.is_open:
        raise ValidationError("This involvement has already ended.")
    if ended_on < involvement.started_on:
        raise ValidationError(
            {
                "ended_on": (
                    f"The end date must be on or after the start date, {involvement.started_on:%-d %B %Y}"
                )
            }
        )
    _not_future(ended_on, field="ended_on", what="The end date")
    if not end_reason.strip():
        raise ValidationError({"end_reason": "Enter why the involvement ended"})
    involvement.ended_on = ended_on
    involvement.end_reason = end_reason.strip()
    involvement.full_clean()
    involvement._history_user = by
    involvement.save()
    return involvement


@transaction.atomic
def involvement_transfer(
    *,
    by: AbstractBaseUser,
    involvement: Involvement,
    transferred_on: date,
    to_team: Team,
    to_practitioner: StaffMember | None,
    reason: str,
) -> Transfer:
    """Move an open involvement to another team or practitioner.

    The Transfer row and a `transfer` event keep the move; the involvement's own history keeps its
    old team and practitioner.
    """
    involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
    if not involvement.is_open:
        raise ValidationError("An involvement that has ended cannot be transferred.")
    if to_team.council_id != involvement.child.council_id:
        raise ValidationError({"to_team": "Select a team of the child's council"})
    _check_lead(lead=to_practitioner, team=to_team, field="to_practitioner")
    if (
        to_team.pk == involvement.team_id
        and (to_practitioner and to_practitioner.pk) == involvement.lead_practitioner_id
    ):
        raise ValidationError(
            {"to_team": "Choose a different team or practitioner: this is who has the involvement now"}
        )
    last = involvement.transfers.order_by("-transferred_on").first()
    earliest = last.transferred_on if last else involvement.started_on
    if transferred_on < earliest:
        raise ValidationError(
            {"transferred_on": f"The transfer date must be on or after {earliest:%-d %B %Y}"}
        )
    _not_future(transferred_on, field="transferred_on", what="The transfer date")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the involvement is being transferred"})

    transfer = Transfer(
        involvement=involvement,
        transferred_on=transferred_on,
        from_team=involvement.team,
        to_team=to_team,
        from_practitioner=involvement.lead_practitioner,
        to_practitioner=to_practitioner,
        reason=reason.strip(),
        recorded_by=by,
    )
    transfer.full_clean()
    transfer.save()
    Event.objects.create(
        child=involvement.child,
        involvement=involvement,
        type="transfer",
        occurred_on=transferred_on,
        attributes={"from_team": involvement.team.name, "to_team": to_team.name},
        summary=transfer.reason,
        recorded_by=by,
    )
    involvement.team = to_team
    involvement.lead_practitioner = to_practitioner
    involvement._history_user = by
    involvement.save(update_fields=["team", "lead_practitioner"])
    return transfer


# Work recorded by hand more than this many days after it happened is back-dated and needs a reason
# (decision 0104): a week lets paper from a meeting be typed up; later than that, say why.
BACKDATED_AFTER_DAYS = 7


def is_backdated(*, occurred_on: date, recorded_on: date) -> bool:
    return occurred_on < recorded_on - timedelta(days=BACKDATED_AFTER_DAYS)


def recordable_event_types() -> list[tuple[str, str]]:
    """Event types a person records by hand: not those generated from involvements, and not
    transfers, which the transfer form records together with the move."""
    return [(key, label) for key, label in vocabulary().event_choices() if key != "transfer"]


@transaction.atomic
def event_record(
    *,
    by: AbstractBaseUser,
    child: Child,
    type: str,
    occurred_on: date,
    attributes: dict[str, Any],
    occurred_at_time: time | None = None,
    refers_to: Event | None = None,
    summary: str = "",
    corrects: Event | None = None,
    correction_reason: str = "",
    artefact: models.Model | None = None,
    backdated_reason: str = "",
) -> Event:
    """Add an event to the child's journey (or, with `corrects`, one that replaces an earlier one).

    An app that made something records it with `artefact` (the event is then "in the record").
    Without one, an event of a type that stands for something made was recorded by hand, and one
    recorded more than BACKDATED_AFTER_DAYS after it happened needs `backdated_reason`.
    """
    spec = vocabulary().event_types.get(type)
    if spec is None or spec.generated:
        raise ValidationError({"type": "Select what happened"})
    name = council_event_label(council=child.council, type=type)
    artefact_type, artefact_id = "", None
    if artefact is not None:
        artefact_type, artefact_id = artefact._meta.label_lower, artefact.pk
        if spec.artefact is None or spec.artefact.model != artefact_type:
            raise ValueError(f"'{type}' events are not made from {artefact_type} (see vocabulary.yaml)")
    elif corrects is not None and corrects.artefact_type and corrects.type == type:
        # Correcting what Kinmap recorded (its date, say) keeps the link to what was made.
        artefact_type, artefact_id = corrects.artefact_type, corrects.artefact_id
    backdated_reason = backdated_reason.strip()
    if (
        not artefact_type
        and spec.artefact is not None
        and not backdated_reason
        and is_backdated(occurred_on=occurred_on, recorded_on=timezone.localdate())
    ):
        raise ValidationError(
            {
                "backdated_reason": (
                    f"Say why '{name}' is recorded more than {BACKDATED_AFTER_DAYS} days after "
                    "it happened"
                )
            }
        )
    if occurred_on > timezone.localdate() and not spec.meeting:
        raise ValidationError(
            {
                "occurred_on": (
                    f"The date of '{name}' must be today or in the past. "
                    "Only meetings can be booked ahead."
                )
            }
        )
    problems = vocabulary().check_attributes(type, attributes)
    if problems:
        raise ValidationError("; ".join(problems))
    if (
        refers_to is not None
        and not referable_events(child=child, event_type=type).filter(pk=refers_to.pk).exists()
    ):
        raise ValidationError(
            {"refers_to": f"Select one of {child}'s events that this {name.lower()} is for"}
        )
    if corrects is not None:
        if corrects.child_id != child.pk:
            raise ValidationError("A correction must be for the same child.")
        if Event.objects.filter(corrects=corrects).exists():
            corrected = council_event_label(council=child.council, type=corrects.type)
            raise ValidationError(f"'{corrected}' has already been corrected.")
        if not correction_reason.strip():
            raise ValidationError({"correction_reason": "Enter what was wrong with the event"})
    event = Event(
        child=child,
        involvement=open_involvement_on(child=child, on=occurred_on),
        type=type,
        occurred_on=occurred_on,
        occurred_at_time=occurred_at_time,
        attributes=attributes,
        refers_to=refers_to,
        summary=summary.strip(),
        corrects=corrects,
        correction_reason=correction_reason.strip(),
        recorded_by=by,
        artefact_type=artefact_type,
        artefact_id=artefact_id,
        backdated_reason=backdated_reason,
    )
    event.full_clean()
    event.save()
    return event
