"""Template filters for the record's vocabulary and people's ages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from kinmap.journey import vocabulary as vocab
from kinmap.rules import labels as rules_labels

register = template.Library()


@register.filter
def service_label(key: str) -> str:
    return vocab.service_label(key)


@register.filter
def event_label(key: str, council) -> str:
    """An event type in the council's words: `{{ event.type|event_label:child.council }}`. The
    council is required, so that no page can name a meeting in words other than its own."""
    return rules_labels.council_event_label(council=council, type=key)


@register.filter
def choice_label(value: object) -> str:
    """`no_further_action` -> `No further action`: vocabulary choices are snake_case keys."""
    return str(value).replace("_", " ").capitalize()


@register.filter
def age(born: date | None) -> str:
    if born is None:
        return ""
    today = timezone.localdate()
    if born > today:
        return "not yet born"
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if years >= 2:
        return f"{years} years"
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    return f"{months} month{'s' if months != 1 else ''}"


@register.simple_tag
def variant_label(involvement, council) -> str:
    """The council's name for the variant an involvement works in ('Signs of Wellbeing'...)."""
    return rules_labels.variant_label(
        council=council, service_area=involvement.service_area, variant=involvement.variant or None
    )


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, query: str | None = None, label: str = "Pages") -> dict:
    """GOV.UK pagination for a Django Page: previous, numbered pages with ellipses, next.

    Each link keeps the page's other query parameters (its filters): `query` when given, else the
    request's own, without `page`."""
    if query is None:
        params = context["request"].GET.copy()
        params.pop("page", None)
        query = params.urlencode()
    prefix = f"?{query}&page=" if query else "?page="
    items = [
        {"ellipsis": True}
        if number == page.paginator.ELLIPSIS
        else {"number": number, "href": f"{prefix}{number}", "current": number == page.number}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "page": page,
        "label": label,
        "items": items,
        "previous": f"{prefix}{page.previous_page_number()}" if page.has_previous() else "",
        "next": f"{prefix}{page.next_page_number()}" if page.has_next() else "",
    }
