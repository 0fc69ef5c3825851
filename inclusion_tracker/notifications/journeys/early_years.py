"""Early-years child missing education: a child below compulsory school age
with a place at an early-years setting (a nursery, pre-school, childminder, or
a school's nursery or reception class) who has stopped attending, and whose
family the setting cannot reach or is worried about.

This is a local, non-statutory category: children missing education duties
apply only to children of compulsory school age, and no statutory duty for the
local authority to track early-years children missing education was found
(shared/reference/statutory.md §8; market.md §3d). Settings usually escalate
after calls, emergency contacts, sibling checks and a home visit, so the
journey asks for each attempt to contact the family."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone

from inclusion_tracker.children.school_age import compulsory_school_age
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.forms import GovukDateField
from inclusion_tracker.notifications.journeys.base import (
    CollectionPage,
    Journey,
    Page,
    QuestionForm,
)
from inclusion_tracker.notifications.journeys.common import (
    CHILD_PAGES,
    ESTABLISHMENT_PAGE,
    FLAGS_PAGE,
    ChildDetailsForm,
    hours_field,
)
from inclusion_tracker.notifications.models import (
    ContactAttempt,
    ContactMethod,
    EarlyYearsMissing,
    Kind,
    YearGroup,
)

CAPTION = "Early-years child missing education"
MAX_FUNDED_HOURS = 30
EARLY_YEARS_GROUPS = (YearGroup.N1, YearGroup.N2, YearGroup.R)
NO_YEAR_GROUP = "Not in a year group"


class EarlyYearsChildDetailsForm(ChildDetailsForm):
    """The child's details. Only the early-years year groups are offered, and a
    child at a day nursery, pre-school or childminder may be in none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].help_text = "For example, 27 3 2023"
        year_group = cast(forms.ChoiceField, self.fields["year_group"])
        year_group.required = False
        year_group.choices = [
            ("", NO_YEAR_GROUP),
            *((group.value, group.label) for group in EARLY_YEARS_GROUPS),
        ]
        year_group.help_text = (
            "Children at a day nursery, pre-school or childminder are often not in a year group"
        )
        year_group.error_messages["invalid_choice"] = (
            "Select Nursery 1, Nursery 2, Reception or not in a year group"
        )

    def summary_rows(self):
        year_group = str(self.fields["year_group"].label)
        return [
            (
                label,
                NO_YEAR_GROUP if label == year_group and not self.instance.year_group else value,
            )
            for label, value in super().summary_rows()
        ]


def _funded_hours_field() -> forms.DecimalField:
    name = "funded hours a week"
    return hours_field(
        "How many funded hours a week does the child have at the setting?",
        name,
        "Most children have 15 or 30 funded hours a week. Enter 0 if the child has none.",
        maximum=MAX_FUNDED_HOURS,
    )


class FundedHoursForm(QuestionForm):
    funded_hours = _funded_hours_field()

    class Meta:
        model = EarlyYearsMissing
        fields = ["funded_hours"]

    heading_field = "funded_hours"


class LastAttendedForm(QuestionForm):
    last_attended = GovukDateField(
        label="When did the child last attend the setting?",
        help_text="For example, 3 11 2026",
        name_in_errors="date the child last attended",
        must_be_today_or_in_past=True,
        error_messages={"required": "Enter the date the child last attended"},
    )

    class Meta:
        model = EarlyYearsMissing
        fields = ["last_attended"]

    heading_field = "last_attended"

    def clean_last_attended(self):
        last_attended = self.cleaned_data["last_attended"]
        born = self.notification.date_of_birth
        if last_attended and born and last_attended <= born:
            raise forms.ValidationError(
                f"The date the child last attended must be after their date of birth, {govuk_date(born)}"
            )
        return last_attended


