"""Who may use the record: every page that shows a child goes through `staff_required`.

Signing in is enforced by LoginRequiredMiddleware; this adds the second gate. A signed-in user who
is not a staff member of a council (a Django superuser made for configuration, say) sees a 403 page
and nothing of any child. Which children a staff member sees is `councils.selectors`' job.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from kinmap.councils.models import StaffMember
from kinmap.councils.selectors import can_record
from kinmap.people.models import Child


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


def require_recording(request: HttpRequest, child: Child) -> None:
    """Refuse (403) a change to a child's record by someone who only reads, or to an archived child."""
    if not can_record(staff=request.staff) or child.archived_at is not None:  # type: ignore[attr-defined]
        raise PermissionDenied("You can read this record but not change it.")
