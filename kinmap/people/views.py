"""Pages of the child's record: caseloads, the child's page and history, people and networks.

Views are thin: find the child through `child_for_staff` (404 if not visible), check the form,
call a service, redirect. A service's ValidationError goes back onto the form, so nothing typed
is lost.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from kinmap.core.access import require_recording, staff_required
from kinmap.core.forms import ArchiveForm
from kinmap.core.panels import child_panels
from kinmap.councils.models import Role
from kinmap.councils.selectors import can_record, child_for_staff, visible_children, visible_teams
from kinmap.journey.selectors import child_involvements, events_that_count
from kinmap.people import selectors, services
from kinmap.people.forms import (
    ChildAddForm,
    ChildrenFilterForm,
    HouseholdForm,
    NetworkMemberForm,
    PersonAddForm,
    PersonForm,
    RelationshipForm,
)
from kinmap.people.models import Child, NetworkMember, Relationship

RECENT_EVENTS = 10
TEAM_LIST_LIMIT = 500


def _form_page(
    request: HttpRequest, *, form, title: str, child: Child | None, submit: str, cancel: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "child": child,
            "submit": submit,
            "cancel": cancel,
            "intro": intro,
        },
    )


@staff_required
def my_children(request: HttpRequest) -> HttpResponse:
    return render(
        request, "people/my_children.html", {"involvements": selectors.my_children(staff=request.staff)}
    )


@staff_required
def team_children(request: HttpRequest) -> HttpResponse:
    staff = request.staff
    teams = visible_teams(staff=staff)
    data = request.GET if request.GET else {"team": staff.team_id or ""}
    form = ChildrenFilterForm(data, teams=teams, council=staff.council)
    filters = form.cleaned_data if form.is_valid() else {}
    team = filters.get("team")
    involvements = selectors.team_involvements(
        staff=staff,
        team_id=team.pk if team else None,
        practitioner_id=filters["practitioner"].pk if filters.get("practitioner") else None,
        service_area=filters.get("service_area", ""),
        name=filters.get("name", ""),
        unallocated=filters.get("unallocated", False),
    )
    rows = list(involvements[: TEAM_LIST_LIMIT + 1])
    groups = [
        (lead, list(items))
        for lead, items in groupby(rows[:TEAM_LIST_LIMIT], key=lambda i: i.lead_practitioner)
    ]
    return render(
        request,
        "people/team_children.html",
        {
            "form": form,
            "team": team,
            "groups": groups,
            "count": min(len(rows), TEAM_LIST_LIMIT),
            "more": len(rows) > TEAM_LIST_LIMIT,
            "limit": TEAM_LIST_LIMIT,
        },
    )


@staff_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    household = child.person.household
    return render(
        request,
        "people/child_detail.html",
        {
            "child": child,
            "person": child.person,
            "household": household,
            "household_members": household.members.current().exclude(pk=child.person_id) if household else [],
            "circles": selectors.child_network(child=child),
            "relationships": selectors.child_relationships(child=child),
            "involvements": child_involvements(child=child),
            "recent_events": events_that_count(child=child)[:RECENT_EVENTS],
            "panels": child_panels(request=request, child=child),
            "can_record": can_record(staff=request.staff) and child.archived_at is None,
        },
    )


@staff_required
def child_history(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    return render(
        request,
        "people/child_history.html",
        {"child": child, "changes": selectors.child_history(child=child)},
    )


@staff_required
def child_add(request: HttpRequest) -> HttpResponse:
    staff = request.staff
    if not can_record(staff=staff):
        raise PermissionDenied("You can read records but not change them.")
    initial = {
        "team": staff.team_id,
        "started_on": timezone.localdate(),
        "lead_practitioner": staff.pk if staff.team_id and staff.role == Role.PRACTITIONER else None,
    }
    form = ChildAddForm(request.POST or None, council=staff.council, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = services.child_create(
                by=request.user,
                council=staff.council,
                person_fields={k: data[k] for k in ChildAddForm.Meta.fields},
                reference=data["reference"],
                service_area=data["service_area"],
                team=data["team"],
                started_on=data["started_on"],
                lead_practitioner=data["lead_practitioner"],
                variant=data["variant"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{child} has been added.")
            return _to_child_or_home(request, child)
    return _form_page(
        request, form=form, title="Add a child", child=None, submit="Add the child", cancel=reverse("home")
    )


def _to_child_or_home(request: HttpRequest, child: Child) -> HttpResponse:
    """Back to the child's page, or home if the change put them outside what this person sees."""
    if visible_children(staff=request.staff).filter(pk=child.pk).exists():
        return redirect(child)
    return redirect("home")


