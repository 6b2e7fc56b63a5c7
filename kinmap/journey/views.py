"""Pages of the child's journey: involvements, transfers and events. Thin: form, service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from kinmap.core.access import require_recording, staff_required
from kinmap.councils.selectors import can_record, child_for_staff, visible_children
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
from kinmap.rules.labels import council_event_label, council_meeting_type


def _form_page(
    request: HttpRequest, *, form, title: str, child: Child, submit: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "child": child,
            "submit": submit,
            "cancel": child.get_absolute_url(),
            "intro": intro,
        },
    )


def _open_involvement(child: Child, involvement_id: int) -> Involvement:
    return get_object_or_404(
        Involvement.objects.current().filter(child=child, ended_on__isnull=True).select_related("team"),
        pk=involvement_id,
    )


@staff_required
def involvement_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    form = InvolvementForm(
        request.POST or None,
        council=child.council,
        initial={"team": request.staff.team_id, "started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            involvement = services.involvement_create(by=request.user, child=child, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{service_label(involvement.service_area)} involvement added.")
            return redirect(f"{child.get_absolute_url()}#journey")
    return _form_page(
        request,
        form=form,
        title="Add an involvement",
        child=child,
        submit="Add the involvement",
        intro="A period of the child's journey with one service area, led from one team.",
    )


@staff_required
def involvement_end(request: HttpRequest, child_id: int, involvement_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    involvement = _open_involvement(child, involvement_id)
    form = InvolvementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_end(by=request.user, involvement=involvement, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{service_label(involvement.service_area)} involvement ended.")
            return redirect(f"{child.get_absolute_url()}#journey")
    return _form_page(
        request,
        form=form,
        child=child,
        submit="End the involvement",
        title=f"End the {service_label(involvement.service_area).lower()} involvement",
        intro=f"Started {involvement.started_on:%-d %B %Y}, with {involvement.team}.",
    )


@staff_required
def involvement_transfer(request: HttpRequest, child_id: int, involvement_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    involvement = _open_involvement(child, involvement_id)
    form = TransferForm(request.POST or None, council=child.council, initial={"to_team": involvement.team_id})
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.involvement_transfer(
                by=request.user, involvement=involvement, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                f"Transferred to {transfer.to_team}"
                f"{f', {transfer.to_practitioner}' if transfer.to_practitioner else ''}.",
            )
            if visible_children(staff=request.staff).filter(pk=child.pk).exists():
                return redirect(f"{child.get_absolute_url()}#journey")
            return redirect("home")
    lead = involvement.lead_practitioner or "no lead practitioner"
    return _form_page(
        request,
        form=form,
        child=child,
        submit="Transfer",
        title=f"Transfer the {service_label(involvement.service_area).lower()} involvement",
        intro=f"Now with {involvement.team}, {lead}. The record keeps who had it before.",
    )


def _event_form_page(
    request: HttpRequest, *, child: Child, form: EventForm, title: str, corrects: Event | None
):
    return render(
        request,
        "journey/event_form.html",
        {
            "child": child,
            "form": form,
            "title": title,
            "corrects": corrects,
            "corrects_rows": event_attribute_rows(event=corrects) if corrects else [],
        },
    )


def _record_event(
    request: HttpRequest, *, child: Child, form_class: type[EventForm], corrects: Event | None, initial: dict
) -> HttpResponse:
    questions_url = reverse("journey:event_questions", args=[child.pk])
    choosing = request.method == "POST" and "choose_type" in request.POST
    if choosing:
        # Without JavaScript: show the questions for the chosen type, keeping what was typed.
        form = form_class(child=child, questions_url=questions_url, initial=request.POST.dict())
    else:
        form = form_class(request.POST or None, child=child, questions_url=questions_url, initial=initial)
    if request.method == "POST" and not choosing and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_record(
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
        except ValidationError as error:
            form.add_service_error(error)
        else:
            name = council_event_label(council=child.council, type=event.type)
            messages.success(request, f"{name} on {event.occurred_on:%-d %B %Y} recorded.")
            return redirect(f"{child.get_absolute_url()}#events")
    name = council_event_label(council=child.council, type=corrects.type) if corrects else ""
    title = f"Correct: {name.lower()}" if corrects else "Add an event"
    return _event_form_page(request, child=child, form=form, title=title, corrects=corrects)


@staff_required
def event_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    return _record_event(
        request,
        child=child,
        form_class=EventForm,
        corrects=None,
        initial={"type": request.GET.get("type", ""), "occurred_on": timezone.localdate()},
    )


@staff_required
def event_correct(request: HttpRequest, child_id: int, event_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    event = get_object_or_404(Event.objects.filter(child=child, corrected_by__isnull=True), pk=event_id)
    return _record_event(
        request, child=child, form_class=EventCorrectionForm, corrects=event, initial=event_initial(event)
    )


@staff_required
def event_questions(request: HttpRequest, child_id: int) -> HttpResponse:
    """The questions for one event type, for htmx to swap in when the type changes."""
    child = child_for_staff(staff=request.staff, child_id=child_id)
    form = EventForm(child=child, questions_url="", initial={"type": request.GET.get("type", "")})
    return render(request, "journey/event_questions.html", {"form": form})


@staff_required
def event_list(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    return render(request, "journey/event_list.html", {"child": child, "events": child_events(child=child)})


@staff_required
def event_detail(request: HttpRequest, child_id: int, event_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
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
            "can_record": can_record(staff=request.staff) and child.archived_at is None,
        },
    )
