"""The handover pages' forms, in GOV.UK style (core/forms.py)."""

from django import forms

from inclusion_tracker.core.forms import GovukDateField, PhoneField
from inclusion_tracker.establishments.local_authorities import ENGLISH_LOCAL_AUTHORITIES


def other_authorities(own_code: str) -> list[tuple[str, str]]:
    """The other 152 English local authorities, by name."""
    others = sorted(
        (la for la in ENGLISH_LOCAL_AUTHORITIES if la.code != own_code), key=lambda la: la.name
    )
    return [("", "Select a local authority"), *((la.code, la.label) for la in others)]


class HandoverForm(forms.Form):
    to_la = forms.ChoiceField(
        label="Which local authority is the child now living in?",
        error_messages={
            "required": "Select the local authority to hand over to",
            "invalid_choice": "Select the local authority to hand over to",
        },
    )
    new_address = forms.CharField(
        label="New address (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
        error_messages={"max_length": "New address must be 500 characters or fewer"},
    )
    new_school_name = forms.CharField(
        label="New school's name (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "New school's name must be 200 characters or fewer"},
    )
    new_school_urn = forms.RegexField(
        label="New school's URN (optional)",
        help_text="6 digits, for example 120345",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "Enter the URN as 6 digits, like 120345"},
    )
    contact_name = forms.CharField(
        label="Contact name (optional)",
        help_text="A parent, carer or professional who knows where the child is",
        required=False,
        max_length=150,
        error_messages={"max_length": "Contact name must be 150 characters or fewer"},
    )
    contact_phone = PhoneField(label="Contact phone number (optional)", required=False)
    contact_email = forms.EmailField(
        label="Contact e-mail address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com"
        },
    )
    notes = forms.CharField(
        label="Anything else they should know (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, own_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_la"].choices = other_authorities(own_code)  # type: ignore[attr-defined]  # a ChoiceField

    def clean_new_school_urn(self) -> str:
        return self.cleaned_data["new_school_urn"] or ""


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining this handover?",
        help_text="The sending local authority will see this",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are declining the handover"},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are declining the handover")
        return reason


class SentForm(forms.Form):
    sent_on = GovukDateField(
        label="Date sent",
        help_text="For example, 27 3 2026",
        name_in_errors="date sent",
        must_be_today_or_in_past=True,
    )
    sent_to_email = forms.EmailField(
        label="Sent to (e-mail address)",
        help_text="The secure e-mail address you sent the case to",
        error_messages={
            "required": "Enter the e-mail address you sent the case to",
            "invalid": "Enter an e-mail address in the correct format, like name@example.gov.uk",
        },
    )


class AcknowledgedForm(forms.Form):
    acknowledged_on = GovukDateField(
        label="Date they acknowledged it",
        help_text="For example, 27 3 2026",
        name_in_errors="date they acknowledged it",
        must_be_today_or_in_past=True,
    )

    def __init__(self, *args, sent_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_on = sent_on

    def clean_acknowledged_on(self):
        on = self.cleaned_data["acknowledged_on"]
        if self.sent_on and on < self.sent_on:
            raise forms.ValidationError(
                "Date they acknowledged it must be the same as or after the date it was sent"
            )
        return on
