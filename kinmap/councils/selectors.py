"""Which children a staff member may see: the one place that decides it (docs/decisions/0100).

What they may do to a child they see is the access policy's (`kinmap.core.access.policy`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kinmap.councils.models import AccessGrant, Council, Role, StaffMember, Team
from kinmap.people.models import Child

# An involvement that ended less than this long ago still opens the child to its team: letters,
# audits and a child coming back soon after closure are everyday work.
RECENTLY_ENDED = timedelta(days=365)
# Service areas a chair or independent reviewing officer works across the whole council.
CHAIR_SERVICE_AREAS = ("child_protection", "looked_after")
COUNCIL_WIDE_ROLES = (Role.AUDITOR, Role.ADMINISTRATOR)


def _live_involvement(prefix: str = "involvements__", *, today: date) -> Q:
    """Involvements open, or ended within RECENTLY_ENDED of today (and not archived)."""
    return Q(**{f"{prefix}archived_at__isnull": True}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today - RECENTLY_ENDED})
    )


def granted_teams(*, staff: StaffMember, today: date | None = None) -> tuple[list[int], bool]:
    """Team ids that current grants open to `staff`, and whether one opens the whole council."""
    today = today or timezone.localdate()
    grants = AccessGrant.objects.filter(staff=staff).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    team_ids = [g.team_id for g in grants if g.team_id is not None]
    return team_ids, any(g.team_id is None for g in grants)


def visible_teams(*, staff: StaffMember) -> QuerySet[Team]:
    """Teams whose children `staff` sees: their own and granted ones, or all for council-wide roles."""
    team_ids, whole_council = granted_teams(staff=staff)
    teams = Team.objects.filter(council=staff.council)
    if staff.role in COUNCIL_WIDE_ROLES or whole_council:
        return teams
    return teams.filter(Q(pk__in=team_ids) | Q(pk=staff.team_id))


def visible_children(*, staff: StaffMember, include_archived: bool = False) -> QuerySet[Child]:
    """Children `staff` may open.

    - practitioner, team manager: children with a live involvement (open, or ended in the last
      12 months) in their team or led by them, plus teams an administrator granted;
    - chair or independent reviewing officer: that, plus every child with a live child protection
      or looked after involvement in the council;
    - auditor, administrator: every child of the council.
    Always within the staff member's own council. Archived children are left out unless asked for.
    """
    today = timezone.localdate()
    children = Child.objects.filter(council=staff.council)
    if not include_archived:
        children = children.filter(archived_at__isnull=True)
    team_ids, whole_council = granted_teams(staff=staff, today=today)
    if staff.role in COUNCIL_WIDE_ROLES or whole_council:
        return children.order_by("person__last_name", "person__first_name", "pk")

    live = _live_involvement(today=today)
    reach = Q(involvements__team_id__in=team_ids) | Q(involvements__lead_practitioner=staff)
    if staff.team_id is not None:
        reach |= Q(involvements__team_id=staff.team_id)
    if staff.role == Role.CHAIR:
        reach |= Q(involvements__service_area__in=CHAIR_SERVICE_AREAS)
    ids = Child.objects.filter(live & reach).values("pk")
    return children.filter(pk__in=ids).order_by("person__last_name", "person__first_name", "pk")


def child_for_staff(*, staff: StaffMember, child_id: int, include_archived: bool = True) -> Child:
    """The child, if `staff` may see them; otherwise Http404, so that a child's existence is not revealed."""
    child = (
        visible_children(staff=staff, include_archived=include_archived)
        .select_related("person", "person__household", "council")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404("No child found")
    return child


def lead_practitioners(*, council: Council) -> QuerySet[StaffMember]:
    """Staff who can lead an involvement: practitioners and team managers, by team then name."""
    return (
        StaffMember.objects.filter(council=council, role__in=(Role.PRACTITIONER, Role.TEAM_MANAGER))
        .select_related("user", "team")
        .order_by("team__name", "user__last_name", "user__first_name")
    )
