"""GOV.UK Design System markup for Django forms, through Django's own form renderer."""

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
}


class GovukFormMixin:
    """Adds GOV.UK classes to widgets and the error modifier to fields that failed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            css = next((c for t, c in _WIDGET_CLASSES.items() if isinstance(widget, t)), "govuk-input")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                css = "govuk-input govuk-input--width-10"
            if self.errors.get(name) and css in ("govuk-input", "govuk-select", "govuk-textarea"):  # type: ignore[attr-defined]
                css = f"{css} {css}--error"
            widget.attrs.setdefault("class", css)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
