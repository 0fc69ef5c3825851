"""Forms for one episode: its details, its status, a manager's approval of a
closure and a CME enquiry action."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.casework.enquiries import EnquiryMethod, EnquiryResult
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import HEALTH_NEEDS_DUTY_SCHOOL_DAYS, Episode
from inclusion_tracker.children.school_age import (
    compulsory_school_age,
    is_of_compulsory_school_age,
)
from inclusion_tracker.core.concurrency import VersionedModelForm
from inclusion_tracker.core.deadlines import health_duty_date
from inclusion_tracker.core.forms import GovukDateField, govuk_date

# The key dates each kind of episode asks for, with their labels.
KEY_DATES: dict[str, dict[str, str]] = {
    EpisodeKind.PART_TIME_TIMETABLE: {"end_date": "End date", "review_due": "Next review due"},
    EpisodeKind.HEALTH_NEEDS: {"start_date": "Absent since"},
}
DEFAULT_KEY_DATES = {"start_date": "Start date", "end_date": "End date"}


def key_dates_for(kind: str) -> dict[str, str]:
    return KEY_DATES.get(kind, DEFAULT_KEY_DATES)


def la_staff_choices(current_owner=None):
    """Active LA staff, and the episode's current owner even if no longer active."""
    who = Q(pk__in=User.objects.la_staff().values("pk"))
    if current_owner is not None:
        who |= Q(pk=current_owner.pk)
    return User.objects.filter(who).order_by("full_name", "email")


