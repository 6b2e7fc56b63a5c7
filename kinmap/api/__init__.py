"""Kinmap's JSON API: django-ninja, with its OpenAPI schema at /api/openapi.json and docs at /api/docs.

Every operation is for signed-in staff (the browser session, with Django's CSRF check on writes), and
goes through the same selectors as the pages, so it sees exactly the children the pages show
(`child_for_staff`), and every write goes down the same path (`kinmap.core.actions.change_record`:
the access policy, one transaction with history, the re-check after commit), so it is refused the
same changes and leaves the worklist as current. Each app adds its router here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import SessionAuth

from kinmap.councils.models import StaffMember


class StaffSession(SessionAuth):
    """The signed-in user's session, if they are staff of a council; puts them on `request.staff`."""

    def authenticate(self, request: HttpRequest, key: str | None) -> StaffMember | None:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        staff = StaffMember.objects.select_related("council", "team", "user").filter(user=user).first()
        request.staff = staff  # type: ignore[attr-defined]
        return staff


api = NinjaAPI(
    title="Kinmap",
    version="1",
    description="Mappings, statements and goals, and scaling for the children a member of staff can see. "
    "Sign in to Kinmap in the browser first; send the CSRF token in the X-CSRFToken header on writes.",
    auth=StaffSession(),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A service refused the change: say why, field by field where it can, with status 422."""
    detail = (
        [{"field": f, "message": m} for f, ms in error.message_dict.items() for m in ms]
        if hasattr(error, "error_dict")
        else [{"field": None, "message": m} for m in error.messages]
    )
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Not allowed"}, status=403)


api.add_router("/children/", "kinmap.mapping.api.router")
