"""The facts a council's rules turn on: for each event type, the attributes that decide whether a
rule applies or when its clock starts (`where` of a trigger, and of its `clock_from`).

The event form asks for these as questions that must be answered, "Not known" being an answer the
practitioner chooses (decision 0105): a rule whose fact is not known says so, never "not applicable".
"""

from __future__ import annotations

from kinmap.councils.models import Council
from kinmap.rules.packs import PackError, loaded_pack

_facts: dict[str, dict[str, tuple[str, ...]]] = {}  # pack hash -> event type -> attribute names


def facts_rules_turn_on(*, council: Council, event_type: str) -> tuple[str, ...]:
    """The attributes of `event_type` that the council's rules turn on, in the order first met."""
    try:
        loaded = loaded_pack(council.pack_name)
    except PackError:
        return ()
    facts = _facts.get(loaded.sha256)
    if facts is None:
        found: dict[str, dict[str, None]] = {}
        for rule in loaded.pack.rules:
            trigger = rule.trigger
            # A trigger's `where` applies to every type that starts it (`also_events`).
            kinds = (trigger.event, *trigger.also_events)
            conditions = [(kind, trigger.where) for kind in kinds]
            if trigger.clock_from is not None:
                conditions.append((trigger.clock_from.event, trigger.clock_from.where))
            for event, where in conditions:
                if event is not None:
                    found.setdefault(event, {}).update(dict.fromkeys(where))
        facts = {event: tuple(names) for event, names in found.items()}
        _facts[loaded.sha256] = facts  # a hash's content never changes
    return facts.get(event_type, ())
