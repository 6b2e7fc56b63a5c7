"""A council's names for its practice variants, from its pack (England's where its own is silent),
and the words that ask for a fact a rule needs (`missing_text`).

Read by every app that shows a variant: the journey's forms, the child's pages, the mapping.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from kinmap.councils.models import Council
from kinmap.journey.vocabulary import event_label, vocabulary
from kinmap.rules.packs import load_pack
from kinmap.rules.schema import PackVocabulary, VariantVocabulary

# Used when neither the council's pack nor England's names a variant for the service area.
FALLBACK_VARIANT = "safety"


def _vocabularies(council: Council) -> tuple[PackVocabulary, PackVocabulary]:
    own = load_pack(council.pack_name).vocabulary
    england = (
        own
        if council.pack_name == settings.KINMAP_DEFAULT_PACK
        else load_pack(settings.KINMAP_DEFAULT_PACK).vocabulary
    )
    return own, england


def variant_key(*, council: Council, service_area: str, variant: str | None = None) -> str:
    """The variant key a record in `service_area` works in, by the council's pack."""
    if variant:
        return variant
    own, england = _vocabularies(council)
    return (
        own.service_variants.get(service_area)
        or england.service_variants.get(service_area)
        or FALLBACK_VARIANT
    )


def labels_for(*, council: Council, service_area: str, variant: str | None = None) -> VariantVocabulary:
    """The council's names for the variant (given, or the service area's in its pack)."""
    key = variant_key(council=council, service_area=service_area, variant=variant)
    own, england = _vocabularies(council)
    vocabulary = own.variants.get(key) or england.variants.get(key)
    if vocabulary is None:
        vocabulary = own.variants.get(FALLBACK_VARIANT) or england.variants[FALLBACK_VARIANT]
    return vocabulary


def variant_choices(*, council: Council) -> list[tuple[str, str]]:
    """The variants a council's pack names (England's where it names none of its own)."""
    own, england = _vocabularies(council)
    variants = {**england.variants, **own.variants}
    return [(key, v.label) for key, v in variants.items()]


def variant_label(*, council: Council, service_area: str, variant: str | None = None) -> str:
    """'Signs of Wellbeing'... as the council's pack names the variant the involvement works in."""
    return labels_for(council=council, service_area=service_area, variant=variant).label


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def missing_text(
    *, event_type: str, attribute: str | None, on: date | None, event_name: str | None = None
) -> str:
    """What to record so that an unknown result can be judged, in plain words: "Record the outcome
    of the initial child protection conference on 20 April 2026".

    `event_name` is the council's name for the event, where the caller has it (else the vocabulary's).
    """
    name = _lower_first(event_name or event_label(event_type))
    when = f" on {on.day} {on:%B %Y}" if on is not None else ""
    if attribute is None:
        return f"Record the {name}{when}"
    spec = vocabulary().event_types.get(event_type)
    attr = spec.attributes.get(attribute) if spec is not None else None
    label = attr.label if attr is not None else attribute.replace("_", " ")
    if attr is not None and attr.type == "boolean":
        return f"Record the answer to \u201c{label}\u201d for the {name}{when}"
    return f"Record the {_lower_first(label)} of the {name}{when}"
