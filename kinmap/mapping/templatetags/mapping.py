"""Template filters for the mapping pages."""

from django import template

from kinmap.mapping.labels import Labels, child_labels
from kinmap.mapping.models import DangerStatement

register = template.Library()


@register.filter
def get(mapping: dict, key: str):
    """`columns|get:entry.domain`: a dictionary's value in a template."""
    return mapping.get(key, "")


@register.filter
def variant_labels(statement: DangerStatement) -> Labels:
    """The names in the statement's own variant (a safety statement in a success plan keeps its words)."""
    return child_labels(child=statement.child, variant=statement.variant)
