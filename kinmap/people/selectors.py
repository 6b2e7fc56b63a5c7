"""Reads of people and networks as the pages show them: caseloads, a child's people, their history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet

from kinmap.councils.models import StaffMember
from kinmap.councils.selectors import visible_children
from kinmap.journey.models import Event, Involvement, Transfer
from kinmap.journey.selectors import last_seen_subquery
from kinmap.journey.vocabulary import service_label
from kinmap.people.models import Child, NetworkMember, Person, Relationship, SafetyCircle
from kinmap.rules.labels import council_event_labels


def my_children(*, staff: StaffMember) -> QuerySet[Involvement]:
    """The practitioner's caseload: open involvements they lead, with the child and the last time
    the child was seen on a visit (`last_seen`)."""
    return (
        Involvement.objects.current()
        .filter(lead_practitioner=staff, ended_on__isnull=True, child__archived_at__isnull=True)
        .select_related("child__person")
        .annotate(last_seen=last_seen_subquery("child_id"))
        .order_by("child__person__last_name", "child__person__first_name", "started_on")
    )


def team_involvements(
    *,
    staff: StaffMember,
    team_id: int | None = None,
    practitioner_id: int | None = None,
    service_area: str = "",
    name: str = "",
    unallocated: bool = False,
) -> QuerySet[Involvement]:
    """Open involvements of the children `staff` can see, filtered as a team manager asks."""
    involvements = (
        Involvement.objects.current()
        .filter(ended_on__isnull=True, child__in=visible_children(staff=staff))
        .select_related("child__person", "team", "lead_practitioner__user")
        .annotate(last_seen=last_seen_subquery("child_id"))
    )
    if team_id:
        involvements = involvements.filter(team_id=team_id)
    if practitioner_id:
        involvements = involvements.filter(lead_practitioner_id=practitioner_id)
    if unallocated:
        involvements = involvements.filter(lead_practitioner__isnull=True)
    if service_area:
        involvements = involvements.filter(service_area=service_area)
    for word in name.split():
        involvements = involvements.filter(
            Q(child__person__first_name__icontains=word)
            | Q(child__person__last_name__icontains=word)
            | Q(child__person__known_as__icontains=word)
            | Q(child__reference__iexact=word)
        )
    return involvements.order_by(  # children not yet allocated last, on both databases
        F("lead_practitioner__user__last_name").asc(nulls_last=True),
        "lead_practitioner__user__first_name",
        "lead_practitioner_id",
        "child__person__last_name",
        "child__person__first_name",
        "pk",  # a total order, so that each involvement is on exactly one page
    )


def child_people_ids(*, child: Child) -> set[int]:
    """The ids of everyone in the child's recorded life, found from the child's own rows.

    One query, a union of lookups each walking an index (network by child, relationships by either
    person, household members by household): its cost follows the child's record, not the
    council's size (docs/decisions/0510)."""
    person_id = child.person_id
    parts = [
        NetworkMember.objects.current().filter(child=child).values_list("person_id").order_by(),
        Relationship.objects.current()
        .filter(from_person_id=person_id)
        .values_list("to_person_id")
        .order_by(),
        Relationship.objects.current()
        .filter(to_person_id=person_id)
        .values_list("from_person_id")
        .order_by(),
    ]
    if child.person.household_id:
        parts.append(
            Person.objects.filter(household_id=child.person.household_id).values_list("pk").order_by()
        )
    first, *rest = parts
    return {person_id, *(pk for (pk,) in first.union(*rest))}


def child_people(*, child: Child) -> QuerySet[Person]:
    """Everyone in the child's recorded life: the child, their network, relationships and household."""
    return Person.objects.current().filter(council=child.council_id, pk__in=child_people_ids(child=child))


@dataclass
class Circle:
    key: str
    label: str
    members: list[NetworkMember] = field(default_factory=list)


def child_network(*, child: Child) -> list[Circle]:
    """The child's current network members by safety circle, inner first. Those who have left are
    shown with the circle they were in."""
    circles = {key: Circle(key=key, label=label) for key, label in SafetyCircle.choices}
    members = (
        NetworkMember.objects.current()
        .filter(child=child)
        .select_related("person")
        .order_by("left_on", "person__last_name", "person__first_name")
    )
    for member in members:
        circles[member.circle].members.append(member)
    return list(circles.values())


def child_relationships(*, child: Child) -> QuerySet[Relationship]:
    """Relationships among the child's people: to and from the child, and between the others
    (enough for a genogram)."""
    people = child_people_ids(child=child)
    return (
        Relationship.objects.current()
        .filter(from_person__in=people, to_person__in=people)
        .filter(from_person__archived_at__isnull=True, to_person__archived_at__isnull=True)
        .select_related("from_person", "to_person")
        .order_by("to_person__last_name", "from_person__last_name", "kind")
    )


