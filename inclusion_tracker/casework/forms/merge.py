"""Forms for merging two records of one child, and reversing a merge."""

from typing import cast

from django import forms
from django.utils.formats import date_format

MESSAGES = {
    "keep": "Select which record to keep",
    "reason": "Enter why these records are the same child",
    "reason_too_long": "The reason must be 2,000 characters or less",
    "confirm": "Confirm that these records are two different children",
}


def record_label(child) -> str:
    born = date_format(child.date_of_birth, "j F Y")
    upn = f", UPN {child.upn}" if child.upn else ""
    return f"{child.legal_name}, born {born}{upn} (record {child.pk})"


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label="Which record do you want to keep?",
        help_text=(
            "Everything on the other record moves to the one you keep. Details it "
            "does not have are taken from the other record; an address is taken "
            "whole, never part of one and part of the other."
        ),
        widget=forms.RadioSelect,
        error_messages={"required": MESSAGES["keep"], "invalid_choice": MESSAGES["keep"]},
    )
    reason = forms.CharField(
        label="Why are these records the same child?",
        help_text="For example, the same child notified by two schools with a different UPN",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": MESSAGES["reason"], "max_length": MESSAGES["reason_too_long"]},
    )

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(child.pk): child for child in children}
        cast(forms.ChoiceField, self.fields["keep"]).choices = [
            (key, record_label(child)) for key, child in self.children.items()
        ]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        key = cleaned.get("keep")
        if key in self.children:
            cleaned["kept"] = self.children[key]
            cleaned["merged"] = next(
                (child for other, child in self.children.items() if other != key), None
            )
        return cleaned


class ReverseMergeForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked that these are two different children",
        error_messages={"required": MESSAGES["confirm"]},
    )
