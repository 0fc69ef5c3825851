"""Part-time (reduced) timetable: exceptional, time-limited, never to manage
behaviour. Working together to improve school attendance (2024) says a
part-time timetable must have a time limit by which the pupil is expected to
attend full time, be agreed with the parent, be reviewed regularly, and never
be used to manage behaviour (shared/reference/statutory.md §3.2). Pupils on
one are recorded with attendance code C2."""

from django import forms
from django.conf import settings

from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.forms import GovukDateField
from inclusion_tracker.notifications import attendance_codes
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
    hours_field,
    yes_no_field,
)
from inclusion_tracker.notifications.models import (
    Kind,
    OffsiteProvision,
    PartTimeReason,
    PartTimeTimetable,
)


class PlanDatesForm(QuestionForm):
    start_date = GovukDateField(
        label="Start date",
        help_text="The first day of the part-time timetable, for example 2 3 2026",
        name_in_errors="start date",
        error_messages={"required": "Enter the start date of the part-time timetable"},
    )
    end_date = GovukDateField(
        label="End date: when the child returns to full-time education",
        help_text="A part-time timetable must have an end date. For example, 13 4 2026",
        name_in_errors="end date",
        error_messages={"required": "Enter the date the child returns to full-time education"},
    )

    class Meta:
        model = PartTimeTimetable
        fields = ["start_date", "end_date"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date")
        return cleaned


class PlanHoursForm(QuestionForm):
    hours_per_week = hours_field(
        "Hours of education a week on the part-time timetable",
        "hours a week on the part-time timetable",
    )
    full_time_hours = hours_field(
        "The school's full-time hours a week",
        "school's full-time hours a week",
        "For example, 32.5",
    )

    class Meta:
        model = PartTimeTimetable
        fields = ["hours_per_week", "full_time_hours"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        hours, full = cleaned.get("hours_per_week"), cleaned.get("full_time_hours")
        if hours is not None and full is not None and hours >= full:
            self.add_error(
                "hours_per_week",
                "Hours on the part-time timetable must be fewer than the school's full-time hours",
            )
        return cleaned


class PlanReasonForm(QuestionForm):
    reason = forms.ChoiceField(
        label="Why is the child on a part-time timetable?",
        help_text="A part-time timetable must never be used to manage a child's behaviour.",
        choices=PartTimeReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the child is on a part-time timetable"},
    )

    class Meta:
        model = PartTimeTimetable
        fields = ["reason", "reason_details"]
        labels = {"reason_details": "Give details"}
        help_texts = {"reason_details": "Include any advice from health or other professionals"}
        error_messages = {
            "reason_details": {
                "required": "Enter details of why the child is on a part-time timetable"
            }
        }

    heading_field = "reason"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_details"].required = True


class ParentAgreementForm(QuestionForm):
    parent_agreed = yes_no_field(
        "Has a parent or carer the child lives with agreed to the part-time timetable?",
        "Select yes if a parent or carer has agreed to the part-time timetable",
    )
    parent_agreed_on = GovukDateField(
        label="Date they agreed",
        help_text="For example, 27 2 2026",
        name_in_errors="date they agreed",
        must_be_today_or_in_past=True,
        required=False,
    )

    class Meta:
        model = PartTimeTimetable
        fields = ["parent_agreed", "parent_name", "parent_agreed_on"]
        labels = {"parent_name": "Name of the parent or carer who agreed"}

    heading_field = "parent_agreed"

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("parent_agreed"):
            if not cleaned.get("parent_name", "").strip():
                self.add_error("parent_name", "Enter the name of the parent or carer who agreed")
            if not cleaned.get("parent_agreed_on") and "parent_agreed_on" not in self.errors:
                self.add_error("parent_agreed_on", "Enter the date they agreed")
        return cleaned


class SupportForm(QuestionForm):
    class Meta:
        model = PartTimeTimetable
        fields = ["support_in_place", "return_plan"]
        labels = {
            "support_in_place": "What support is in place for the child?",
            "return_plan": "What is the plan for the child's return to full-time education?",
        }
        help_texts = {
            "support_in_place": "Include support from other services and how the child is kept safe when not in school",
            "return_plan": "How the hours will increase, and by when",
        }
        error_messages = {
            "support_in_place": {"required": "Enter the support in place for the child"},
            "return_plan": {
                "required": "Enter the plan for the child's return to full-time education"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_in_place"].required = True
        self.fields["return_plan"].required = True


class OffsiteQuestionForm(QuestionForm):
    has_offsite_provision = yes_no_field(
        "Does the child attend any off-site provision?",
        "Select yes if the child attends any off-site provision",
        "For example, alternative provision or a hospital school",
    )

    class Meta:
        model = PartTimeTimetable
        fields = ["has_offsite_provision"]

    heading_field = "has_offsite_provision"

    def save(self, commit=True):
        plan = super().save(commit)
        if commit and not plan.has_offsite_provision:
            plan.offsite_provisions.all().delete()
        return plan


class OffsiteProviderForm(QuestionForm):
    provider = forms.CharField(
        label="Name of the provider",
        max_length=200,
        error_messages={
            "required": "Enter the name of the provider",
            "max_length": "Name of the provider must be 200 characters or less",
        },
    )
    hours_per_week = hours_field("Hours a week at this provider", "hours a week at this provider")

    class Meta:
        model = OffsiteProvision
        fields = ["provider", "hours_per_week"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        self.instance.plan = self.notification.details
        return super().save(commit)


class FirstReviewForm(QuestionForm):
    first_review_date = GovukDateField(
        label="When is the first review of the part-time timetable?",
        help_text="It must be on or before the end date. For example, 20 3 2026",
        name_in_errors="first review date",
        error_messages={"required": "Enter the date of the first review"},
    )

    class Meta:
        model = PartTimeTimetable
        fields = ["first_review_date"]

    heading_field = "first_review_date"

    def clean_first_review_date(self):
        review = self.cleaned_data["first_review_date"]
        plan = self.instance
        if plan.end_date and review > plan.end_date:
            raise forms.ValidationError(
                f"The first review date must be on or before the end date, {govuk_date(plan.end_date)}"
            )
        if plan.start_date and review < plan.start_date:
            raise forms.ValidationError(
                f"The first review date must be on or after the start date, {govuk_date(plan.start_date)}"
            )
        return review


def parent_has_not_agreed(notification) -> bool:
    return notification.details.parent_agreed is False


def has_offsite(notification) -> bool:
    return bool(notification.details.has_offsite_provision)


def check_warnings(notification) -> list[str]:
    plan = notification.details
    limit = settings.PART_TIME_TIMETABLE_RECOMMENDED_MAX_WEEKS
    warnings = []
    if plan.length_in_weeks is not None and plan.length_in_weeks > limit:
        warnings.append(
            f"This plan lasts {plan.length_in_weeks:.0f} weeks. {settings.LA_NAME} recommends part-time "
            f"timetables last no more than {limit} weeks. You can still send it: the Inclusion service will "
            "discuss it with you."
        )
    if not plan.of_compulsory_school_age:
        warnings.append(not_of_compulsory_school_age_advice(notification))
    return warnings


def not_of_compulsory_school_age_advice(notification) -> str:
    born = govuk_date(notification.date_of_birth)
    x = attendance_codes.NOT_COMPULSORY_SCHOOL_AGE
    c2 = attendance_codes.PART_TIME_TIMETABLE
    return (
        f"A child born on {born} is not of compulsory school age when this plan starts. Record the "
        f"sessions they do not attend with code {x.code} ({x.meaning}), not {c2.code}: {c2.code} is "
        "only for a pupil of compulsory school age."
    )


def submission_errors(notification) -> list[tuple[str, str]]:
    """Rules that span pages, checked again before submitting: (message, page slug)."""
    plan = notification.details
    errors = []
    if plan.parent_agreed is False:
        errors.append(
            (
                "The Inclusion service cannot accept a part-time timetable without a parent or carer's agreement",
                "parent-agreement",
            )
        )
    if plan.start_date and plan.end_date and plan.end_date <= plan.start_date:
        errors.append(("The end date must be after the start date", "dates"))
    if plan.first_review_date and plan.end_date and plan.first_review_date > plan.end_date:
        errors.append(("The first review date must be on or before the end date", "first-review"))
    if plan.has_offsite_provision and not plan.offsite_provisions.exists():
        errors.append(
            ("Add the off-site provider, or answer no to off-site provision", "offsite-providers")
        )
    return errors


def what_happens_next(notification) -> list[str]:
    plan = notification.details
    return [
        "The Inclusion service will look at the part-time timetable and contact you if they need to know more.",
        f"Record each review, and tell us when the child returns to full-time education, from your list of notifications. The first review is due on {govuk_date(plan.first_review_date)}."
        if plan.first_review_date
        else "Record each review from your list of notifications.",
        f"Record the child's attendance with code {attendance_codes.PART_TIME_TIMETABLE.code} for the sessions they are not expected to attend."
        if plan.of_compulsory_school_age
        else not_of_compulsory_school_age_advice(notification),
    ]


JOURNEY = Journey(
    kind=Kind.PART_TIME_TIMETABLE,
    title="Part-time (reduced) timetable",
    description="Tell us when a child of compulsory school age is on a part-time timetable: in exceptional circumstances only, agreed with a parent, with an end date and reviews.",
    due="Before the timetable starts, or as soon as it is agreed",
    create_details=lambda notification: PartTimeTimetable.objects.create(notification=notification),
    pages=(
        ESTABLISHMENT_PAGE,
        *CHILD_PAGES,
        Page(
            "dates",
            "Dates of the part-time timetable",
            PlanDatesForm,
            edits="details",
            caption="The part-time timetable",
        ),
        Page(
            "hours",
            "Hours of education",
            PlanHoursForm,
            edits="details",
            caption="The part-time timetable",
        ),
        Page(
            "reason", "Reason", PlanReasonForm, edits="details", caption="The part-time timetable"
        ),
        Page(
            "parent-agreement",
            "Parent or carer's agreement",
            ParentAgreementForm,
            edits="details",
            caption="The part-time timetable",
        ),
        Page(
            "cannot-accept",
            "We cannot accept a part-time timetable without a parent's agreement",
            ParentAgreementForm,
            edits="details",
            applies=parent_has_not_agreed,
            template="notifications/part_time_cannot_accept.html",
            stop=True,
        ),
        Page(
            "support",
            "Support and plan for return",
            SupportForm,
            edits="details",
            caption="The part-time timetable",
        ),
        Page(
            "offsite",
            "Off-site provision",
            OffsiteQuestionForm,
            edits="details",
            caption="The part-time timetable",
        ),
        CollectionPage(
            "offsite-providers",
            "Off-site provider",
            OffsiteProviderForm,
            edits="details",
            applies=has_offsite,
            caption="The part-time timetable",
            items=lambda notification: notification.details.offsite_provisions.all(),
            item_summary=lambda item: (
                f"{item.provider}: {item.hours_per_week.normalize():f} hours a week"
            ),
            add_label="Add this provider",
            empty_message="Add at least one off-site provider",
        ),
        Page(
            "first-review",
            "First review",
            FirstReviewForm,
            edits="details",
            caption="The part-time timetable",
        ),
        FLAGS_PAGE,
    ),
    check_warnings=check_warnings,
    submission_errors=submission_errors,
    what_happens_next=what_happens_next,
)
