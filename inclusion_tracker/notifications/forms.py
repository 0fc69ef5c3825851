from typing import cast

from django import forms


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you need to tell the Inclusion service about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you need to tell the Inclusion service about"},
    )

    def __init__(self, *args, **kwargs):
        from inclusion_tracker.notifications.journeys import JOURNEYS

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (journey.kind, journey.title) for journey in JOURNEYS.values()
        ]
