"""The journey vocabulary (service areas and event types), read from vocabulary.yaml once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")

AttributeType = Literal["boolean", "text", "integer", "date", "choice", "person", "staff"]

# The answer a practitioner chooses when a fact is not known (a choice or a yes/no question): kept
# as itself, never as "no", so that a rule turning on the fact can say it is missing (decision 0105).
NOT_KNOWN = "not_known"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttributeSpec(_Strict):
    type: AttributeType
    label: str
    choices: tuple[str, ...] = ()

    @field_validator("choices")
    @classmethod
    def _not_known_is_an_answer(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if NOT_KNOWN in value:
            raise ValueError(f"'{NOT_KNOWN}' is every choice question's own answer; it is not a choice")
        return value


class ArtefactSpec(_Strict):
    """What an event of this type stands for (decision 0103).

    `model` is the label of the model Kinmap makes it from ("mapping.mapping"); without one, Kinmap
    does not make it yet and every such event is recorded by hand. `name` says what it is, in words
    that finish "See the ..." or "... are not made in Kinmap yet".
    """

    name: str
    model: str | None = None


class EventTypeSpec(_Strict):
    label: str
    meeting: bool = False
    generated: bool = False
    refers_to: str | None = None
    artefact: ArtefactSpec | None = None
    attributes: dict[str, AttributeSpec] = Field(default_factory=dict)


class ServiceSpec(_Strict):
    label: str


class Vocabulary(_Strict):
    services: dict[str, ServiceSpec]
    event_types: dict[str, EventTypeSpec]

    def service_choices(self) -> list[tuple[str, str]]:
        return [(key, spec.label) for key, spec in self.services.items()]

    def event_choices(self, *, include_generated: bool = False) -> list[tuple[str, str]]:
        return [
            (key, spec.label)
            for key, spec in self.event_types.items()
            if include_generated or not spec.generated
        ]

    def artefact_types(self, *, made_in_kinmap: bool = False) -> list[str]:
        """Types that stand for something made; with `made_in_kinmap`, only those Kinmap makes."""
        return [
            key
            for key, spec in self.event_types.items()
            if spec.artefact is not None and (spec.artefact.model or not made_in_kinmap)
        ]

    def check_attributes(self, event_type: str, attributes: dict) -> list[str]:
        """Messages for attributes that the event type does not have or that have the wrong type.

        A choice or yes/no attribute may also be NOT_KNOWN: the practitioner's answer, not an error.
        """
        spec = self.event_types.get(event_type)
        if spec is None:
            return [f"'{event_type}' is not an event type in the vocabulary"]
        problems = []
        for name, value in attributes.items():
            attr = spec.attributes.get(name)
            if attr is None:
                problems.append(f"'{name}' is not an attribute of {event_type}")
            elif value == NOT_KNOWN and attr.type in ("boolean", "choice"):
                continue
            elif attr.type == "boolean" and not isinstance(value, bool):
                problems.append(f"'{name}' must be true or false")
            elif attr.type in ("integer", "person", "staff") and (
                isinstance(value, bool) or not isinstance(value, int)
            ):
                problems.append(f"'{name}' must be a whole number")
            elif attr.type == "choice" and value not in attr.choices:
                problems.append(f"'{name}' must be one of: {', '.join(attr.choices)}")
        return problems


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary.model_validate(yaml.safe_load(VOCABULARY_FILE.read_text()))


def service_label(key: str) -> str:
    spec = vocabulary().services.get(key)
    return spec.label if spec else key


def event_label(key: str) -> str:
    spec = vocabulary().event_types.get(key)
    return spec.label if spec else key
