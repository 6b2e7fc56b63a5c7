"""The child's timescales on their page (settings.KINMAP_CHILD_PANELS)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from kinmap.people.models import Child
from kinmap.worklists.selectors import child_rules


def rule_results(*, request: HttpRequest, child: Child) -> str:
    """Each rule of the pack as it stands for the child: overdue, due, met late, met, not applicable."""
    return render_to_string(
        "worklists/panel.html",
        {"child": child, "rules": child_rules(child=child, as_of=timezone.localdate())},
        request=request,
    )
