"""GOV.UK Design System markup for every Django form field.

`GovukFormRenderer` is the project's FORM_RENDERER: a page prints `{{ form }}`
and gets labels, hints, error messages and the right input classes. The error
summary is printed above the page heading by `base.html`. Templates live in
`templates/govuk/forms/` and `templates/django/forms/widgets/`.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

# Widget class -> GOV.UK CSS class for the input element.
_INPUT_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def govuk_class_for(widget: forms.Widget) -> str:
    for widget_class, css_class in _INPUT_CLASSES.items():
        if isinstance(widget, widget_class):
            return css_class
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    return "govuk-input"


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK services validate on the server only (forms carry `novalidate`).
        attrs.pop("required", None)
        css_class = govuk_class_for(widget)
        if css_class:
            classes = [css_class, widget.attrs.get("class", ""), attrs.get("class", "")]
            if self.errors and css_class in _ERROR_CLASSES:
                classes.append(_ERROR_CLASSES[css_class])
            attrs["class"] = " ".join(c for c in classes if c)
        return attrs

    @property
    def error_target_id(self) -> str:
        """The id the error summary links to: the first input of the field."""
        widget = self.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_heading(self) -> bool:
        return getattr(self.form, "heading_field", None) == self.name


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField
