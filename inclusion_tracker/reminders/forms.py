"""The account page's choice of optional reminder e-mails."""

from django import forms

from inclusion_tracker.reminders.kinds import kinds_for
from inclusion_tracker.reminders.models import ReminderPreference


class ReminderChoicesForm(forms.Form):
    emails = forms.MultipleChoiceField(
        label="Which of these e-mails do you want?",
        help_text="Select all that apply. Untick an e-mail to stop getting it.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only e-mails from the list"},
    )

    def __init__(self, data=None, *, user):
        super().__init__(data, auto_id="emails-%s")
        self.user = user
        optional = [info for info in kinds_for(user) if info.optional]
        if not optional:
            del self.fields["emails"]
            return
        self.offered = [info.kind.value for info in optional]
        self.fields["emails"].choices = [(info.kind.value, info.label) for info in optional]  # type: ignore[attr-defined]
        turned_off = ReminderPreference.turned_off_kinds(user)
        self.initial["emails"] = [
            info.kind.value for info in optional if info.kind not in turned_off
        ]

    @property
    def has_choices(self) -> bool:
        return "emails" in self.fields

    def save(self) -> list[str]:
        """Store the choices; returns the kinds that changed."""
        if not self.has_choices:
            return []
        return ReminderPreference.save_choices(
            self.user, self.offered, set(self.cleaned_data["emails"])
        )