class EpisodeForm(VersionedModelForm):
    # The status is changed on its own page, but someone changing it while
    # this form is open is a change the user should see.
    also_tracked = ("status",)

    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        empty_label="Unassigned",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Reason must be 300 characters or fewer"},
    )
    start_date = GovukDateField(label="Start date", required=False)
    end_date = GovukDateField(label="End date", required=False)
    review_due = GovukDateField(label="Next review due", required=False)
    expected_to_pass_15_days = forms.BooleanField(
        label=f"Expected to be absent for more than {HEALTH_NEEDS_DUTY_SCHOOL_DAYS} school days",
        required=False,
    )

    class Meta:
        model = Episode
        fields = [
            "owner",
            "reason",
            "start_date",
            "end_date",
            "review_due",
            "expected_to_pass_15_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        episode = self.instance
        self.fields["owner"].queryset = la_staff_choices(episode.owner)
        dates = key_dates_for(episode.kind)
        for name in ("start_date", "end_date", "review_due"):
            if name in dates:
                field = self.fields[name]
                field.label = dates[name]
                field.name_in_errors = dates[name].lower()
                field.help_text = "For example, 27 3 2026"
            else:
                del self.fields[name]
        if episode.kind != EpisodeKind.HEALTH_NEEDS:
            del self.fields["expected_to_pass_15_days"]
        # The hidden state was signed before fields were removed: sign it again.
        if episode.pk:
            self.fields["loaded_state"].initial = self.state_of(episode)

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start_date", self.instance.start_date)
        end = cleaned.get("end_date")
        if "end_date" in self.fields and start and end and end < start:
            self.add_error(
                "end_date",
                f"{self.fields['end_date'].label} must be the same as or after "
                f"the start date, {govuk_date(start)}",
            )
        return cleaned

    def display_status(self, instance) -> str:
        return instance.status_label

    def save(self, commit=True):
        episode = self.instance
        if "start_date" in self.changed_data and episode.kind == EpisodeKind.HEALTH_NEEDS:
            episode.duty_date = (
                health_duty_date(episode.start_date, episode.establishment_id)
                if episode.start_date
                else None
            )
        return super().save(commit=commit)


class StatusForm(forms.Form):
    """The new status, and when closing, how the episode ended. `version` and
    `loaded_status` say what the user saw, so a change made meanwhile by
    someone else is not silently overwritten."""

    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the new status",
            "invalid_choice": "Select one of the statuses shown",
        },
    )
    outcome = forms.ChoiceField(
        label="How did it end? (if closing)",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select one of the outcomes shown"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    loaded_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.episode = episode
        workflow = episode.workflow
        self.fields["status"].choices = [
            (status.value, status.label)
            for status in episode.allowed_statuses()
            if status.value != workflow.approval_status
        ]
        self.fields["outcome"].choices = [
            (outcome.value, outcome.label) for outcome in workflow.outcomes
        ]
        closed_label = workflow.status(CLOSED).label
        self.fields["outcome"].help_text = f"Only if the new status is ‘{closed_label}’"
        if any(outcome.needs_approval for outcome in workflow.outcomes):
            self.fields[
                "outcome"
            ].help_text += ". Closing with whereabouts unknown needs a team manager's approval"
        self.fields["version"].initial = episode.version
        self.fields["loaded_status"].initial = episode.status

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == CLOSED and not cleaned.get("outcome"):
            self.add_error("outcome", "Select how it ended")
        if cleaned.get("status") != CLOSED:
            cleaned["outcome"] = ""
        return cleaned


class ApprovalForm(forms.Form):
    APPROVE, SEND_BACK = "approve", "send_back"

    decision = forms.ChoiceField(
        label="Decision",
        choices=[(APPROVE, "Approve closure"), (SEND_BACK, "More enquiries needed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve the closure"},
    )
    reason = forms.CharField(
        label="What further enquiries are needed (if not approved)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = episode.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.SEND_BACK and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter what further enquiries are needed")
        return cleaned


class EnquiryForm(forms.Form):
    taken_on = GovukDateField(
        label="Date of the enquiry",
        help_text="For example, 27 3 2026",
        name_in_errors="date of the enquiry",
        must_be_today_or_in_past=True,
        error_messages={
            "required": "Enter the date of the enquiry",
            "min": "Date of the enquiry must be the same as or after the day the "
            "enquiry opened, %(min)s",
        },
    )
    method = forms.ChoiceField(
        label="How was the enquiry made?",
        choices=EnquiryMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the enquiry was made"},
    )
    contacted = forms.CharField(
        label="Who was contacted (optional)",
        help_text="For example, the child's aunt, or Northshire County Council",
        max_length=200,
        required=False,
        error_messages={"max_length": "Who was contacted must be 200 characters or fewer"},
    )
    result = forms.ChoiceField(
        label="Result",
        choices=EnquiryResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the result of the enquiry"},
    )
    outcome = forms.CharField(
        label="What was found out",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what was found out"},
    )

    def __init__(self, *args, episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.episode = episode
        self.fields["taken_on"].min_date = episode.opened_on


class OpenEpisodeForm(forms.Form):
    """An officer opens an episode by hand: work that did not start with a
    school's notification (a CME referral from health or the police, say)."""

    kind = forms.ChoiceField(
        label="What kind of episode?",
        choices=EpisodeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of episode"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="For example, reported missing from home by the police",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason for the episode",
            "max_length": "Reason must be 300 characters or fewer",
        },
    )
    start_date = GovukDateField(
        label="Start date (optional)",
        help_text="For a health-needs absence, the first day of absence. For example, 20 3 2026",
        name_in_errors="start date",
        must_be_today_or_in_past=True,
        required=False,
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        empty_label="Unassigned",
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["owner"].queryset = la_staff_choices()  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        on = cleaned.get("start_date") or timezone.localdate()
        if cleaned.get("kind") == EpisodeKind.CME_ENQUIRY and not is_of_compulsory_school_age(
            self.child.date_of_birth, on
        ):
            age = compulsory_school_age(self.child.date_of_birth)
            self.add_error(
                "kind",
                "A CME enquiry is only for a child of compulsory school age. This child is of "
                f"compulsory school age from {govuk_date(age.start)} to {govuk_date(age.end)}: "
                "open an early years or other episode instead",
            )
        return cleaned
