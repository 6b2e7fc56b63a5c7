"""A council's own words from its pack (England's where its own is silent): the names of its
practice variants, what it calls its meetings and events, and the words that ask for a fact a rule
needs (`missing_text`).

Read by every app that shows a variant or names an event: the journey's forms, the child's pages,
the mapping, the worklists and their exports.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from kinmap.councils.models import Council
from kinmap.journey.vocabulary import event_label, vocabulary
from kinmap.rules.packs import PackError, load_pack, loaded_pack
from kinmap.rules.schema import MeetingType, Pack, PackVocabulary, VariantVocabulary

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


# --- Meetings and events in the council's words (decision 0106) ----------------------------------

_names: dict[str, dict[str, str]] = {}  # pack hash -> event type -> the council's name


def council_event_labels(*, council: Council) -> dict[str, str]:
    """Every event type's name as the council says it: its pack's meeting name (vocabulary
    meeting_names, then meeting_types), else the shared vocabulary's label.

    For pages that name many events (a journey, an export): one pack read, whatever the rows. A
    pack that cannot be loaded leaves the vocabulary's words, so no page fails on a broken pack.
    """
    try:
        loaded = loaded_pack(council.pack_name)
    except PackError:
        return {key: spec.label for key, spec in vocabulary().event_types.items()}
    names = _names.get(loaded.sha256)
    if names is None:
        names = pack_event_labels(loaded.pack)
        _names[loaded.sha256] = names  # a hash's content never changes; callers only read it
    return names


def pack_event_labels(pack: Pack) -> dict[str, str]:
    """Every event type's name in a resolved pack's words (see council_event_labels)."""
    names = {key: spec.label for key, spec in vocabulary().event_types.items()}
    names.update({m.id: m.name for m in pack.meeting_types})
    names.update(pack.vocabulary.meeting_names)
    return names


def council_event_label(*, council: Council, type: str) -> str:
    """One event type's name as the council says it ("Support network meeting" in Knowsley)."""
    return council_event_labels(council=council).get(type, type)


def council_meeting_types(*, council: Council) -> list[MeetingType]:
    """The meetings the council's pack describes (name, purpose, agenda), in the pack's order."""
    try:
        return list(load_pack(council.pack_name).meeting_types)
    except PackError:
        return []


def council_meeting_type(*, council: Council, type: str) -> MeetingType | None:
    """The council's description of one meeting, or None if its pack has none."""
    return next((m for m in council_meeting_types(council=council) if m.id == type), None)


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
