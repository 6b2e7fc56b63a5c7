"""What the council calls things: variant, statement, goal and the seven columns, from its pack.

A child's variant is the involvement's own (set when a council lets practitioners choose), else the
one the pack gives the service area, else England's. A statement or a mapping stores the variant
it was written in, so that a Success plan can hold Safety statements (docs/decisions/0400).
"""

from __future__ import annotations

from dataclasses import dataclass

from kinmap.journey.models import Involvement
from kinmap.people.models import Child
from kinmap.rules.labels import labels_for, variant_key
from kinmap.rules.schema import VariantVocabulary

# The three columns of a mapping and the domains under each, in the handbooks' order.
COLUMN_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("What are we worried about?", ("harm", "danger", "complicating_factors")),
    ("What's working well?", ("existing_strengths", "existing_safety")),
    ("What needs to happen?", ("goals", "next_steps")),
)


@dataclass(frozen=True)
class Labels:
    """A variant's names, with its key, for templates and forms."""

    variant: str
    vocabulary: VariantVocabulary

    @property
    def label(self) -> str:
        return self.vocabulary.label

    @property
    def statement(self) -> str:
        return self.vocabulary.statement

    @property
    def goal(self) -> str:
        return self.vocabulary.goal

    def column(self, domain: str) -> str:
        return self.vocabulary.columns[domain]

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(group heading, [(domain, column name), ...]), ...] in the mapping's order."""
        return [(heading, [(d, self.column(d)) for d in domains]) for heading, domains in COLUMN_GROUPS]


def current_involvement(*, child: Child) -> Involvement | None:
    """The open involvement that sets the child's variant: the latest started."""
    return (
        Involvement.objects.current()
        .filter(child=child, ended_on__isnull=True)
        .order_by("-started_on", "-pk")
        .first()
        or Involvement.objects.current().filter(child=child).order_by("-started_on", "-pk").first()
    )


def child_variant(*, child: Child) -> str:
    involvement = current_involvement(child=child)
    if involvement is None:
        return variant_key(council=child.council, service_area="")
    return variant_key(
        council=child.council, service_area=involvement.service_area, variant=involvement.variant or None
    )


def child_labels(*, child: Child, variant: str | None = None) -> Labels:
    """Labels for a record of the child: in `variant` if given (a mapping's, a statement's), else the
    child's own."""
    key = variant or child_variant(child=child)
    return Labels(variant=key, vocabulary=labels_for(council=child.council, service_area="", variant=key))
