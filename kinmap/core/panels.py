"""Sections that other apps add to the child's page, listed in settings.KINMAP_CHILD_PANELS.

Each entry is (anchor id, title, dotted path of `panel(*, request, child) -> str`) returning
rendered HTML (usually `render_to_string(..., request=request)`) whose heading carries the anchor
id. The child page shows them in order after its own sections and links them under "On this
page". A panel that has nothing to say returns "".
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from kinmap.people.models import Child


class Panel(NamedTuple):
    anchor: str
    title: str
    html: SafeString


def child_panels(*, request: HttpRequest, child: Child) -> list[Panel]:
    panels = (
        (anchor, title, import_string(path)(request=request, child=child))
        for anchor, title, path in settings.KINMAP_CHILD_PANELS
    )
    # Panels return rendered templates.
    return [Panel(anchor, title, mark_safe(html)) for anchor, title, html in panels if html]
