"""Pages of the child's journey: involvements, transfers and events. Thin: each finds what its form is
about and names the service; `record_form` does the rest (the one path, kinmap.core.actions)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from kinmap.core.access import can_record, child_to_change, child_to_read, page_after_change, staff_required
from kinmap.core.views import record_form
from kinmap.journey import services
from kinmap.journey.forms import (
    EventCorrectionForm,
    EventForm,
    InvolvementEndForm,
    InvolvementForm,
    TransferForm,
    event_initial,
)
from kinmap.journey.models import Event, Involvement
from kinmap.journey.selectors import child_events, event_attribute_rows, how_recorded
from kinmap.journey.vocabulary import service_label
from kinmap.people.models import Child
from kinmap.rules.labels import council_event_label, council_meeting_type, council_meeting_types


def _open_involvement(child: Child, involvement_id: int) -> Involvement:
    return get_object_or_404(
        Involvement.objects.current().filter(child=child, ended_on__isnull=True).select_related("team"),
        pk=involvement_id,
    )


@staff_required
def involvement_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    form = InvolvementForm(
        request.POST or None,
        council=child.council,
        initial={"team": request.staff.team_id, "started_on": timezone.localdate()},
    )
    return record_form(
        request,
        child=child,
        form=form,
        reason="Involvement added",
        change=lambda: services.involvement_create(by=request.user, child=child, **form.cleaned_data),
        done=lambda involvement: (
            f"{service_label(involvement.service_area)} involvement added.",
            f"{child.get_absolute_url()}#journey",
        ),
        title="Add an involvement",
        submit="Add the involvement",
        intro="A period of the child's journey with one service area, led from one team.",
    )


@staff_required
def involvement_end(request: HttpRequest, child_id: int, involvement_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    involvement = _open_involvement(child, involvement_id)
    form = InvolvementEndForm(request.POST or None)
    return record_form(
        request,
        child=child,
        form=form,
        reason="Involvement ended",
        change=lambda: services.involvement_end(
            by=request.user, involvement=involvement, **form.cleaned_data
        ),
        done=lambda ended: (
            f"{service_label(ended.service_area)} involvement ended.",
            f"{child.get_absolute_url()}#journey",
        ),
        title=f"End the {service_label(involvement.service_area).lower()} involvement",
        submit="End the involvement",
        intro=f"Started {involvement.started_on:%-d %B %Y}, with {involvement.team}.",
    )


@staff_required
def involvement_transfer(request: HttpRequest, child_id: int, involvement_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    involvement = _open_involvement(child, involvement_id)
    form = TransferForm(request.POST or None, council=child.council, initial={"to_team": involvement.team_id})

    def done(transfer) -> tuple[str, str]:
        to = f"{transfer.to_team}{f', {transfer.to_practitioner}' if transfer.to_practitioner else ''}"
        return f"Transferred to {to}.", page_after_change(request, child, "#journey")

    lead = involvement.lead_practitioner or "no lead practitioner"
    return record_form(
        request,
        child=child,
        form=form,
        reason="Involvement transferred",
        change=lambda: services.involvement_transfer(
            by=request.user, involvement=involvement, **form.cleaned_data
        ),
        done=done,
        title=f"Transfer the {service_label(involvement.service_area).lower()} involvement",
        submit="Transfer",
        intro=f"Now with {involvement.team}, {lead}. The record keeps who had it before.",
    )


def _record_event(
    request: HttpRequest, *, child: Child, form_class: type[EventForm], corrects: Event | None, initial: dict
) -> HttpResponse:
    questions_url = reverse("journey:event_questions", args=[child.pk])
    if request.method == "POST" and "choose_type" in request.POST:
        # Without JavaScript: show the questions for the chosen type, keeping what was typed.
        form = form_class(child=child, questions_url=questions_url, initial=request.POST.dict())
    else:
        form = form_class(request.POST or None, child=child, questions_url=questions_url, initial=initial)

    def change() -> Event:
        data = form.cleaned_data
        return services.event_record(
            by=request.user,
            child=child,
            type=data["type"],
            occurred_on=data["occurred_on"],
            occurred_at_time=data["occurred_at_time"],
            attributes=form.attributes(),
            refers_to=data.get("refers_to"),
            summary=data["summary"],
            corrects=corrects,
            correction_reason=data.get("correction_reason", ""),
            backdated_reason=data.get("backdated_reason", ""),
        )

    name = council_event_label(council=child.council, type=corrects.type) if corrects else ""
    return record_form(
        request,
        child=child,
        form=form,
        reason="Event corrected" if corrects else "Event recorded",
        change=change,
        done=lambda event: (
            f"{council_event_label(council=child.council, type=event.type)} on "
            f"{event.occurred_on:%-d %B %Y} recorded.",
            f"{child.get_absolute_url()}#events",
        ),
        title=f"Correct: {name.lower()}" if corrects else "Add an event",
        template="journey/event_form.html",
        corrects=corrects,
        corrects_rows=event_attribute_rows(event=corrects) if corrects else [],
    )


@staff_required
def event_add(request: HttpRequest, child_id: int) -> HttpResponse:
    return _record_event(
        request,
        child=child_to_change(request, child_id),
        form_class=EventForm,
        corrects=None,
        initial={"type": request.GET.get("type", ""), "occurred_on": timezone.localdate()},
    )


@staff_required
def event_correct(request: HttpRequest, child_id: int, event_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    event = get_object_or_404(Event.objects.filter(child=child, corrected_by__isnull=True), pk=event_id)
    return _record_event(
        request, child=child, form_class=EventCorrectionForm, corrects=event, initial=event_initial(event)
    )


@staff_required
def event_questions(request: HttpRequest, child_id: int) -> HttpResponse:
    """The questions for one event type, for htmx to swap in when the type changes."""
    child = child_to_read(request, child_id)
    form = EventForm(child=child, questions_url="", initial={"type": request.GET.get("type", "")})
    return render(request, "journey/event_questions.html", {"form": form})


@staff_required
def meetings(request: HttpRequest) -> HttpResponse:
    """Every meeting the council's pack describes: its name, purpose and agenda (decision 0106)."""
    council = request.staff.council  # type: ignore[attr-defined]
    return render(
        request,
        "journey/meetings.html",
        {"council": council, "meetings": council_meeting_types(council=council)},
    )


@staff_required
def event_list(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    return render(request, "journey/event_list.html", {"child": child, "events": child_events(child=child)})


@staff_required
def event_detail(request: HttpRequest, child_id: int, event_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    event = get_object_or_404(child_events(child=child), pk=event_id)
    return render(
        request,
        "journey/event_detail.html",
        {
            "child": child,
            "event": event,
            "rows": event_attribute_rows(event=event),
            "how_recorded": how_recorded(event=event),
            "meeting": council_meeting_type(council=child.council, type=event.type),
            "can_record": can_record(request, child),
        },
    )
