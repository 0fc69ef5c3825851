from django import forms

from inclusion_tracker.audit.models import Action

OBJECT_TYPES = [
    ("", "Any record"),
    ("child", "Child"),
    ("user", "User"),
    ("establishment", "Establishment"),
]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="Action", choices=[("", "Any action"), *Action.choices], required=False
    )
    actor = forms.EmailField(
        label="Email address of the person",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    object_type = forms.ChoiceField(label="Record", choices=OBJECT_TYPES, required=False)
    child = forms.IntegerField(
        label="Child's record number",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the child's record number as digits, like 42",
            "min_value": "Enter a record number of 1 or more",
        },
    )
    since = forms.DateField(
        label="From date",
        required=False,
        help_text="For example, 27/03/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the from date as a real date, like 27/03/2026"},
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
    )
    until = forms.DateField(
        label="To date",
        required=False,
        help_text="For example, 28/03/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the to date as a real date, like 28/03/2026"},
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The to date must be the same as or after the from date")
        return cleaned
