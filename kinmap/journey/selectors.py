"""Reads of the child's journey: involvements, transfers and events as the pages show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery

from kinmap.councils.models import StaffMember
from kinmap.journey.models import Event, Involvement, Transfer
from kinmap.journey.vocabulary import NOT_KNOWN, vocabulary
from kinmap.people.models import Child, Person


def child_involvements(*, child: Child) -> QuerySet[Involvement]:
    """Every involvement, open first then newest, each with its transfers."""
    transfers = Transfer.objects.select_related(
        "from_team", "to_team", "from_practitioner__user", "to_practitioner__user", "recorded_by"
    )
    return (
        Involvement.objects.current()
        .filter(child=child)
        .select_related("team", "lead_practitioner__user")
        .prefetch_related(Prefetch("transfers", queryset=transfers))
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on")
    )


def open_involvement_on(*, child: Child, on: date) -> Involvement | None:
    """The involvement an event on `on` belongs to: the latest started one covering that date."""
    return (
        Involvement.objects.current()
        .filter(child=child, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .order_by("-started_on", "-pk")
        .first()
    )


def child_events(*, child: Child) -> QuerySet[Event]:
    """All events, newest first, with who recorded them and what they correct or were corrected by.

    Only what the events table shows is joined: PostgreSQL took ten times as long to plan this
    query with two joins more (an event's other links are fetched where one event is shown)."""
    return Event.objects.filter(child=child).select_related("recorded_by", "corrects", "corrected_by")


def events_that_count(*, child: Child) -> QuerySet[Event]:
    """The events as they stand: those a correction replaced are left out.

    NOT EXISTS rather than the join's IS NULL: PostgreSQL guesses the join's IS NULL leaves one
    row, and then reads every member of staff for each of the child's events."""
    return child_events(child=child).exclude(Exists(Event.objects.filter(corrects=OuterRef("pk"))))


def referable_events(*, child: Child, event_type: str) -> QuerySet[Event]:
    """Events of this child an event of `event_type` may refer to (a report to its conference)."""
    spec = vocabulary().event_types.get(event_type)
    if spec is None or spec.refers_to is None:
        return Event.objects.none()
    if spec.refers_to == "meeting":
        types = [key for key, s in vocabulary().event_types.items() if s.meeting]
    else:
        types = [spec.refers_to]
    return events_that_count(child=child).filter(type__in=types)


def last_seen_subquery(child_ref: str = "pk") -> Subquery:
    """The date of the latest visit on which the child was seen, for annotating a Child queryset."""
    seen = (
        Event.objects.filter(
            child=OuterRef(child_ref),
            type="home_visit",
            attributes__child_seen=True,
            corrected_by__isnull=True,
        )
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )
    return Subquery(seen)


@dataclass(frozen=True)
class AttributeRow:
    label: str
    value: str


def event_attribute_rows(*, event: Event) -> list[AttributeRow]:
    """The event's attributes in the vocabulary's order and words, for a summary list."""
    spec = vocabulary().event_types.get(event.type)
    if spec is None:
        return [AttributeRow(label=k, value=str(v)) for k, v in event.attributes.items()]
    rows = []
    for name, attr in spec.attributes.items():
        if name not in event.attributes:
            continue
        value = event.attributes[name]
        if value == NOT_KNOWN:
            shown = "Not known"
        elif attr.type == "boolean":
            shown = "Yes" if value else "No"
        elif attr.type == "choice":
            shown = str(value).replace("_", " ").capitalize()
        elif attr.type == "person":
            shown = str(Person.objects.filter(pk=value).first() or "Unknown person")
        elif attr.type == "staff":
            shown = str(
                StaffMember.objects.select_related("user").filter(pk=value).first() or "Unknown staff"
            )
        else:
            shown = str(value)
        rows.append(AttributeRow(label=attr.label, value=shown))
    return rows


@dataclass(frozen=True)
class HowRecorded:
    """How an event came into the record, for its page (decision 0103)."""

    by_hand: bool
    text: str
    link: str = ""  # the page of what Kinmap made
    link_text: str = ""


def how_recorded(*, event: Event) -> HowRecorded | None:
    """For an event of a type that stands for something made: made in Kinmap (with a link to it),
    or recorded by hand (and whether Kinmap makes it yet). None for other events."""
    spec = vocabulary().event_types.get(event.type)
    if spec is None or spec.artefact is None:
        return None
    if event.artefact_type:
        model = apps.get_model(event.artefact_type)
        made = model._default_manager.filter(pk=event.artefact_id).first()
        link = made.get_absolute_url() if made is not None and hasattr(made, "get_absolute_url") else ""
        return HowRecorded(False, "In the record: made in Kinmap", link, f"See the {spec.artefact.name}")
    if spec.artefact.model is None:
        return HowRecorded(True, f"Recorded by hand: {spec.artefact.name} are not made in Kinmap yet")
    return HowRecorded(True, "Recorded by hand: not linked to anything made in Kinmap")
