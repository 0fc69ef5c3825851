"""A school's review of a part-time timetable it has sent."""

from django import forms
from django.http import QueryDict

from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.forms import GovukDateField
from inclusion_tracker.notifications.models import ReviewOutcome, TimetableReview

MESSAGES = {
    "reviewed_meanwhile": "Someone else recorded a review of this part-time timetable at the "
    "same time. Yours has not been sent: check their review below, then send yours again "
    "if it is still needed",
    "ended_meanwhile": "Someone else recorded a review of this part-time timetable at the "
    "same time, and it has ended. Yours has not been sent: check their review below",
}


class ReviewForm(forms.Form):
    """A review of `plan`. It carries the latest review there was when the
    page was shown: when someone else has recorded one since (two school
    users at once, say), it is refused, so the plan gets one review and the
    other user is told, with their answers kept. The view locks the plan
    while it checks and saves."""

    # The id of the latest review when the page was shown ("" for none).
    latest_review = forms.CharField(widget=forms.HiddenInput, required=False)
    reviewed_on = GovukDateField(
        label="Date of the review",
        help_text="For example, 20 3 2026",
        name_in_errors="date of the review",
        must_be_today_or_in_past=True,
        error_messages={"required": "Enter the date of the review"},
    )
    outcome = forms.ChoiceField(
        label="What was decided?",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was decided at the review"},
    )
    new_end_date = GovukDateField(
        label="New end date (if extended)",
        help_text="When the child will now return to full-time education",
        name_in_errors="new end date",
        required=False,
    )
    reason = forms.CharField(
        label="Reason (if extended or ended for another reason)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    next_review_date = GovukDateField(
        label="Date of the next review (if the timetable continues)",
        name_in_errors="date of the next review",
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        latest = plan.reviews.order_by("-pk").first()
        seen = latest.pk if latest else ""
        self.fields["latest_review"].initial = seen
        # Someone else's review recorded after this page was shown.
        self.recorded_meanwhile = None
        posted = self.data.get(self.add_prefix("latest_review"), "") if self.is_bound else ""
        if latest is not None and self.is_bound and posted != str(seen):
            self.recorded_meanwhile = latest
            # Sending again is a choice made having seen their review.
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data[self.add_prefix("latest_review")] = str(seen)
            self.data = data

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.recorded_meanwhile is not None:
            ended = self.plan.ended_on is not None
            self.add_error(None, MESSAGES["ended_meanwhile" if ended else "reviewed_meanwhile"])
        outcome = cleaned.get("outcome")
        reviewed_on, new_end = cleaned.get("reviewed_on"), cleaned.get("new_end_date")
        next_review = cleaned.get("next_review_date")
        end = self.plan.end_date
        if reviewed_on and self.plan.start_date and reviewed_on < self.plan.start_date:
            self.add_error(
                "reviewed_on",
                f"The date of the review must be on or after the start date, {govuk_date(self.plan.start_date)}",
            )
        if outcome == ReviewOutcome.EXTEND:
            if not new_end and "new_end_date" not in self.errors:
                self.add_error("new_end_date", "Enter the new end date")
            elif new_end and end and new_end <= end:
                self.add_error(
                    "new_end_date",
                    f"The new end date must be after the current end date, {govuk_date(end)}",
                )
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", "Enter the reason for extending the part-time timetable")
        if outcome == ReviewOutcome.ENDED_OTHER and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter the reason the part-time timetable ended")
        if outcome in (ReviewOutcome.CONTINUE, ReviewOutcome.EXTEND):
            if not next_review and "next_review_date" not in self.errors:
                self.add_error("next_review_date", "Enter the date of the next review")
            elif next_review and reviewed_on and next_review <= reviewed_on:
                self.add_error(
                    "next_review_date",
                    "The date of the next review must be after the date of this review",
                )
            else:
                last_day = new_end if outcome == ReviewOutcome.EXTEND else end
                if next_review and last_day and next_review > last_day:
                    self.add_error(
                        "next_review_date",
                        f"The date of the next review must be on or before the end date, {govuk_date(last_day)}",
                    )
        return cleaned

    def save(self, *, recorded_by, form_token=None) -> TimetableReview:
        data = self.cleaned_data
        outcome = data["outcome"]
        plan = self.plan
        review = TimetableReview.objects.create(
            plan=plan,
            reviewed_on=data["reviewed_on"],
            outcome=outcome,
            previous_end_date=plan.end_date,
            new_end_date=data["new_end_date"] if outcome == ReviewOutcome.EXTEND else None,
            reason=data["reason"].strip()
            if outcome in (ReviewOutcome.EXTEND, ReviewOutcome.ENDED_OTHER)
            else "",
            next_review_date=data["next_review_date"]
            if outcome in (ReviewOutcome.CONTINUE, ReviewOutcome.EXTEND)
            else None,
            recorded_by=recorded_by,
            form_token=form_token,
        )
        plan.apply_review(review)
        return review
