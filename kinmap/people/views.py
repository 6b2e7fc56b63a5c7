"""Pages of the child's record: caseloads, the child's page and history, people and networks.

Views are thin: find the child (`child_to_read`, 404 if not visible; `child_to_change`, 403 if
the access policy says no), make the form and name the service; `record_form` sends the change
down the one path (kinmap.core.actions) and puts a service's ValidationError back onto the form,
so nothing typed is lost.
"""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from kinmap.core.access import (
    Do,
    can_record,
    child_to_change,
    child_to_read,
    page_after_change,
    staff_required,
)
from kinmap.core.forms import ArchiveForm
from kinmap.core.panels import child_panels
from kinmap.core.views import record_form
from kinmap.councils.models import Role
from kinmap.councils.selectors import visible_teams
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

# Open involvements a page of the team's list shows; the rest are on the following pages.
TEAM_PAGE = 100


@staff_required
def my_children(request: HttpRequest) -> HttpResponse:
    return render(
        request, "people/my_children.html", {"involvements": selectors.my_children(staff=request.staff)}
    )


@staff_required
def team_children(request: HttpRequest) -> HttpResponse:
    staff = request.staff
    teams = visible_teams(staff=staff)
    # With no filter asked for (a first visit, or only a page number), the list is their own team's.
    data = request.GET if set(request.GET) - {"page"} else {"team": staff.team_id or ""}
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
    page = Paginator(involvements, TEAM_PAGE).get_page(request.GET.get("page"))
    groups = [
        (lead, list(items)) for lead, items in groupby(page.object_list, key=lambda i: i.lead_practitioner)
    ]
    return render(
        request,
        "people/team_children.html",
        {"form": form, "team": team, "groups": groups, "page": page},
    )


@staff_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
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
            "panels": child_panels(request=request, child=child),
            "can_record": can_record(request, child),
        },
    )