@staff_required
def person_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    form = PersonAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_add_to_child(
                by=request.user,
                child=child,
                fields={k: data[k] for k in PersonForm.Meta.fields},
                relationship_kind=data["relationship_kind"],
                lives_with_child=data["lives_with_child"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{person} has been added. You can now add them to {child}'s network.")
            return redirect(child)
    return _form_page(
        request,
        form=form,
        title="Add a person",
        child=child,
        submit="Add the person",
        cancel=child.get_absolute_url(),
        intro=f"Someone in {child}'s life: family, friends, neighbours or professionals.",
    )


@staff_required
def person_edit(request: HttpRequest, child_id: int, person_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    person = get_object_or_404(selectors.child_people(child=child), pk=person_id)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                by=request.user,
                person=person,
                fields={k: form.cleaned_data[k] for k in PersonForm.Meta.fields},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{person}'s details have been saved.")
            return redirect(child)
    return _form_page(
        request,
        form=form,
        title=f"Change {person}'s details",
        child=child,
        submit="Save",
        cancel=child.get_absolute_url(),
    )


@staff_required
def household_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    form = HouseholdForm(request.POST or None, instance=child.person.household)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_save(
                by=request.user,
                child=child,
                fields={k: form.cleaned_data[k] for k in HouseholdForm.Meta.fields},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{child}'s address has been saved.")
            return redirect(child)
    return _form_page(
        request,
        form=form,
        title=f"{child}'s address",
        child=child,
        submit="Save",
        cancel=child.get_absolute_url(),
    )


@staff_required
def relationship_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    form = RelationshipForm(
        request.POST or None,
        people=selectors.child_people(child=child),
        initial={"to_person": child.person_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "The relationship has been added.")
            return redirect(child)
    return _form_page(
        request,
        form=form,
        title="Add a relationship",
        child=child,
        submit="Add the relationship",
        cancel=child.get_absolute_url(),
        intro="Read it as a sentence: Ann is the grandparent of Sam. Add someone new with "
        "'Add a person' first.",
    )


def _network_member_page(request: HttpRequest, child: Child, member: NetworkMember | None) -> HttpResponse:
    form = NetworkMemberForm(
        request.POST or None,
        instance=member,
        people=selectors.child_people(child=child).exclude(pk=child.person_id),
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in NetworkMemberForm.Meta.fields if k != "person"}
        try:
            if member is None:
                member = services.network_member_create(
                    by=request.user, child=child, person=form.cleaned_data["person"], fields=fields
                )
            else:
                services.network_member_update(by=request.user, member=member, fields=fields)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{member.person} is in {child}'s network as saved.")
            return redirect(f"{child.get_absolute_url()}#network")
    title = (
        f"Change {member.person}'s place in the network" if member else f"Add someone to {child}'s network"
    )
    return _form_page(
        request,
        form=form,
        title=title,
        child=child,
        submit="Save",
        cancel=child.get_absolute_url(),
        intro=""
        if member
        else "Choose from the people in the child's life. Add someone new with 'Add a person' first.",
    )


@staff_required
def network_member_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    return _network_member_page(request, child, None)


@staff_required
def network_member_edit(request: HttpRequest, child_id: int, member_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    member = get_object_or_404(
        NetworkMember.objects.current().filter(child=child).select_related("person"), pk=member_id
    )
    return _network_member_page(request, child, member)


def _archive_page(request: HttpRequest, *, child: Child, record, what: str, back: str) -> HttpResponse:
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_archive(by=request.user, record=record, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{what} has been archived.")
            return redirect(back)
    return _form_page(
        request,
        form=form,
        title=f"Archive: {what}",
        child=child,
        submit="Archive",
        cancel=child.get_absolute_url(),
        intro="Nothing in a child's record is deleted. Archiving takes it out of use and keeps it, "
        "with who archived it, when and why, in the record's history.",
    )


@staff_required
def network_member_archive(request: HttpRequest, child_id: int, member_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    member = get_object_or_404(NetworkMember.objects.current().filter(child=child), pk=member_id)
    return _archive_page(
        request,
        child=child,
        record=member,
        what=f"{member.person} in {child}'s network",
        back=child.get_absolute_url(),
    )


@staff_required
def relationship_archive(request: HttpRequest, child_id: int, relationship_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    relationship: Relationship = get_object_or_404(
        selectors.child_relationships(child=child), pk=relationship_id
    )
    what = (
        f"{relationship.from_person} is {relationship.get_kind_display().lower()} of {relationship.to_person}"
    )
    return _archive_page(request, child=child, record=relationship, what=what, back=child.get_absolute_url())


@staff_required
def child_archive(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for_staff(staff=request.staff, child_id=child_id)
    require_recording(request, child)
    return _archive_page(request, child=child, record=child, what=f"{child}'s record", back=reverse("home"))
