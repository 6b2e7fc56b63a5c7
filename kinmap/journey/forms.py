"""Forms for the child's journey: shape only; services check the rest.

The event form builds its questions from the vocabulary: each attribute of the chosen event type
becomes a field of the matching kind (`attr_<name>`), so a new event type needs no new code. The
facts the council's rules turn on must be answered, "Not known" being one answer (decision 0105);
types and meetings are named in the council's words, with the meeting's purpose and agenda.
"""

from __future__ import annotations

from typing import Any

from django import forms

from kinmap.core.forms import GovukForm, PersonChoiceField, StaffChoiceField
from kinmap.councils.models import StaffMember, Team
from kinmap.councils.selectors import lead_practitioners
from kinmap.journey.models import Event
from kinmap.journey.selectors import referable_events
from kinmap.journey.services import BACKDATED_AFTER_DAYS, recordable_event_types
from kinmap.journey.vocabulary import NOT_KNOWN, AttributeSpec, EventTypeSpec, vocabulary
from kinmap.people.models import Child
from kinmap.people.selectors import child_people
from kinmap.rules.facts import facts_rules_turn_on
from kinmap.rules.labels import council_event_labels, council_meeting_type, variant_choices
from kinmap.rules.schema import MeetingType

ATTRIBUTE_PREFIX = "attr_"
_REAL_DATE = {"invalid": "Enter a real date"}


class InvolvementForm(GovukForm):
    service_area = forms.ChoiceField(
        label="Service area", error_messages={"required": "Select a service area"}
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), error_messages={"required": "Select a team"})
    lead_practitioner = StaffChoiceField(
        queryset=StaffMember.objects.none(),
        required=False,
        label="Lead practitioner",
        empty_label="Not allocated yet",
    )
    variant = forms.ChoiceField(
        label="Practice variant",
        required=False,
        help_text="Leave it to the council's pack (by service area) unless the council lets you choose.",
    )
    started_on = forms.DateField(
        label="Date it started", error_messages={"required": "Enter the date it started", **_REAL_DATE}
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [("", "Select"), *vocabulary().service_choices()]
        self.fields["team"].queryset = Team.objects.filter(council=council)
        self.fields["lead_practitioner"].queryset = lead_practitioners(council=council)
        self.fields["variant"].choices = [
            ("", "As the council's pack says"), *variant_choices(council=council)
        ]


class InvolvementEndForm(GovukForm):
    ended_on = forms.DateField(
        label="Date it ended", error_messages={"required": "Enter the date it ended", **_REAL_DATE}
    )
    end_reason = forms.CharField(
        label="Why did it end?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the involvement ended"},
    )


class TransferForm(GovukForm):
    to_team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="To team",
        error_messages={"required": "Select the team it moves to"},
    )
    to_practitioner = StaffChoiceField(
        queryset=StaffMember.objects.none(),
        required=False,
        label="To lead practitioner",
        empty_label="Not allocated yet",
    )
    transferred_on = forms.DateField(
        label="Date of the transfer",
        error_messages={"required": "Enter the date of the transfer", **_REAL_DATE},
    )
    reason = forms.CharField(
        label="Why is it moving?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the involvement is being transferred"},
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = Team.objects.filter(council=council)
        self.fields["to_practitioner"].queryset = lead_practitioners(council=council)


_YES_NO = [("yes", "Yes"), ("no", "No")]
_NOT_KNOWN_CHOICE = (NOT_KNOWN, "Not known")
_FACT_HINT = "The council's rules turn on this. If you do not know yet, choose “Not known”."


def _fact_field(attr: AttributeSpec) -> forms.Field:
    """A question the council's rules turn on: it must be answered, and "Not known" is an answer."""
    required = {"required": f"Answer “{attr.label}”, or choose “Not known”"}
    if attr.type == "boolean":
        field = forms.ChoiceField(
            label=attr.label,
            choices=[*_YES_NO, _NOT_KNOWN_CHOICE],
            widget=forms.RadioSelect,
            help_text=_FACT_HINT,
            error_messages=required,
        )
        field.inline = True  # type: ignore[attr-defined]
        return field
    choices = [(c, c.replace("_", " ").capitalize()) for c in attr.choices]
    return forms.ChoiceField(
        label=attr.label,
        choices=[("", "Select"), *choices, _NOT_KNOWN_CHOICE],
        help_text=_FACT_HINT,
        error_messages=required,
    )


def _attribute_field(attr: AttributeSpec, *, child: Child, fact: bool) -> forms.Field:
    if fact and attr.type in ("boolean", "choice"):
        return _fact_field(attr)
    if attr.type == "boolean":
        field = forms.ChoiceField(label=attr.label, choices=_YES_NO, required=False, widget=forms.RadioSelect)
        field.inline = True  # type: ignore[attr-defined]
        return field
    if attr.type == "integer":
        return forms.IntegerField(
            label=attr.label,
            required=False,
            min_value=0,
            error_messages={"invalid": f"{attr.label} must be a whole number"},
        )
    if attr.type == "date":
        return forms.DateField(label=attr.label, required=False, error_messages=_REAL_DATE)
    if attr.type == "choice":
        choices = [(c, c.replace("_", " ").capitalize()) for c in attr.choices]
        return forms.ChoiceField(label=attr.label, required=False, choices=[("", "Not recorded"), *choices])
    if attr.type == "person":
        return PersonChoiceField(label=attr.label, required=False, queryset=child_people(child=child))
    if attr.type == "staff":
        return StaffChoiceField(
            label=attr.label,
            required=False,
            queryset=StaffMember.objects.filter(council=child.council).select_related("user"),
        )
    return forms.CharField(label=attr.label, required=False, max_length=500)


