"""Writes to people, households, relationships and networks. Each checks what it is given, writes
inside one transaction and records who did it (simple_history's user and `created_by`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kinmap.core.models import RecordModel
from kinmap.councils.models import Council, StaffMember, Team
from kinmap.journey.services import involvement_create
from kinmap.people.models import Child, Household, NetworkMember, Person, Relationship


def _save(record: RecordModel, *, by: AbstractBaseUser, creating: bool) -> None:
    if creating:
        record.created_by = by
    record.full_clean()
    record._history_user = by  # type: ignore[attr-defined]
    record.save()


def _check_dates(*, born: date | None, expected: date | None) -> None:
    today = timezone.localdate()
    if born and born > today:
        raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
    if expected and born:
        raise ValidationError(
            {"expected_date_of_birth": "Give a date of birth or an expected date of birth, not both"}
        )


def _check_ordered(start: date | None, end: date | None, *, field: str, start_words: str) -> None:
    if start and end and end < start:
        raise ValidationError({field: f"The end date must be on or after the {start_words}"})


@transaction.atomic
def person_create(*, by: AbstractBaseUser, council: Council, fields: Mapping[str, Any]) -> Person:
    _check_dates(born=fields.get("date_of_birth"), expected=fields.get("expected_date_of_birth"))
    person = Person(council=council, **fields)
    _save(person, by=by, creating=True)
    return person


@transaction.atomic
def person_update(*, by: AbstractBaseUser, person: Person, fields: Mapping[str, Any]) -> Person:
    _check_dates(born=fields.get("date_of_birth"), expected=fields.get("expected_date_of_birth"))
    for name, value in fields.items():
        setattr(person, name, value)
    _save(person, by=by, creating=False)
    return person


@transaction.atomic
def child_create(
    *,
    by: AbstractBaseUser,
    council: Council,
    person_fields: Mapping[str, Any],
    reference: str,
    service_area: str,
    team: Team,
    started_on: date,
    lead_practitioner: StaffMember | None = None,
    variant: str = "",
) -> Child:
    """A new child: their Person, the Child, and the first involvement of their journey."""
    if not person_fields.get("date_of_birth") and not person_fields.get("expected_date_of_birth"):
        raise ValidationError(
            {"date_of_birth": "Enter the child's date of birth, or an expected date of birth"}
        )
    person = person_create(by=by, council=council, fields=person_fields)
    child = Child(person=person, council=council, reference=reference.strip())
    _save(child, by=by, creating=True)
    involvement_create(
        by=by,
        child=child,
        service_area=service_area,
        team=team,
        started_on=started_on,
        lead_practitioner=lead_practitioner,
        variant=variant,
    )
    return child


@transaction.atomic
def household_save(*, by: AbstractBaseUser, child: Child, fields: Mapping[str, Any]) -> Household:
    """Set the address of the child's household, making the household if the child has none."""
    household = child.person.household or Household(council=child.council)
    creating = household.pk is None
    for name, value in fields.items():
        setattr(household, name, value)
    _save(household, by=by, creating=creating)
    if creating:
        child.person.household = household
        _save(child.person, by=by, creating=False)
    return household


@transaction.atomic
def relationship_create(
    *,
    by: AbstractBaseUser,
    from_person: Person,
    to_person: Person,
    kind: str,
    started_on: date | None = None,
    ended_on: date | None = None,
    notes: str = "",
) -> Relationship:
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": "Choose two different people"})
    _check_ordered(started_on, ended_on, field="ended_on", start_words="start date")
    if (
        Relationship.objects.current()
        .filter(from_person=from_person, to_person=to_person, kind=kind)
        .exists()
    ):
        raise ValidationError({"kind": "This relationship is already recorded"})
    relationship = Relationship(
        from_person=from_person,
        to_person=to_person,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        notes=notes.strip(),
    )
    _save(relationship, by=by, creating=True)
    return relationship


def _check_member(
    *,
    child: Child,
    person: Person,
    joined_on: date | None,
    left_on: date | None,
    exclude_pk: int | None = None,
) -> None:
    if person.pk == child.person_id:
        raise ValidationError({"person": "The child is at the centre of their network, not a member of it"})
    _check_ordered(joined_on, left_on, field="left_on", start_words="date they joined")
    others = NetworkMember.objects.current().filter(child=child, person=person, left_on__isnull=True)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if left_on is None and others.exists():
        raise ValidationError({"person": f"{person} is already in {child}'s network"})


@transaction.atomic
def network_member_create(
    *, by: AbstractBaseUser, child: Child, person: Person, fields: Mapping[str, Any]
) -> NetworkMember:
    _check_member(
        child=child, person=person, joined_on=fields.get("joined_on"), left_on=fields.get("left_on")
    )
    member = NetworkMember(child=child, person=person, **fields)
    _save(member, by=by, creating=True)
    return member


@transaction.atomic
def network_member_update(
    *, by: AbstractBaseUser, member: NetworkMember, fields: Mapping[str, Any]
) -> NetworkMember:
    _check_member(
        child=member.child,
        person=member.person,
        joined_on=fields.get("joined_on"),
        left_on=fields.get("left_on"),
        exclude_pk=member.pk,
    )
    for name, value in fields.items():
        setattr(member, name, value)
    _save(member, by=by, creating=False)
    return member


@transaction.atomic
def record_archive(*, by: AbstractBaseUser, record: RecordModel, reason: str) -> RecordModel:
    """Take a record out of use with a reason. It stays in the database and in its history."""
    if record.archived_at is not None:
        raise ValidationError("This has already been archived.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this is being archived"})
    record.archive(reason=reason.strip(), by=by)
    return record


@transaction.atomic
def person_add_to_child(
    *,
    by: AbstractBaseUser,
    child: Child,
    fields: Mapping[str, Any],
    relationship_kind: str = "",
    lives_with_child: bool = False,
) -> Person:
    """Someone new in the child's life: their Person, how they are related to the child, and
    whether they live in the child's household."""
    household = child.person.household if lives_with_child else None
    if lives_with_child and household is None:
        raise ValidationError(
            {"lives_with_child": f"Record {child}'s address first, then add who lives there"}
        )
    person = person_create(by=by, council=child.council, fields={**fields, "household": household})
    if relationship_kind:
        relationship_create(by=by, from_person=person, to_person=child.person, kind=relationship_kind)
    return person