@staff_required
def child_history(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    return render(
        request,
        "people/child_history.html",
        {"child": child, "changes": selectors.child_history(child=child)},
    )


@staff_required
def child_add(request: HttpRequest) -> HttpResponse:
    staff = request.staff
    initial = {
        "team": staff.team_id,
        "started_on": timezone.localdate(),
        "lead_practitioner": staff.pk if staff.team_id and staff.role == Role.PRACTITIONER else None,
    }
    form = ChildAddForm(request.POST or None, council=staff.council, initial=initial)

    def change() -> Child:
        data = form.cleaned_data
        return services.child_create(
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

    return record_form(
        request,
        child=None,
        do=Do.ADD_CHILD,
        form=form,
        reason="Child added",
        change=change,
        done=lambda child: (f"{child} has been added.", page_after_change(request, child)),
        title="Add a child",
        submit="Add the child",
        cancel=reverse("home"),
    )


@staff_required
def person_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    form = PersonAddForm(request.POST or None)

    def change():
        data = form.cleaned_data
        return services.person_add_to_child(
            by=request.user,
            child=child,
            fields={k: data[k] for k in PersonForm.Meta.fields},
            relationship_kind=data["relationship_kind"],
            lives_with_child=data["lives_with_child"],
        )

    return record_form(
        request,
        child=child,
        form=form,
        reason="Person added",
        change=change,
        done=lambda person: (
            f"{person} has been added. You can now add them to {child}'s network.",
            child.get_absolute_url(),
        ),
        title="Add a person",
        submit="Add the person",
        intro=f"Someone in {child}'s life: family, friends, neighbours or professionals.",
    )


@staff_required
def person_edit(request: HttpRequest, child_id: int, person_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    person = get_object_or_404(selectors.child_people(child=child), pk=person_id)
    form = PersonForm(request.POST or None, instance=person)
    return record_form(
        request,
        child=child,
        form=form,
        reason="Person's details changed",
        change=lambda: services.person_update(
            by=request.user,
            person=person,
            fields={k: form.cleaned_data[k] for k in PersonForm.Meta.fields},
        ),
        done=lambda saved: (f"{saved}'s details have been saved.", child.get_absolute_url()),
        title=f"Change {person}'s details",
        submit="Save",
    )


@staff_required
def household_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    form = HouseholdForm(request.POST or None, instance=child.person.household)
    return record_form(
        request,
        child=child,
        form=form,
        reason="Address changed",
        change=lambda: services.household_save(
            by=request.user,
            child=child,
            fields={k: form.cleaned_data[k] for k in HouseholdForm.Meta.fields},
        ),
        done=lambda _: (f"{child}'s address has been saved.", child.get_absolute_url()),
        title=f"{child}'s address",
        submit="Save",
    )


@staff_required
def relationship_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    form = RelationshipForm(
        request.POST or None,
        people=selectors.child_people(child=child),
        initial={"to_person": child.person_id},
    )
    return record_form(
        request,
        child=child,
        form=form,
        reason="Relationship added",
        change=lambda: services.relationship_create(by=request.user, **form.cleaned_data),
        done=lambda _: ("The relationship has been added.", child.get_absolute_url()),
        title="Add a relationship",
        submit="Add the relationship",
        intro="Read it as a sentence: Ann is the grandparent of Sam. Add someone new with "
        "'Add a person' first.",
    )


def _network_member_page(request: HttpRequest, child: Child, member: NetworkMember | None) -> HttpResponse:
    form = NetworkMemberForm(
        request.POST or None,
        instance=member,
        people=selectors.child_people(child=child).exclude(pk=child.person_id),
    )

    def change() -> NetworkMember:
        fields = {k: form.cleaned_data[k] for k in NetworkMemberForm.Meta.fields if k != "person"}
        if member is None:
            return services.network_member_create(
                by=request.user, child=child, person=form.cleaned_data["person"], fields=fields
            )
        return services.network_member_update(by=request.user, member=member, fields=fields)

    title = (
        f"Change {member.person}'s place in the network" if member else f"Add someone to {child}'s network"
    )
    return record_form(
        request,
        child=child,
        form=form,
        reason="Network changed" if member else "Added to the network",
        change=change,
        done=lambda saved: (
            f"{saved.person} is in {child}'s network as saved.",
            f"{child.get_absolute_url()}#network",
        ),
        title=title,
        submit="Save",
        intro=""
        if member
        else "Choose from the people in the child's life. Add someone new with 'Add a person' first.",
    )


@staff_required
def network_member_add(request: HttpRequest, child_id: int) -> HttpResponse:
    return _network_member_page(request, child_to_change(request, child_id), None)


@staff_required
def network_member_edit(request: HttpRequest, child_id: int, member_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    member = get_object_or_404(
        NetworkMember.objects.current().filter(child=child).select_related("person"), pk=member_id
    )
    return _network_member_page(request, child, member)


def _archive_page(request: HttpRequest, *, child: Child, record, what: str, back: str) -> HttpResponse:
    form = ArchiveForm(request.POST or None)
    return record_form(
        request,
        child=child,
        form=form,
        reason="Archived",
        change=lambda: services.record_archive(
            by=request.user, record=record, reason=form.cleaned_data["reason"]
        ),
        done=lambda _: (f"{what} has been archived.", back),
        title=f"Archive: {what}",
        submit="Archive",
        intro="Nothing in a child's record is deleted. Archiving takes it out of use and keeps it, "
        "with who archived it, when and why, in the record's history.",
    )


@staff_required
def network_member_archive(request: HttpRequest, child_id: int, member_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
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
    child = child_to_change(request, child_id)
    relationship: Relationship = get_object_or_404(
        selectors.child_relationships(child=child), pk=relationship_id
    )
    what = (
        f"{relationship.from_person} is {relationship.get_kind_display().lower()} of {relationship.to_person}"
    )
    return _archive_page(request, child=child, record=relationship, what=what, back=child.get_absolute_url())


@staff_required
def child_archive(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    return _archive_page(request, child=child, record=child, what=f"{child}'s record", back=reverse("home"))
