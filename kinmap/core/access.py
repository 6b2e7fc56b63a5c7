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


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Put the signed-in user's StaffMember on `request.staff`; refuse (403) users who have none."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        staff = (
            StaffMember.objects.select_related("council", "team", "user").filter(user_id=request.user.pk).first()
            if request.user.is_authenticated
            else None
        )
        if staff is None or not request.user.is_active:
            raise PermissionDenied("Only staff of a council can see children's records.")
        request.staff = staff  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
