"""Who may do what to which child: the access policy, the one place that decides (decision 0006).

Signing in is enforced by LoginRequiredMiddleware; `staff_required` adds the second gate. A
signed-in user who is not a staff member of a council (a Django superuser made for configuration,
say) sees a 403 page and nothing of any child. Which children a staff member sees is
`councils.selectors.visible_children` (decision 0100); what they may do there is `policy`. Pages,
API endpoints, panels and templates ask it, never a role: templates get `staff_may` (the context
processor) and `can_record` (the child's pages).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from kinmap.councils.models import Role, StaffMember
from kinmap.councils.selectors import child_for_staff, visible_children
from kinmap.people.models import Child


class Do(StrEnum):
    """What a member of staff may do. RECORD is about one child; the others are about their work."""

    RECORD = "record"  # change a child's record: add to it, correct it, archive part of it
    ADD_CHILD = "add_child"
    WORKLIST = "worklist"
    DASHBOARD = "dashboard"
    CHOOSE_PACK = "choose_pack"


REFUSED = {
    Do.RECORD: "You can read this record but not change it.",
    Do.ADD_CHILD: "You can read records but not change them.",
    Do.WORKLIST: "Only practitioners and team managers have a worklist.",
    Do.DASHBOARD: "Only team managers, auditors and administrators see the compliance dashboard.",
    Do.CHOOSE_PACK: "Only the council's administrators choose its pack.",
}


class AccessPolicy:
    """Roles to what they allow; a child's record can be changed only while it is not archived.

    Auditors and administrators read; practitioners, team managers and chairs write to the records
    they can see. Whether a child is seen at all is decided before (404), by `child_for_staff`.
    """

    ROLES: dict[Do, frozenset[str]] = {
        Do.RECORD: frozenset({Role.PRACTITIONER, Role.TEAM_MANAGER, Role.CHAIR}),
        Do.ADD_CHILD: frozenset({Role.PRACTITIONER, Role.TEAM_MANAGER, Role.CHAIR}),
        Do.WORKLIST: frozenset({Role.PRACTITIONER, Role.TEAM_MANAGER}),
        Do.DASHBOARD: frozenset({Role.TEAM_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR}),
        Do.CHOOSE_PACK: frozenset({Role.ADMINISTRATOR}),
    }

    def allows(self, *, staff: StaffMember | None, do: Do, child: Child | None = None) -> bool:
        if staff is None or staff.role not in self.ROLES[do]:
            return False
        return child is None or (child.archived_at is None and child.council_id == staff.council_id)

    def check(self, *, staff: StaffMember | None, do: Do, child: Child | None = None) -> None:
        """PermissionDenied (a 403 page, or 403 from the API) unless `allows`."""
        if not self.allows(staff=staff, do=do, child=child):
            raise PermissionDenied(REFUSED[do])

    def allowed(self, *, staff: StaffMember | None) -> dict[str, bool]:
        """Everything `staff` may do, by name, for templates: `{% if staff_may.dashboard %}`."""
        return {do.value: self.allows(staff=staff, do=do) for do in Do}


policy = AccessPolicy()


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Put the signed-in user's StaffMember on `request.staff`; refuse (403) users who have none."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        staff = (
            StaffMember.objects.select_related("council", "team", "user")
            .filter(user_id=request.user.pk)
            .first()
            if request.user.is_authenticated
            else None
        )
        if staff is None or not request.user.is_active:
            raise PermissionDenied("Only staff of a council can see children's records.")
        request.staff = staff  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def child_to_read(request: HttpRequest, child_id: int) -> Child:
    """The child, if the signed-in staff member may see them (404 otherwise)."""
    return child_for_staff(staff=request.staff, child_id=child_id)  # type: ignore[attr-defined]


def child_to_change(request: HttpRequest, child_id: int) -> Child:
    """The child, if the staff member may see them (404) and change their record (403)."""
    child = child_to_read(request, child_id)
    policy.check(staff=request.staff, do=Do.RECORD, child=child)  # type: ignore[attr-defined]
    return child


def can_record(request: HttpRequest, child: Child) -> bool:
    """For the child's pages and panels: show the links that change the record?"""
    return policy.allows(staff=request.staff, do=Do.RECORD, child=child)  # type: ignore[attr-defined]


def page_after_change(request: HttpRequest, child: Child, anchor: str = "") -> str:
    """The child's page, or home if the change (a transfer, a new child in another team) put them
    outside what this person sees."""
    if visible_children(staff=request.staff).filter(pk=child.pk).exists():  # type: ignore[attr-defined]
        return f"{child.get_absolute_url()}{anchor}"
    return reverse("home")
