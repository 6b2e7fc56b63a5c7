"""Words for rule results: standings, working days left, shares on time."""

from __future__ import annotations

from django import template

from kinmap.worklists.exports import STANDINGS

register = template.Library()

TAG_COLOURS = {
    "overdue": "red",
    "due": "yellow",
    "met_late": "orange",
    "met": "green",
    "unknown": "purple",
    "not_applicable": "grey",
}


@register.filter
def standing_label(key: str | None) -> str:
    return STANDINGS.get(key or "", key or "")


@register.filter
def tag_colour(status: str) -> str:
    return TAG_COLOURS.get(status, "grey")


@register.filter
def working_days(left: int | None) -> str:
    """3 -> '3 working days left'; 0 -> 'Due today'; -2 -> '2 working days overdue'."""
    if left is None:
        return ""
    if left == 0:
        return "Due today"
    n = abs(left)
    words = f"{n} working day{'s' if n != 1 else ''}"
    return f"{words} left" if left > 0 else f"{words} overdue"


@register.filter
def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"
