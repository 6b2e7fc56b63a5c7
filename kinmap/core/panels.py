"""Sections that other apps add to the child's page, listed in settings.KINMAP_CHILD_PANELS.

Each entry is the dotted path of `panel(*, request, child) -> str` returning rendered HTML (usually
`render_to_string(..., request=request)`). The child page shows them in order after its own
sections. A panel that has nothing to say returns "".
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from kinmap.people.models import Child


def child_panels(*, request: HttpRequest, child: Child) -> list[SafeString]:
    panels = (import_string(path)(request=request, child=child) for path in settings.KINMAP_CHILD_PANELS)
    return [mark_safe(html) for html in panels if html]  # panels return rendered templates
