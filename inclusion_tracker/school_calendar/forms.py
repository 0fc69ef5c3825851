from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone

from inclusion_tracker.core.concurrency import VersionedModelForm
from inclusion_tracker.core.csv_files import size_label
from inclusion_tracker.core.forms import GovukDateField
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.school_calendar.loader import Mode
from inclusion_tracker.school_calendar.models import (
    NonSchoolDay,
    Owner,
    Term,
    non_school_day_problems,
    term_problems,
    year_label,
)
from inclusion_tracker.school_calendar.years import academic_year_of


def year_choices(also: int | None = None) -> list[tuple[int, str]]:
    """Last school year to three years ahead (and a term's own year)."""
    current = academic_year_of(timezone.localdate())
    years = set(range(current - 1, current + 4))
    if also is not None:
        years.add(also)
    return [(year, year_label(year)) for year in sorted(years)]


class TermForm(forms.ModelForm):
    academic_year = forms.TypedChoiceField(
        label="School year",
        coerce=int,
        error_messages={
            "required": "Select the school year",
            "invalid_choice": "Select the school year from the list",
        },
    )
    first_day = GovukDateField(
        label="First day", help_text="For example, 1 9 2026", name_in_errors="the first day"
    )
    last_day = GovukDateField(
        label="Last day", help_text="For example, 16 10 2026", name_in_errors="the last day"
    )

    class Meta:
        model = Term
        fields = ["academic_year", "name", "first_day", "last_day"]
        labels = {"name": "Name"}
        help_texts = {
            "name": "For example, Autumn 1. Give six terms a year: the half-terms and holidays "
            "are the gaps between them"
        }
        error_messages = {
            "name": {
                "required": "Enter the term's name, like Autumn 1",
                "max_length": "The term's name must be 50 characters or fewer",
            }
        }
        widgets = {"name": forms.TextInput(attrs={"class": "govuk-input--width-20"})}

    def __init__(self, *args, owner: Owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        _set_owner(self.instance, owner)
        field = cast(forms.ChoiceField, self.fields["academic_year"])
        field.choices = [("", "Select a school year"), *year_choices(self.instance.academic_year)]
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("academic_year", academic_year_of(timezone.localdate()))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        year, name = cleaned.get("academic_year"), cleaned.get("name")
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if year is not None and name and first and last:
            for field, message in term_problems(
                self.owner, year, name, first, last, exclude_pk=self.instance.pk
            ):
                self.add_error(field, message)
        return cleaned


def _set_owner(instance: Term | NonSchoolDay, owner: Owner) -> None:
    """An establishment's own dates, or a local authority's: never both."""
    if isinstance(owner, Establishment):
        instance.establishment, instance.local_authority = owner, None
    else:
        instance.establishment, instance.local_authority = None, owner


class TermEditForm(VersionedModelForm, TermForm):
    """A term's change page: refused when someone else saved the term after
    the page was opened, showing what they changed (core/concurrency.py)."""

    class Meta(TermForm.Meta):
        pass


class NonSchoolDayForm(forms.ModelForm):
    date = GovukDateField(
        label="Date", help_text="For example, 2 9 2026", name_in_errors="the date"
    )
    kind = forms.ChoiceField(
        label="What kind of day is it?",
        choices=NonSchoolDay.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of day it is"},
    )

    class Meta:
        model = NonSchoolDay
        fields = ["date", "kind", "description"]
        labels = {"description": "Description (optional)"}
        help_texts = {"description": "For example, Staff training day"}
        error_messages = {
            "description": {"max_length": "The description must be 200 characters or fewer"}
        }

    def __init__(self, *args, owner: Owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        _set_owner(self.instance, owner)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        day = cleaned.get("date")
        if day:
            for field, message in non_school_day_problems(self.owner, day):
                self.add_error(field, message)
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )
    mode = forms.ChoiceField(
        label="What should happen to the dates already saved?",
        choices=Mode.choices,
        initial=Mode.REPLACE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what should happen to the dates already saved"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = settings.TERM_DATES_CSV_MAX_BYTES
        self.fields[
            "file"
        ].help_text = f"A CSV file smaller than {size_label(self.max_bytes)}, with the columns described above"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"The selected file must be smaller than {size_label(self.max_bytes)}"
            )
        return upload
