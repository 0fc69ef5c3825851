"""Forms for a child's record, worded as the GOV.UK Design System asks."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.upn import normalise_upn, validate_upn
from inclusion_tracker.core.formatting import POSTCODE, normalise_postcode
from inclusion_tracker.core.forms import GovukDateField

MESSAGES = {
    "upn_taken": "A child with this UPN already exists",
    "first_name": "Enter the child's first name",
    "last_name": "Enter the child's last name",
    "date_of_birth": "Enter the child's date of birth",
    "sex": "Select the child's sex",
    "postcode": "Enter a real postcode",
}


# Names are the child's, typed by staff: no spellcheck, no browser autofill.
_NAME_ATTRS = {"spellcheck": "false", "autocomplete": "off"}


def too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit} characters or less"


class UPNField(forms.CharField):
    """A UPN as typed, with spaces removed and letters upper-cased before it
    is checked."""

    def to_python(self, value):
        return normalise_upn(super().to_python(value) or "")


class ChildForm(forms.ModelForm):
    """A child's identity, address and flags. (Asking for a UPN, or saying it
    is not known, comes with the notification journeys.)"""

    upn = UPNField(
        label="UPN (optional)",
        help_text="The unique pupil number: 13 characters, like B801200005001",
        required=False,
        validators=[validate_upn],
        # The GOV.UK field, plus a link to the record that has the UPN when
        # it is taken (`upn_holder`), or a line saying another local
        # authority's record has it (`upn_held_in_another_la`).
        # django-stubs' CharField leaves out Field's template_name argument.
        template_name="children/upn_field.html",  # type: ignore[call-arg]
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 12 3 2015",
        name_in_errors="date of birth",
        must_be_in_past=True,
        error_messages={"required": MESSAGES["date_of_birth"]},
    )
    flags = forms.MultipleChoiceField(
        label="Which of these apply to the child?",
        help_text="Select all that apply",
        choices=[(flag.field, flag.label) for flag in FLAGS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Child
        fields = [
            "upn",
            "legal_first_name",
            "legal_middle_names",
            "legal_last_name",
            "preferred_first_name",
            "preferred_last_name",
            "date_of_birth",
            "sex",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
        ]
        labels = {
            "legal_first_name": "First name",
            "legal_middle_names": "Middle names (optional)",
            "legal_last_name": "Last name",
            "preferred_first_name": "Preferred first name (optional)",
            "preferred_last_name": "Preferred last name (optional)",
            "sex": "Sex",
            "address_line_1": "Address line 1 (optional)",
            "address_line_2": "Address line 2 (optional)",
            "town": "Town or city (optional)",
            "postcode": "Postcode (optional)",
        }
        help_texts = {
            "preferred_first_name": "If the child is known by a different first name",
            "preferred_last_name": "If the child is known by a different last name",
        }
        error_messages = {
            "legal_first_name": {
                "required": MESSAGES["first_name"],
                "max_length": too_long("First name", 100),
            },
            "legal_middle_names": {"max_length": too_long("Middle names", 100)},
            "legal_last_name": {
                "required": MESSAGES["last_name"],
                "max_length": too_long("Last name", 100),
            },
            "preferred_first_name": {"max_length": too_long("Preferred first name", 100)},
            "preferred_last_name": {"max_length": too_long("Preferred last name", 100)},
            "sex": {"required": MESSAGES["sex"], "invalid_choice": MESSAGES["sex"]},
            "address_line_1": {"max_length": too_long("Address line 1", 200)},
            "address_line_2": {"max_length": too_long("Address line 2", 200)},
            "town": {"max_length": too_long("Town or city", 100)},
            "postcode": {"max_length": MESSAGES["postcode"]},
        }
        widgets = {
            "legal_first_name": forms.TextInput(attrs=_NAME_ATTRS),
            "legal_middle_names": forms.TextInput(attrs=_NAME_ATTRS),
            "legal_last_name": forms.TextInput(attrs=_NAME_ATTRS),
            "preferred_first_name": forms.TextInput(attrs=_NAME_ATTRS),
            "preferred_last_name": forms.TextInput(attrs=_NAME_ATTRS),
            "sex": forms.RadioSelect,
            "town": forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
            "postcode": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["flags"] = [flag.field for flag in self.instance.flags]
        else:
            # GOV.UK radios start with nothing chosen, not the model's default.
            self.initial.pop("sex", None)
            self.fields["sex"].initial = None

    def clean_upn(self):
        upn = self.cleaned_data["upn"]
        if upn and Child.objects.exclude(pk=self.instance.pk).filter(upn=upn).exists():
            raise ValidationError(MESSAGES["upn_taken"], code="upn_taken")
        return upn

    def full_clean(self):
        self.__dict__.pop("_upn_taken_by", None)  # checked again: look again
        super().full_clean()

    @cached_property
    def _upn_taken_by(self) -> Child | None:
        """The record that already has the UPN typed, in any local authority,
        when the form refused it as taken (here or by the model's constraint,
        when someone saved it in between)."""
        if not self.is_bound or "upn" not in self.errors:
            return None
        if not any(error.code == "upn_taken" for error in self.errors.as_data()["upn"]):
            return None
        upn = normalise_upn(self.data.get(self.add_prefix("upn")) or "")
        return Child.objects.exclude(pk=self.instance.pk).filter(upn=upn).first()

    def _in_this_records_local_authority(self, other: Child) -> bool:
        own = self.instance.local_authority_id or settings.LA_CODES[0]
        return other.local_authority_id == own

    @property
    def upn_holder(self) -> Child | None:
        """The record with the UPN typed, when it belongs to the same local
        authority as this one: the page links to it (and the view audits
        that it was shown)."""
        holder = self._upn_taken_by
        if holder is None or not self._in_this_records_local_authority(holder):
            return None
        return holder

    @property
    def upn_held_in_another_la(self) -> bool:
        """The UPN typed is on another local authority's record: the page says
        only that, never whose record it is (UPNs are unique nationally)."""
        holder = self._upn_taken_by
        return holder is not None and not self._in_this_records_local_authority(holder)

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode and not POSTCODE.match(postcode):
            raise ValidationError(MESSAGES["postcode"], code="postcode")
        return postcode

    def clean(self):
        super().clean()
        cleaned_data = self.cleaned_data
        chosen = set(cleaned_data.get("flags") or ())
        for flag in FLAGS:
            setattr(self.instance, flag.field, flag.field in chosen)
        return cleaned_data
