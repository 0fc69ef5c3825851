"""Other missing out on education: a child of compulsory school age on the
school's roll who is not getting a full-time education for a reason other
than a part-time timetable: health needs, awaiting a specialist place or an
EHC needs assessment, a suspension with no education from the sixth day,
off-site alternative provision, emotionally based school avoidance, or
another reason.

Health needs: where a child will miss 15 school days or more, in a row or in
total over the school year, because of their health, the local authority
must arrange suitable education for them (Education Act 1996 s.19 and the
DfE statutory guidance "Arranging education for children who cannot attend
school because of health needs", December 2023; shared/reference/statutory.md
§4). "School days" are the school's own days (§8)."""

from django import forms

from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.forms import GovukDateField
from inclusion_tracker.notifications.journeys.base import Journey, Page, QuestionForm
from inclusion_tracker.notifications.journeys.common import (
    CHILD_PAGES,
    ESTABLISHMENT_PAGE,
    FLAGS_PAGE,
    hours_field,
    yes_no_field,
)
from inclusion_tracker.notifications.models import Kind, OtherMissingEducation, OtherReason

CAPTION = "Missing out on education"
HEALTH_PAGE = "health"


class ReasonForm(QuestionForm):
    reason = forms.ChoiceField(
        label="Why is the child missing out on full-time education?",
        help_text=(
            "Suspended with no education provided from the sixth day: from the sixth school day "
            "of a suspension, the school must arrange suitable full-time education for the child. "
            "Choose this if that has not happened."
        ),
        choices=OtherReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the child is missing out on full-time education"},
    )

    class Meta:
        model = OtherMissingEducation
        fields = ["reason", "reason_details"]
        labels = {"reason_details": "Give details"}
        help_texts = {
            "reason_details": (
                "You must give details if you chose another reason. For example, the specialist "
                "place the child is waiting for, or advice from health professionals"
            )
        }

    heading_field = "reason"

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("reason") == OtherReason.OTHER
            and not cleaned.get("reason_details", "").strip()
        ):
            self.add_error(
                "reason_details",
                "Enter details of why the child is missing out on full-time education",
            )
        return cleaned

    def save(self, commit=True):
        details = super().save(commit=False)
        if details.reason != OtherReason.HEALTH:
            # The health question no longer applies: forget its answer, so it
            # is asked again if the reason changes back to health.
            details.expected_to_miss_15_days = None
            notification = self.notification
            notification.completed_pages = [
                slug for slug in notification.completed_pages if slug != HEALTH_PAGE
            ]
            if commit:
                notification.save(update_fields=["completed_pages", "updated_at"])
        if commit:
            details.save()
        return details


class HealthForm(QuestionForm):
    expected_to_miss_15_days = yes_no_field(
        "Is the child expected to miss 15 or more school days, in a row or in total, because of their health?",
        "Select yes if the child is expected to miss 15 or more school days because of their health",
        "If so, the local authority must arrange suitable education for the child: Education Act "
        "1996, section 19, and the DfE guidance \u2018Arranging education for children who cannot "
        "attend school because of health needs\u2019.",
    )

    class Meta:
        model = OtherMissingEducation
        fields = ["expected_to_miss_15_days"]

    heading_field = "expected_to_miss_15_days"


class SinceForm(QuestionForm):
    since = GovukDateField(
        label="When did the child start missing out on full-time education?",
        help_text="For example, 12 1 2026",
        name_in_errors="start date",
        must_be_today_or_in_past=True,
        error_messages={
            "required": "Enter the date the child started missing out on full-time education"
        },
    )

    class Meta:
        model = OtherMissingEducation
        fields = ["since"]

    heading_field = "since"

    def clean_since(self):
        since = self.cleaned_data["since"]
        expected = self.instance.expected_return
        if since and expected and since >= expected:
            raise forms.ValidationError(
                f"The start date must be before the expected return date, {govuk_date(expected)}"
            )
        return since


class HoursForm(QuestionForm):
    hours_received = hours_field(
        "How many hours of education does the child actually receive a week?",
        "hours of education the child receives a week",
        "Count only the education the child actually gets, at school or elsewhere. "
        "Enter 0 if they get none. For example, 6 or 12.5",
    )

    class Meta:
        model = OtherMissingEducation
        fields = ["hours_received"]

    heading_field = "hours_received"


class ProvisionForm(QuestionForm):
    class Meta:
        model = OtherMissingEducation
        fields = ["provision_in_place"]
        labels = {"provision_in_place": "What education or support is in place for the child?"}
        help_texts = {
            "provision_in_place": (
                "For example, home tuition, work sent home, a hospital school or an alternative "
                "provider, and how you keep in touch. Write \u2018none\u2019 if nothing is in place"
            )
        }
        error_messages = {
            "provision_in_place": {
                "required": "Enter the education or support in place for the child, or write none"
            }
        }

    heading_field = "provision_in_place"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provision_in_place"].required = True