@dataclass(frozen=True)
class Change:
    """One entry of a child's history: who did what, when, to which part of the record."""

    when: datetime
    who: AbstractBaseUser | None
    what: str
    action: str
    details: list[tuple[str, Any, Any]]  # (field, old, new)
    why: str = ""  # the change's reason: what was done on the page (kinmap.core.actions) or typed


_ACTIONS = {"+": "Added", "~": "Changed", "-": "Removed"}
_HIDDEN_FIELDS = {"id", "created_at", "created_by"}


def _label(record: Any) -> str:
    if isinstance(record, Involvement):
        return f"{service_label(record.service_area)} involvement"
    if isinstance(record, NetworkMember):
        return f"Network: {record.person}"
    if isinstance(record, Relationship):
        return (
            f"Relationship: {record.from_person} is {record.get_kind_display().lower()} of {record.to_person}"
        )
    if isinstance(record, Child):
        return "Child's record"
    return f"{record._meta.verbose_name.capitalize()}: {record}"


def _field_label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:  # a field since removed from the model still shows by its name
        return name.replace("_", " ").capitalize()


def _shown(model: Any, name: str, value: Any) -> Any:
    """A stored value as a person reads it: the choice's label, the related record's name."""
    if value in (None, ""):
        return value
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and model_field.related_model is not None:
        return model_field.related_model._base_manager.filter(pk=value).first() or value
    return value


def _differences(record: Any, old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """Fields that differ between two versions, archive fields included (simple_history's own
    diff leaves out fields that are not editable)."""
    differences = []
    for f in old.tracked_fields:
        if f.name in _HIDDEN_FIELDS:
            continue
        before, after = getattr(old, f.attname), getattr(new, f.attname)
        if before != after:
            differences.append(
                (_field_label(record, f.name), _shown(record, f.name, before), _shown(record, f.name, after))
            )
    return differences


def _history_changes(records: list[Any]) -> list[Change]:
    changes = []
    for record in records:
        versions = list(record.history.select_related("history_user").order_by("history_date"))
        previous = None
        for version in versions:
            details: list[tuple[str, Any, Any]] = []
            action = _ACTIONS.get(version.history_type, version.history_type)
            if previous is not None:
                details = _differences(record, previous, version)
                if getattr(previous, "archived_at", None) is None and getattr(version, "archived_at", None):
                    action = "Archived"
                if not details:
                    previous = version
                    continue
            changes.append(
                Change(
                    when=version.history_date,
                    who=version.history_user,
                    what=_label(record),
                    action=action,
                    details=details,
                    why=version.history_change_reason or "",
                )
            )
            previous = version
    return changes


def child_history(*, child: Child) -> list[Change]:
    """Every change to the child's record, newest first: the versions simple_history kept of the
    child, their people, household, relationships, network and involvements, plus the append-only
    events and transfers."""
    people = list(child_people(child=child))
    household = [child.person.household] if child.person.household_id else []
    records: list[Any] = list(
        chain(
            [child],
            people,
            household,
            NetworkMember.objects.filter(child=child).select_related("person"),
            Relationship.objects.filter(
                Q(from_person=child.person) | Q(to_person=child.person)
            ).select_related("from_person", "to_person"),
            Involvement.objects.filter(child=child),
        )
    )
    changes = _history_changes(records)
    names = council_event_labels(council=child.council)
    for event in Event.objects.filter(child=child).select_related("recorded_by", "corrects"):
        what = f"Event: {names.get(event.type, event.type)} on {event.occurred_on:%-d %B %Y}"
        action = (
            f"Corrected {names.get(event.corrects.type, event.corrects.type).lower()}"
            if event.corrects
            else "Recorded by hand"
            if event.recorded_by_hand
            else "Recorded"
        )
        changes.append(
            Change(when=event.recorded_at, who=event.recorded_by, what=what, action=action, details=[])
        )
    for transfer in Transfer.objects.filter(involvement__child=child).select_related(
        "from_team",
        "to_team",
        "from_practitioner__user",
        "to_practitioner__user",
        "recorded_by",
        "involvement",
    ):
        details = [
            ("Team", transfer.from_team, transfer.to_team),
            ("Lead practitioner", transfer.from_practitioner, transfer.to_practitioner),
        ]
        changes.append(
            Change(
                when=transfer.recorded_at,
                who=transfer.recorded_by,
                what=_label(transfer.involvement),
                action="Transferred",
                details=details,
            )
        )
    return sorted(changes, key=lambda c: c.when, reverse=True)
