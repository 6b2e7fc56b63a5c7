"""Input shapes and GOV.UK messages for mapping, statements and goals, scaling and next steps.

Forms check shape only; the services decide what is allowed. Text written for a family or child is
checked for plain language as it is typed (`plain_language`): it warns and never blocks.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse

from kinmap.core.forms import GovukForm
from kinmap.councils.models import StaffMember
from kinmap.journey.models import Event
from kinmap.journey.vocabulary import vocabulary
from kinmap.mapping.labels import Labels
from kinmap.mapping.models import (
    DangerStatement,
    Kind,
    MappedWith,
    Occasion,
    Polarity,
    ScorerRole,
    Severity,
    SharingMethod,
    Source,
)
from kinmap.people.models import Child, Person
from kinmap.rules.labels import council_event_labels, variant_choices

PLAIN_LANGUAGE_FIELD = "mapping/forms/plain_language_field.html"


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def plain_language(form: forms.Form, *names: str) -> None:
    """Check these fields' words as they are typed: htmx posts the form to the language check after a
    pause in typing and shows its findings in a div under the field."""
    url = reverse("language-check")
    for name in names:
        bound = form[name]
        bound.field.template_name = PLAIN_LANGUAGE_FIELD
        bound.field.widget.attrs.update(
            {
                "hx-post": f"{url}?field={bound.html_name}",
                "hx-trigger": "keyup changed delay:500ms",
                "hx-target": f"#{bound.auto_id}-language",
                "hx-swap": "innerHTML",
            }
        )


def _meetings(child: Child) -> forms.ModelChoiceField:
    meeting_types = [key for key, spec in vocabulary().event_types.items() if spec.meeting]
    field = forms.ModelChoiceField(
        queryset=Event.objects.filter(
            child=child, type__in=meeting_types, corrected_by__isnull=True
        ).order_by("-occurred_on"),
        required=False,
        label="At which meeting (optional)",
    )
    names = council_event_labels(council=child.council)
    field.label_from_instance = lambda e: f"{names.get(e.type, e.type)}, {e.occurred_on:%-d %B %Y}"
    return field


class MappingStartForm(GovukForm):
    mapped_on = forms.DateField(
        label="Date of the mapping",
        widget=forms.DateInput,
        error_messages={"required": "Enter the date of the mapping", "invalid": "Enter a real date"},
    )
    mapped_with = forms.ChoiceField(
        label="Who is the mapping done with?",
        choices=MappedWith.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the mapping is done with"},
    )
    variant = forms.ChoiceField(label="Practice variant", help_text="This sets the names of the columns.")

    def __init__(self, *args, child: Child, siblings: list[Child], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variant"].choices = variant_choices(council=child.council)
        self.fields["meeting"] = _meetings(child)
        if not self.fields["meeting"].queryset.exists():
            del self.fields["meeting"]
        if siblings:
            self.fields["siblings"] = forms.ModelMultipleChoiceField(
                queryset=Child.objects.filter(pk__in=[s.pk for s in siblings]),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Brothers and sisters mapped together with them",
            )


class EntryForm(GovukForm):
    text = forms.CharField(
        label="What was said or seen",
        widget=_textarea(4),
        error_messages={"required": "Enter what was said or seen"},
    )
    source = forms.ChoiceField(
        label="Who said or saw it?",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who said or saw it"},
    )
    source_name = forms.CharField(
        label="Their name and role (optional)",
        required=False,
        max_length=200,
        help_text="For example: Amy (mum), Mr Shah (teacher).",
    )
    kind = forms.ChoiceField(
        label="Is it a fact or an opinion?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is a fact or an opinion"},
    )
    noticed_on = forms.DateField(
        label="When was it said, seen or did it happen? (optional)",
        required=False,
        widget=forms.DateInput,
        error_messages={"invalid": "Enter a real date"},
    )
    harm_frequency = forms.CharField(
        label="How often has it happened? (optional)",
        required=False,
        max_length=200,
        help_text="For example: about 6 times.",
    )
    harm_timespan = forms.CharField(
        label="Over how long? (optional)",
        required=False,
        max_length=200,
        help_text="For example: over the last 18 months.",
    )

    def __init__(self, *args, domain: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].inline = True
        if domain != "harm":
            del self.fields["harm_frequency"], self.fields["harm_timespan"]


class HarmIncidentForm(GovukForm):
    occurred_on = forms.DateField(
        label="When did it happen? (optional)",
        required=False,
        widget=forms.DateInput,
        error_messages={"invalid": "Enter a real date"},
    )
    what_happened = forms.CharField(
        label="What happened", widget=_textarea(3), error_messages={"required": "Enter what happened"}
    )
    severity = forms.ChoiceField(
        label="How serious was it?",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how serious it was"},
    )
    impact = forms.CharField(label="Impact on the child (optional)", required=False, widget=_textarea(3))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["severity"].inline = True


class OccasionForm(GovukForm):
    occasion = forms.ChoiceField(choices=Occasion.choices)


class RetireForm(GovukForm):
    reason = forms.CharField(
        label="Why is this no longer part of the mapping?",
        max_length=500,
        widget=_textarea(3),
        help_text="It stays in the mapping's history with this reason.",
        error_messages={"required": "Enter why this is no longer part of the mapping"},
    )


class CompleteForm(GovukForm):
    completed_on = forms.DateField(
        label="Date the mapping was completed",
        widget=forms.DateInput,
        error_messages={
            "required": "Enter the date the mapping was completed",
            "invalid": "Enter a real date",
        },
    )


class StatementPairForm(GovukForm):
    """A danger or worry statement and its goal, named as the variant names them."""

    variant = forms.ChoiceField(label="Practice variant")
    who_is_worried = forms.CharField(widget=_textarea(2))
    worry = forms.CharField(widget=_textarea(3))
    impact = forms.CharField(widget=_textarea(3))
    goal = forms.CharField(widget=_textarea(4))

    def __init__(
        self, *args, child: Child, labels: Labels, statement: DangerStatement | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        statement_name, goal_name = labels.statement, labels.goal
        fields = self.fields
        fields["variant"].choices = variant_choices(council=child.council)
        fields[
            "variant"
        ].help_text = (
            "A plan may hold statements of another variant: a safety statement in a success plan, say."
        )
        fields["who_is_worried"].label = f"{statement_name}: who is worried?"
        fields[
            "who_is_worried"
        ].help_text = "Name the people and services: for example, Sam's teacher, Nan and the social worker."
        fields["worry"].label = "What are they worried the adults did or might do?"
        fields["worry"].help_text = "Say what the adults do, in words the family use."
        fields[
            "impact"
        ].label = (
            f"What might happen to {child.person.known_as or child.person.first_name} if nothing changes?"
        )
        fields["goal"].label = goal_name
        fields[
            "goal"
        ].help_text = "What everyone will see the adults doing, every day, when the worry is sorted."
        for name, message in (
            ("who_is_worried", "Enter who is worried"),
            ("worry", "Enter what they are worried about"),
            ("impact", "Enter what might happen to the child if nothing changes"),
            ("goal", f"Enter the {goal_name.lower()}"),
        ):
            fields[name].error_messages["required"] = message
        if statement is not None:
            del fields["variant"]
            fields["reason"] = forms.CharField(
                label="Reason for the change",
                required=False,
                max_length=500,
                widget=_textarea(2),
                help_text=(
                    "This pair was agreed with the family: say why it is changing. "
                    "The agreed version is kept."
                    if statement.status == "agreed"
                    else "Optional until the pair is agreed."
                ),
            )
        plain_language(self, "who_is_worried", "worry", "impact", "goal")


class _WithTheFamilyForm(GovukForm):
    """When, how and with whom something was shared with the family: statements, a one-page view."""

    on = forms.DateField(
        label="Date",
        widget=forms.DateInput,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    method = forms.ChoiceField(
        label="How?",
        choices=SharingMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how"},
    )
    with_whom = forms.CharField(
        label="With whom?",
        max_length=500,
        help_text="Names and who they are: Amy (mum), Nan.",
        error_messages={"required": "Enter who they were shared with"},
    )
    with_network = forms.BooleanField(label="The network took part as well as the family", required=False)


class SharingForm(_WithTheFamilyForm):
    statements = forms.ModelMultipleChoiceField(
        queryset=DangerStatement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one statement"},
    )
    field_order = ["statements"]

    def __init__(self, *args, statements, labels: Labels, agreeing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["statements"]
        field.queryset = statements
        field.label = f"Which {labels.statement.lower()}s and {labels.goal.lower()}s?"
        field.label_from_instance = lambda s: f"{s.worry} ({s.get_status_display().lower()})"
        if agreeing:
            self.fields["with_whom"].label = "Who agreed them?"
            self.fields["with_whom"].error_messages["required"] = "Enter who agreed them"


class OnePageGivenForm(_WithTheFamilyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "Date it was given"
        self.fields["with_whom"].label = "Given to"
        self.fields["with_whom"].error_messages["required"] = "Enter who it was given to"
        self.fields["with_network"].label = "Given to the network as well as the family"


class BottomLineForm(GovukForm):
    polarity = forms.ChoiceField(
        label="Bottom line",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select must or must not"},
    )
    text = forms.CharField(
        label="What must or must not happen",
        widget=_textarea(3),
        help_text="For example: Dan must not look after Sam on his own.",
        error_messages={"required": "Enter the bottom line"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["polarity"].inline = True
        plain_language(self, "text")


class HarmStatementForm(GovukForm):
    text = forms.CharField(
        label="Harm statement",
        widget=_textarea(5),
        help_text="The specific things that happened to the child: what, when, and how it hurt them.",
        error_messages={"required": "Enter the harm statement"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_language(self, "text")


class ScalingQuestionForm(GovukForm):
    statement = forms.ModelChoiceField(
        queryset=DangerStatement.objects.none(), required=False, label="For which statement and goal?"
    )
    question = forms.CharField(
        label="Question",
        widget=_textarea(2),
        help_text="For example: On a scale of 0 to 10, how safe is Sam at home?",
        error_messages={"required": "Enter the scaling question"},
    )
    zero_means = forms.CharField(
        label="0 means", widget=_textarea(2), error_messages={"required": "Say what 0 means"}
    )
    ten_means = forms.CharField(
        label="10 means", widget=_textarea(2), error_messages={"required": "Say what 10 means"}
    )

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].queryset = statements
        self.fields["statement"].label_from_instance = lambda s: s.worry[:90]
        plain_language(self, "question", "zero_means", "ten_means")


class ScalingRoundForm(GovukForm):
    scored_on = forms.DateField(
        label="Date of the scores",
        widget=forms.DateInput,
        error_messages={"required": "Enter the date of the scores", "invalid": "Enter a real date"},
    )

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"] = _meetings(child)
        if not self.fields["meeting"].queryset.exists():
            del self.fields["meeting"]


# Relationships whose people score as the child's parent or carer.
PARENTS_AND_CARERS = ("parent", "step_parent", "adoptive_parent", "foster_carer", "special_guardian")


def scorer_choices(*, child: Child, staff: list[StaffMember]) -> list[tuple[str, str]]:
    """People who may score: the child, their parents and carers, their network, and staff working with
    them (so that each person's line on the chart carries on from one round to the next)."""
    parents = list(
        Person.objects.filter(
            relationships_from__to_person=child.person,
            relationships_from__kind__in=PARENTS_AND_CARERS,
            relationships_from__ended_on__isnull=True,
            relationships_from__archived_at__isnull=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    network = Person.objects.filter(networks__child=child, networks__archived_at__isnull=True).distinct()
    people = [
        child.person,
        *parents,
        *network.exclude(pk__in=[p.pk for p in parents]).order_by("last_name", "first_name"),
    ]
    return (
        [("", "Someone else (enter their name)")]
        + [(f"person:{p.pk}", str(p)) for p in people]
        + [(f"staff:{s.pk}", f"{s} ({s.job_title or s.get_role_display()})") for s in staff]
    )


class ScoreForm(GovukForm):
    """One person's score in a round. A row left empty is ignored."""

    who = forms.ChoiceField(label="Who", required=False)
    name = forms.CharField(label="Name, if not in the list", required=False, max_length=200)
    role = forms.ChoiceField(
        label="Their role", choices=[("", "Select"), *ScorerRole.choices], required=False
    )
    score = forms.IntegerField(
        label="Score (0 to 10)",
        min_value=0,
        max_value=10,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": "Enter a score from 0 to 10",
            "max_value": "Enter a score from 0 to 10",
            "invalid": "Enter a score as a whole number from 0 to 10",
        },
    )
    why_not_lower = forms.CharField(
        label="What makes it this number and not 0?", required=False, widget=_textarea(2)
    )
    to_move_up = forms.CharField(
        label="What would move it one point up?", required=False, widget=_textarea(2)
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = choices

    def clean(self):
        data = super().clean()
        if self.has_changed() and data.get("score") is None and "score" not in self.errors:
            self.add_error("score", "Enter a score from 0 to 10")
        if data.get("score") is not None:
            if not data.get("who") and not data.get("name", "").strip():
                self.add_error("name", "Choose who gave this score or enter their name")
            if not data.get("role"):
                self.add_error("role", "Select their role")
        return data


class BaseScoreFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(f.cleaned_data.get("score") is not None for f in self.forms if hasattr(f, "cleaned_data")):
            raise forms.ValidationError("Enter at least one person's score")


ScoreFormSet = forms.formset_factory(ScoreForm, formset=BaseScoreFormSet, extra=4, max_num=12)


class NextStepForm(GovukForm):
    what = forms.CharField(
        label="What needs to happen?",
        widget=_textarea(3),
        error_messages={"required": "Enter what needs to happen"},
    )
    statement = forms.ModelChoiceField(
        queryset=DangerStatement.objects.none(), required=False, label="Which statement does it serve?"
    )
    owner_staff = forms.ModelChoiceField(
        queryset=StaffMember.objects.none(), required=False, label="Who will do it (staff)"
    )
    owner_name = forms.CharField(
        label="Or someone else: name and role",
        required=False,
        max_length=200,
        help_text="For example: Nan (Sam's grandmother).",
    )
    due_on = forms.DateField(
        label="By when?",
        widget=forms.DateInput,
        error_messages={"required": "Enter when it should be done by", "invalid": "Enter a real date"},
    )

    def __init__(self, *args, child: Child, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].queryset = statements
        self.fields["statement"].label_from_instance = lambda s: s.worry[:90]
        self.fields["owner_staff"].queryset = StaffMember.objects.filter(
            council=child.council
        ).select_related("user")
        plain_language(self, "what")


class NextStepDoneForm(GovukForm):
    done_on = forms.DateField(
        label="Date it was done",
        widget=forms.DateInput,
        error_messages={"required": "Enter the date it was done", "invalid": "Enter a real date"},
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=500)