class ExpectedReturnForm(QuestionForm):
    expected_return = GovukDateField(
        label="When is the child expected to return to full-time education? (optional)",
        help_text="Leave this empty if you do not know. For example, 20 4 2026",
        name_in_errors="expected return date",
        required=False,
    )

    class Meta:
        model = OtherMissingEducation
        fields = ["expected_return"]

    heading_field = "expected_return"

    def clean_expected_return(self):
        expected = self.cleaned_data["expected_return"]
        since = self.instance.since
        if expected and since and expected <= since:
            raise forms.ValidationError(
                "The expected return date must be after the date the child started missing "
                f"out on full-time education, {govuk_date(since)}"
            )
        return expected


def is_health(notification) -> bool:
    return notification.details.reason == OtherReason.HEALTH


def la_duty_applies(notification) -> bool:
    details = notification.details
    return (
        details.reason == OtherReason.HEALTH
        and bool(details.expected_to_miss_15_days)
        and details.of_compulsory_school_age
    )


def not_a_statutory_case(notification) -> str:
    return (
        f"A child born on {govuk_date(notification.date_of_birth)} is not of compulsory school "
        "age, so this is not a statutory case: the local authority's duties to arrange education "
        "and to find children missing education apply to children of compulsory school age. You "
        "can still send it, and the Inclusion service will look at it."
    )


def check_warnings(notification) -> list[str]:
    if not notification.details.of_compulsory_school_age:
        return [not_a_statutory_case(notification)]
    if la_duty_applies(notification):
        return [
            "The child is expected to miss 15 or more school days because of their health, so the "
            "local authority's duty to arrange suitable education for them applies (Education Act "
            "1996, section 19). The Inclusion service will contact you about it."
        ]
    return []


def submission_errors(notification) -> list[tuple[str, str]]:
    """Rules that span pages, checked again before submitting: (message, page slug)."""
    details = notification.details
    errors = []
    if details.since and details.expected_return and details.expected_return <= details.since:
        errors.append(
            (
                "The expected return date must be after the date the child started missing out on full-time education",
                "expected-return",
            )
        )
    return errors


def what_happens_next(notification) -> list[str]:
    details = notification.details
    steps = [
        "The Inclusion service will look at what you have told us and contact you if they need to know more."
    ]
    if not details.of_compulsory_school_age:
        steps.append(not_a_statutory_case(notification))
    elif la_duty_applies(notification):
        steps.append(
            "You told us the child is expected to miss 15 or more school days because of their "
            "health, so the local authority must arrange suitable education for them. The "
            "Inclusion service will contact you and the child's family to arrange it. Until then, "
            "keep in touch with the family and keep sending work if the child is well enough."
        )
    elif details.reason == OtherReason.HEALTH:
        steps.append(
            "If it becomes likely that the child will miss 15 or more school days, in a row or in "
            "total, because of their health, tell the Inclusion service straight away: the local "
            "authority must then arrange suitable education for them."
        )
    elif details.reason == OtherReason.SUSPENSION:
        steps.append(
            "From the sixth school day of a suspension the school must arrange suitable full-time "
            "education for the child. Tell the Inclusion service when it is in place."
        )
    if details.expected_return:
        steps.append(
            f"You expect the child to return to full-time education on {govuk_date(details.expected_return)}. "
            "Tell the Inclusion service if that changes, or if the child returns sooner."
        )
    else:
        steps.append(
            "Tell the Inclusion service when you know when the child will return to full-time education, and when they do."
        )
    return steps


JOURNEY = Journey(
    kind=Kind.OTHER_MISSING_EDUCATION,
    title="Other missing out on education",
    description=(
        "Tell us when a child of compulsory school age on your roll is not getting a full-time "
        "education for another reason: health needs, waiting for a specialist place or an EHC "
        "needs assessment, a suspension with no education from the sixth day, off-site "
        "alternative provision, emotionally based school avoidance or something else."
    ),
    due=(
        "As soon as you know the child is not getting a full-time education. For health needs, "
        "as soon as it is clear they will miss 15 school days or more"
    ),
    create_details=lambda notification: OtherMissingEducation.objects.create(
        notification=notification
    ),
    pages=(
        ESTABLISHMENT_PAGE,
        *CHILD_PAGES,
        Page("reason", "Reason", ReasonForm, edits="details", caption=CAPTION),
        Page(
            HEALTH_PAGE,
            "Health needs",
            HealthForm,
            edits="details",
            applies=is_health,
            caption=CAPTION,
        ),
        Page("since", "Since when", SinceForm, edits="details", caption=CAPTION),
        Page("hours", "Hours of education received", HoursForm, edits="details", caption=CAPTION),
        Page("provision", "Provision in place", ProvisionForm, edits="details", caption=CAPTION),
        Page(
            "expected-return",
            "Expected return",
            ExpectedReturnForm,
            edits="details",
            caption=CAPTION,
        ),
        FLAGS_PAGE,
    ),
    check_warnings=check_warnings,
    submission_errors=submission_errors,
    what_happens_next=what_happens_next,
)
