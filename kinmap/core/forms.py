"""GOV.UK Design System markup for Django forms, through Django's own form renderer."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",  # before RadioSelect, its base class
    forms.RadioSelect: "govuk-radios__input",
}
_DASHES = "---------"


def _default_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.DateInput):
        return "govuk-input govuk-input--width-10"
    if isinstance(widget, forms.TimeInput):
        return "govuk-input govuk-input--width-5"
    if isinstance(widget, forms.NumberInput):
        return "govuk-input govuk-input--width-4"
    return next((c for t, c in _WIDGET_CLASSES.items() if isinstance(widget, t)), "govuk-input")


class GovukBoundField(forms.BoundField):
    """Puts GOV.UK classes on the control as it is rendered, so fields added in a form's __init__
    get them too, and points aria-describedby at the hint and error the field template writes."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # Browsers' date and time controls read and send ISO values, whatever the locale.
        if isinstance(widget, forms.DateInput):
            widget.input_type, widget.format = "date", "%Y-%m-%d"
        elif isinstance(widget, forms.TimeInput):
            widget.input_type, widget.format = "time", "%H:%M"
        css = widget.attrs.get("class") or _default_class(widget)
        base = css.split()[0]
        if self.errors and base in ("govuk-input", "govuk-select", "govuk-textarea"):
            css = f"{css} {base}--error"
        attrs["class"] = css
        _name_empty_choice(self.field)
        return attrs

    @property
    def aria_describedby(self):
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}-hint")
            if self.errors:
                ids.append(f"{self.auto_id}-error")
        return " ".join(ids)


class GovukFormMixin:
    """GOV.UK markup for a form (through GovukBoundField) and a way to take a service's errors.

    `fieldsets` (legend, field names) groups a long form under headings; fields not named in any
    group follow at the end. An empty choice reads "Select" on required fields and "Not recorded"
    on optional ones, rather than Django's dashes.
    """

    bound_field_class = GovukBoundField
    fieldsets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def grouped_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        named = {n for _, names in self.fieldsets for n in names}
        fields = self.fields  # type: ignore[attr-defined]
        groups = [(legend, [self[n] for n in names if n in fields]) for legend, names in self.fieldsets]  # type: ignore[index]
        rest = [self[n] for n in fields if n not in named and not self[n].is_hidden]  # type: ignore[index]
        return [g for g in groups if g[1]] + ([("", rest)] if rest else [])

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names, the rest above the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error)  # type: ignore[attr-defined]


def _name_empty_choice(field: forms.Field) -> None:
    empty = "Select" if field.required else "Not recorded"
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DASHES:
            field.empty_label = empty
    elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, forms.RadioSelect):
        choices = list(field.choices)
        if choices and choices[0] == ("", _DASHES):
            field.choices = [("", empty), *choices[1:]]


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class ArchiveForm(GovukForm):
    reason = forms.CharField(
        label="Why is this being archived?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It stays in the record and its history, marked as archived with this reason.",
        error_messages={"required": "Enter why this is being archived"},
    )


class SignInForm(GovukFormMixin, AuthenticationForm):
    """Django's sign-in, in GOV.UK markup and words. The password is never shown back."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask an administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(
            {"spellcheck": "false", "class": "govuk-input govuk-!-width-one-half"}
        )
        self.fields["password"].widget.attrs["class"] = "govuk-input govuk-!-width-one-half"


class StaffChoiceField(forms.ModelChoiceField):
    """A staff member, named with their team so that two people of the same name can be told apart."""

    def label_from_instance(self, obj) -> str:
        return f"{obj}, {obj.team}" if obj.team_id else str(obj)


class PersonChoiceField(forms.ModelChoiceField):
    """A person, with the year they were born so that two of the same name can be told apart."""

    def label_from_instance(self, obj) -> str:
        born = obj.date_of_birth or obj.expected_date_of_birth
        return f"{obj} (born {born:%Y})" if born else str(obj)
