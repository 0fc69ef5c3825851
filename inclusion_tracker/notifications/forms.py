from django import forms

from inclusion_tracker.notifications.models import Kind


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you need to tell the Inclusion service about?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you need to tell the Inclusion service about"},
    )
    heading_field = "kind"
