"""The legal hold form and the subject access export's confirmation."""

from django import forms

REASON_MAX_LENGTH = 2000

MESSAGES = {
    "hold_reason": "Enter why this record must be kept",
    "export_reason": "Enter why you are exporting this child's data",
    "too_long": f"The reason must be {REASON_MAX_LENGTH:,} characters or less",
}


class _ReasonForm(forms.Form):
    required_message = ""

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.required_message, code="required")
        return reason


class LegalHoldForm(_ReasonForm):
    required_message = MESSAGES["hold_reason"]

    reason = forms.CharField(
        label="Why must this record be kept?",
        help_text="For example, the court case, inquiry or complaint it is needed for",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": MESSAGES["hold_reason"], "max_length": MESSAGES["too_long"]},
    )


class SubjectAccessForm(_ReasonForm):
    required_message = MESSAGES["export_reason"]

    reason = forms.CharField(
        label="Why are you exporting this child's data?",
        help_text="For example, the reference of the subject access request",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": MESSAGES["export_reason"],
            "max_length": MESSAGES["too_long"],
        },
    )