class EventForm(GovukForm):
    """What happened, when, and the questions the vocabulary asks about that type of event."""

    type = forms.ChoiceField(label="What happened?", error_messages={"required": "Select what happened"})
    occurred_on = forms.DateField(
        label="Date", error_messages={"required": "Enter the date it happened", **_REAL_DATE}
    )
    occurred_at_time = forms.TimeField(
        label="Time (optional)", required=False, error_messages={"invalid": "Enter a real time, like 14:30"}
    )
    summary = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, child: Child, questions_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.names = council_event_labels(council=child.council)
        type_field = self.fields["type"]
        type_field.choices = [("", "Select"), *((k, self.names[k]) for k, _ in recordable_event_types())]
        # With JavaScript the questions change as soon as the type does; without it, the
        # "Show the questions" button posts the form back with what was typed.
        type_field.widget.attrs.update(
            {
                "hx-get": questions_url,
                "hx-target": "#event-questions",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        self.event_type = self._chosen_type()
        self.spec: EventTypeSpec | None = vocabulary().event_types.get(self.event_type)
        spec = self.spec
        if spec is None:
            return
        facts = facts_rules_turn_on(council=child.council, event_type=self.event_type)
        for name, attr in spec.attributes.items():
            self.fields[ATTRIBUTE_PREFIX + name] = _attribute_field(attr, child=child, fact=name in facts)
        if spec.artefact is not None:
            self.fields["backdated_reason"] = forms.CharField(
                label=f"If it happened more than {BACKDATED_AFTER_DAYS} days ago, why is it recorded now?",
                required=False,
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="For example: done on paper at a meeting where the record could not be reached.",
            )
        if spec.refers_to:
            options = referable_events(child=child, event_type=self.event_type)
            what = "meeting" if spec.refers_to == "meeting" else self.names[spec.refers_to].lower()
            self.fields["refers_to"] = forms.ModelChoiceField(
                label=f"Which {what} is it for?",
                queryset=options,
                required=options.exists(),
                error_messages={"required": f"Select the {what} it is for"},
                help_text="" if options.exists() else f"No {what} is recorded for {child} yet.",
            )
            self.fields["refers_to"].label_from_instance = lambda e: (
                f"{self.names.get(e.type, e.type)}, {e.occurred_on:%-d %B %Y}"
            )
        self.order_fields(["type", "occurred_on", "occurred_at_time", *self.question_names(), "summary"])

    def _chosen_type(self) -> str:
        raw = self.data.get(self.add_prefix("type")) if self.is_bound else self.initial.get("type")
        return raw if raw in dict(recordable_event_types()) else ""

    def question_names(self) -> list[str]:
        return [
            n for n in self.fields if n.startswith(ATTRIBUTE_PREFIX) or n in ("refers_to", "backdated_reason")
        ]

    @property
    def meeting_type(self) -> MeetingType | None:
        """The council's description of the chosen meeting: its name, purpose and agenda."""
        if self.spec is None or not self.spec.meeting:
            return None
        return council_meeting_type(council=self.child.council, type=self.event_type)

    @property
    def artefact_note(self) -> str:
        """What the chosen type stands for, so the practitioner knows it will show as recorded by hand."""
        artefact = self.spec.artefact if self.spec else None
        if artefact is None:
            return ""
        if artefact.model is None:
            return (
                f"{artefact.name.capitalize()} are not made in Kinmap yet. "
                "Recorded here, it shows as recorded by hand."
            )
        return (
            f"Kinmap records this itself, linked to the {artefact.name}, when it is done in the record. "
            "Recorded here, for work done on paper, it shows as recorded by hand."
        )

    def questions(self) -> list[forms.BoundField]:
        return [self[n] for n in self.question_names()]

    def attributes(self) -> dict[str, Any]:
        """The answers as the event stores them: only questions answered, in the vocabulary's types."""
        spec = vocabulary().event_types[self.event_type]
        answers: dict[str, Any] = {}
        for name, attr in spec.attributes.items():
            value = self.cleaned_data.get(ATTRIBUTE_PREFIX + name)
            if value in (None, ""):
                continue
            if value == NOT_KNOWN and attr.type in ("boolean", "choice"):
                pass  # kept as the answer it is: the engine reads it as a missing fact
            elif attr.type == "boolean":
                value = value == "yes"
            elif attr.type in ("person", "staff"):
                value = value.pk
            elif attr.type == "date":
                value = value.isoformat()
            answers[name] = value
        return answers


def event_initial(event: Event) -> dict[str, Any]:
    """A form's starting values from an event, for correcting it."""
    spec = vocabulary().event_types.get(event.type)
    initial: dict[str, Any] = {
        "type": event.type,
        "occurred_on": event.occurred_on,
        "occurred_at_time": event.occurred_at_time,
        "summary": event.summary,
        "refers_to": event.refers_to_id,
        "backdated_reason": event.backdated_reason,
    }
    for name, value in event.attributes.items():
        attr = spec.attributes.get(name) if spec else None
        if attr is not None and attr.type == "boolean" and value != NOT_KNOWN:
            value = "yes" if value else "no"
        initial[ATTRIBUTE_PREFIX + name] = value
    return initial


class EventCorrectionForm(EventForm):
    correction_reason = forms.CharField(
        label="What was wrong?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The event stays in the record, marked as corrected; this replaces it.",
        error_messages={"required": "Enter what was wrong with the event"},
    )
