"""Question pages every journey shares: establishment and the child."""

from typing import cast

from django import forms

from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.children.upn import normalise_upn, validate_upn
from inclusion_tracker.core.forms import GovukDateField, PostcodeField
from inclusion_tracker.notifications.journeys.base import Page, QuestionForm, choice_pairs
from inclusion_tracker.notifications.models import Notification

_NO_AUTOFILL = {"spellcheck": "false", "autocomplete": "off"}


YES_NO = [(True, "Yes"), (False, "No")]


def yes_no_field(label: str, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    """A GOV.UK yes/no question as radios, giving True or False."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def hours_field(
    label: str, name_in_errors: str, help_text: str = "", maximum: int = 60
) -> forms.DecimalField:
    """Hours a week, to one decimal place, from 0 to `maximum`."""
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=maximum,
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-4", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "required": f"Enter the {name_in_errors}",
            "invalid": f"Enter the {name_in_errors} as a number, like 15 or 12.5",
            "min_value": f"The {name_in_errors} must be 0 or more",
            "max_value": f"The {name_in_errors} must be {maximum} or fewer",
            "max_decimal_places": f"Enter the {name_in_errors} to no more than one decimal place, like 12.5",
            "max_digits": f"Enter the {name_in_errors} as a number, like 15 or 12.5",
        },
    )


class EstablishmentForm(QuestionForm):
    class Meta:
        model = Notification
        fields = ["establishment"]
        labels = {"establishment": "Which establishment is this about?"}
        error_messages = {
            "establishment": {
                "required": "Select the establishment",
                "invalid_choice": "Select one of your establishments",
            }
        }
        widgets = {"establishment": forms.RadioSelect}

    heading_field = "establishment"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["establishment"])
        field.queryset = self.user.establishments.order_by("name")
        field.required = True
        field.empty_label = None

    def summary_rows(self):
        # Shown to officers too, whose own establishments are not the school's.
        establishment = self.instance.establishment
        return [("Establishment", str(establishment) if establishment else "Not given")]


def has_several_establishments(notification) -> bool:
    return notification.created_by.establishments.count() > 1


class ChildUPNForm(QuestionForm):
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        help_text="13 characters, like B801200005001. Leave this empty if you do not know it.",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", **_NO_AUTOFILL}),
    )
    upn_not_known_reason = forms.CharField(
        label="If you do not know the UPN, tell us why",
        help_text="For example, the child has not been allocated one yet",
        required=False,
        max_length=200,
    )

    class Meta:
        model = Notification
        fields = ["upn", "upn_not_known_reason"]

    def clean_upn(self):
        upn = normalise_upn(self.cleaned_data["upn"])
        if upn:
            validate_upn(upn)
        return upn

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        upn, reason = cleaned.get("upn"), cleaned.get("upn_not_known_reason", "").strip()
        if "upn" in self.errors:
            return cleaned
        if not upn and not reason:
            self.add_error("upn", "Enter the child's UPN, or tell us why you do not know it")
        if upn and reason:
            cleaned["upn_not_known_reason"] = ""
        return cleaned


class ChildDetailsForm(QuestionForm):
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2015",
        name_in_errors="date of birth",
        must_be_in_past=True,
        error_messages={"required": "Enter the child's date of birth"},
    )

    class Meta:
        model = Notification
        fields = [
            "first_name",
            "middle_names",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "year_group",
        ]
        labels = {
            "first_name": "First name",
            "middle_names": "Middle names (optional)",
            "last_name": "Last name",
            "preferred_name": "Name the child prefers to use (optional)",
            "year_group": "Year group",
        }
        error_messages = {
            "first_name": {
                "required": "Enter the child's first name",
                "max_length": "First name must be 100 characters or less",
            },
            "last_name": {
                "required": "Enter the child's last name",
                "max_length": "Last name must be 100 characters or less",
            },
            "year_group": {"required": "Select the child's year group"},
        }
        widgets = {
            "first_name": forms.TextInput(attrs=_NO_AUTOFILL),
            "middle_names": forms.TextInput(attrs=_NO_AUTOFILL),
            "last_name": forms.TextInput(attrs=_NO_AUTOFILL),
            "preferred_name": forms.TextInput(attrs=_NO_AUTOFILL),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "year_group"):
            self.fields[name].required = True
        year_group = cast(forms.ChoiceField, self.fields["year_group"])
        year_group.choices = [("", "Select a year group"), *choice_pairs(year_group)[1:]]


class ChildAddressForm(QuestionForm):
    postcode = PostcodeField(label="Postcode", error_messages={"required": "Enter the postcode"})

    class Meta:
        model = Notification
        fields = ["address_line_1", "address_line_2", "town", "postcode"]
        labels = {
            "address_line_1": "Address line 1",
            "address_line_2": "Address line 2 (optional)",
            "town": "Town or city",
        }
        error_messages = {
            "address_line_1": {
                "required": "Enter address line 1, typically the building and street"
            },
            "town": {"required": "Enter the town or city"},
        }
        widgets = {
            "address_line_1": forms.TextInput(attrs=_NO_AUTOFILL),
            "address_line_2": forms.TextInput(attrs=_NO_AUTOFILL),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address_line_1"].required = True
        self.fields["town"].required = True


# The child record's flags (children/flags.py), plus whether a social worker
# is involved, which schools are asked but the child record does not keep.
CHILD_FLAGS = [
    *((flag.field, flag.label) for flag in FLAGS),
    ("has_social_worker", "Has a social worker"),
]


class ChildFlagsForm(QuestionForm):
    flags = forms.MultipleChoiceField(
        label="Which of these apply to the child?",
        help_text="Select all that apply. Leave them all unselected if none apply.",
        choices=CHILD_FLAGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    heading_field = "flags"

    class Meta:
        model = Notification
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["flags"] = [name for name, _ in CHILD_FLAGS if getattr(self.instance, name)]

    def save(self, commit=True):
        for name, _ in CHILD_FLAGS:
            setattr(self.instance, name, name in self.cleaned_data["flags"])
        if commit:
            self.instance.save()
        return self.instance

    def summary_rows(self):
        chosen = [label for name, label in CHILD_FLAGS if getattr(self.instance, name)]
        return [("Applies to the child", ", ".join(chosen) if chosen else "None of these")]


ESTABLISHMENT_PAGE = Page(
    "establishment", "Establishment", EstablishmentForm, applies=has_several_establishments
)
CHILD_PAGES = (
    Page("child-upn", "The child's unique pupil number", ChildUPNForm, caption="About the child"),
    Page(
        "child-details",
        "The child's name and date of birth",
        ChildDetailsForm,
        caption="About the child",
    ),
    Page("child-address", "The child's home address", ChildAddressForm, caption="About the child"),
)
FLAGS_PAGE = Page(
    "child-flags", "What applies to the child", ChildFlagsForm, caption="About the child"
)