class ContactAttemptForm(QuestionForm):
    attempted_on = GovukDateField(
        label="Date you tried to contact the family",
        help_text="For example, 5 11 2026",
        name_in_errors="date of the attempt",
        must_be_today_or_in_past=True,
        error_messages={"required": "Enter the date you tried to contact the family"},
    )
    method = forms.ChoiceField(
        label="How did you try to contact them?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you tried to contact the family"},
    )
    outcome = forms.CharField(
        label="What happened?",
        help_text="For example, no answer, or spoke to the child's mother, who said they are moving",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what happened when you tried to contact the family",
            "max_length": "What happened must be 500 characters or less",
        },
    )

    class Meta:
        model = ContactAttempt
        fields = ["attempted_on", "method", "outcome"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        self.instance.early_years = self.notification.details
        return super().save(commit)


def contact_attempt_summary(attempt) -> str:
    return f"{govuk_date(attempt.attempted_on)}, {attempt.get_method_display().lower()}: {attempt.outcome}"


class ConcernsForm(QuestionForm):
    class Meta:
        model = EarlyYearsMissing
        fields = ["concerns"]
        labels = {"concerns": "What are your concerns about the child?"}
        help_texts = {
            "concerns": (
                "Include anything that suggests the child may be at risk of harm, and what the "
                "family or others have told you. If the child may be in immediate danger, call 999"
            )
        }
        error_messages = {"concerns": {"required": "Enter your concerns about the child"}}

    heading_field = "concerns"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].required = True


class OtherServicesForm(QuestionForm):
    class Meta:
        model = EarlyYearsMissing
        fields = ["other_services"]
        labels = {
            "other_services": "Which other services are involved with the child or family? (optional)"
        }
        help_texts = {
            "other_services": (
                "For example, a health visitor, Family Help, children's social care or a speech "
                "and language therapist. Leave this empty if you do not know of any"
            )
        }

    heading_field = "other_services"


def check_warnings(notification) -> list[str]:
    """Early-years notifications are for children below compulsory school age."""
    born = notification.date_of_birth
    if born is None:
        return []
    school_age = compulsory_school_age(born)
    if not school_age.includes(timezone.localdate()):
        return []
    return [
        f"The date of birth you gave means the child has been of compulsory school age since "
        f"{govuk_date(school_age.start)}. This notification is for children below compulsory "
        f"school age: check the date of birth, or phone the Inclusion service on "
        f"{settings.INCLUSION_SERVICE_PHONE} about a child of compulsory school age who has "
        "stopped attending."
    ]


def what_happens_next(notification) -> list[str]:
    return [
        "The Inclusion service will look at what you have told us and contact you if they need to know more.",
        "Keep trying to contact the family. Tell the Inclusion service if the child comes back, or if you find out where they are.",
        "If you think the child may be at risk of harm, follow your safeguarding procedures and contact children's social care now. If a child is in immediate danger, call 999.",
    ]


JOURNEY = Journey(
    kind=Kind.EARLY_YEARS,
    title="Early-years child missing education",
    description=(
        "Tell us when a child below compulsory school age stops attending an early-years "
        "setting, such as a nursery, pre-school, childminder or a school's nursery or reception "
        "class, and you cannot reach the family or are worried about the child. This is local "
        "guidance, not a national legal duty: there is no statutory duty for early-years children "
        "missing education, but telling us helps keep young children safe."
    ),
    due="As soon as the child has stopped attending and your attempts to contact the family have not worked",
    create_details=lambda notification: EarlyYearsMissing.objects.create(notification=notification),
    pages=(
        ESTABLISHMENT_PAGE,
        CHILD_PAGES[0],
        Page(
            "child-details",
            "The child's name and date of birth",
            EarlyYearsChildDetailsForm,
            caption="About the child",
        ),
        *CHILD_PAGES[2:],
        Page("funded-hours", "Funded hours", FundedHoursForm, edits="details", caption=CAPTION),
        Page(
            "last-attended",
            "Last attended",
            LastAttendedForm,
            edits="details",
            caption=CAPTION,
        ),
        CollectionPage(
            "contact-attempts",
            "Contact attempt",
            ContactAttemptForm,
            edits="details",
            caption=CAPTION,
            items=lambda notification: notification.details.contact_attempts.all(),
            item_summary=contact_attempt_summary,
            add_label="Add this contact attempt",
            empty_message="Add at least one attempt to contact the family",
        ),
        Page("concerns", "Concerns", ConcernsForm, edits="details", caption=CAPTION),
        Page(
            "other-services",
            "Other services involved",
            OtherServicesForm,
            edits="details",
            caption=CAPTION,
        ),
        FLAGS_PAGE,
    ),
    check_warnings=check_warnings,
    what_happens_next=what_happens_next,
)
