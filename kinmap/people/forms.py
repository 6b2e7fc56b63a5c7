"""Forms for people, households, relationships and networks: shape only; services check the rest."""

from __future__ import annotations

from django import forms

from kinmap.core.forms import GovukForm, GovukModelForm, PersonChoiceField, StaffChoiceField
from kinmap.councils.models import StaffMember, Team
from kinmap.councils.selectors import lead_practitioners
from kinmap.journey.forms import InvolvementForm
from kinmap.journey.vocabulary import vocabulary
from kinmap.people.models import Household, NetworkMember, Person, RelationshipType

_NAME_ERRORS = {
    "first_name": {"required": "Enter their first name"},
    "last_name": {"required": "Enter their last name"},
    "email": {"invalid": "Enter an email address in the right form, like name@example.com"},
    "date_of_birth": {"invalid": "Enter a real date of birth"},
    "expected_date_of_birth": {"invalid": "Enter a real expected date of birth"},
}
_WHO = ("first_name", "last_name", "known_as", "date_of_birth", "expected_date_of_birth")
_IDENTITY = ("sex", "gender_identity", "ethnicity", "first_language", "interpreter_needed", "disability")
_CONTACT = ("phone", "email", "contact_method", "contact_times", "contact_notes")
_PROFESSIONAL = ("is_professional", "organisation", "profession")


class PersonForm(GovukModelForm):
    template_name = "govuk/forms/grouped.html"
    fieldsets = (
        ("Who they are", _WHO),
        ("Identity and needs", _IDENTITY),
        ("How they want to be contacted", _CONTACT),
        ("If they are a professional", _PROFESSIONAL),
    )

    class Meta:
        model = Person
        fields = (*_WHO, *_IDENTITY, *_CONTACT, *_PROFESSIONAL)
        widgets = {"sex": forms.RadioSelect, "contact_notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"is_professional": "They are here in a professional role (teacher, health visitor...)"}
        error_messages = _NAME_ERRORS


class PersonAddForm(PersonForm):
    """Someone new in the child's life, and how they are related to the child."""

    relationship_kind = forms.ChoiceField(
        label="How are they related to the child?",
        required=False,
        choices=[("", "Not recorded"), *RelationshipType.choices],
        help_text="They are the child's ... (for example, grandparent). You can add others later.",
    )
    lives_with_child = forms.BooleanField(label="They live in the child's household", required=False)
    fieldsets = (
        ("Who they are", (*_WHO, "relationship_kind", "lives_with_child")),
        *PersonForm.fieldsets[1:],
    )


class ChildAddForm(PersonForm):
    """A new child: who they are, and the first involvement of their journey."""

    reference = forms.CharField(
        label="Reference from other systems",
        required=False,
        max_length=30,
        help_text="Optional. The council's own reference for the child, if they have one.",
    )
    fieldsets = (
        ("Who they are", (*_WHO, "reference")),
        ("Identity and needs", _IDENTITY),
        ("Their journey", ("service_area", "team", "lead_practitioner", "variant", "started_on")),
    )

    class Meta(PersonForm.Meta):
        fields = (*_WHO, *_IDENTITY)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        # The first involvement asks what adding one to a known child asks.
        self.fields.update(InvolvementForm(council=council).fields)
        self.fields["started_on"].label = "Date the involvement started"
        self.fields["expected_date_of_birth"].help_text = "For an unborn baby, instead of a date of birth."


class HouseholdForm(GovukModelForm):
    class Meta:
        model = Household
        fields = ("address_line_1", "address_line_2", "town", "postcode")
        error_messages = {
            "address_line_1": {"required": "Enter the first line of the address"},
            "town": {"required": "Enter the town or city"},
            "postcode": {"required": "Enter the postcode"},
        }
        widgets = {
            "postcode": forms.TextInput(
                attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "postal-code"}
            )
        }


class RelationshipForm(GovukForm):
    from_person = PersonChoiceField(
        queryset=Person.objects.none(), label="Person", error_messages={"required": "Select the first person"}
    )
    kind = forms.ChoiceField(
        label="is the ...",
        choices=[("", "Select"), *RelationshipType.choices],
        error_messages={"required": "Select how they are related"},
    )
    to_person = PersonChoiceField(
        queryset=Person.objects.none(), label="of", error_messages={"required": "Select the second person"}
    )
    started_on = forms.DateField(
        label="Since", required=False, error_messages={"invalid": "Enter a real date"}
    )
    ended_on = forms.DateField(
        label="Until",
        required=False,
        help_text="Leave empty if it continues.",
        error_messages={"invalid": "Enter a real date"},
    )
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_person"].queryset = people
        self.fields["to_person"].queryset = people


class NetworkMemberForm(GovukModelForm):
    class Meta:
        model = NetworkMember
        fields = ("person", "role", "circle", "job", "joined_on", "left_on")
        field_classes = {"person": PersonChoiceField}
        widgets = {
            "circle": forms.RadioSelect,
            "role": forms.RadioSelect,
            "job": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "circle": "Safety circle",
            "joined_on": "Joined the network on",
            "left_on": "Left the network on",
        }
        help_texts = {
            "circle": "Inner: closest, most involved in the plan. Outer: further away, still around.",
            "left_on": "Leave empty while they are in the network.",
        }
        error_messages = {
            "person": {"required": "Select who is in the network"},
            "role": {"required": "Select their role in the network"},
            "joined_on": {"invalid": "Enter a real date"},
            "left_on": {"invalid": "Enter a real date"},
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].disabled = bool(self.instance.pk)


class ChildrenFilterForm(GovukForm):
    """The team manager's filters. Every field is optional; an empty form shows the whole team."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="All teams you can see"
    )
    practitioner = StaffChoiceField(
        queryset=StaffMember.objects.none(), required=False, empty_label="Everyone", label="Lead practitioner"
    )
    service_area = forms.ChoiceField(required=False)
    name = forms.CharField(required=False, label="Child's name or reference", max_length=100)
    unallocated = forms.BooleanField(required=False, label="Only children with no lead practitioner")

    def __init__(self, *args, teams, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["practitioner"].queryset = lead_practitioners(council=council)
        self.fields["service_area"].choices = [("", "All service areas"), *vocabulary().service_choices()]
