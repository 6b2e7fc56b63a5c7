"""The journey's sections on the child's page (settings.KINMAP_CHILD_PANELS): involvements, latest events."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from kinmap.core.access import can_record
from kinmap.journey.selectors import child_involvements, events_that_count
from kinmap.people.models import Child

RECENT_EVENTS = 10


def involvements(*, request: HttpRequest, child: Child) -> str:
    """Each involvement, open first, with its team, lead, variant and transfers; links to change them."""
    return render_to_string(
        "journey/panel_involvements.html",
        {
            "child": child,
            "involvements": child_involvements(child=child),
            "can_record": can_record(request, child),
        },
        request=request,
    )


def recent_events(*, request: HttpRequest, child: Child) -> str:
    """The latest events as they stand (corrected ones left out), and the way to record another."""
    return render_to_string(
        "journey/panel_events.html",
        {
            "child": child,
            "recent_events": events_that_count(child=child)[:RECENT_EVENTS],
            "can_record": can_record(request, child),
        },
        request=request,
    )
