"""The mapping's section on the child's page (settings.KINMAP_CHILD_PANELS)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from kinmap.core.access import can_record
from kinmap.mapping import selectors
from kinmap.mapping.labels import child_labels
from kinmap.people.models import Child


def panel(*, request: HttpRequest, child: Child) -> str:
    """The latest mapping in counts per domain, each statement with its goal and latest scores, and links."""
    summary = selectors.mapping_summary(child=child)
    labels = child_labels(child=child, variant=summary.mapping.variant if summary.mapping else None)
    return render_to_string(
        "mapping/panel.html",
        {
            "child": child,
            "labels": labels,
            "summary": summary,
            "counts": [(labels.column(d), n) for d, n in summary.counts.items()],
            "latest": {
                s.pk: [(q, selectors.latest_scores(question=q)) for q in s.scaling_questions.all()]
                for s in summary.statements
            },
            "can_record": can_record(request, child),
        },
        request=request,
    )
