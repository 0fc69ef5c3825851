"""Forms for one episode: its details, its status, a manager's approval of a
closure and a CME enquiry action."""

from typing import cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.casework.enquiries import EnquiryMethod, EnquiryResult
from inclusion_tracker.casework.episode_kinds import CLOSED, FOUND_ON_ROLL, MOVED_LA, EpisodeKind
from inclusion_tracker.casework.models import HEALTH_NEEDS_DUTY_SCHOOL_DAYS, Episode
from inclusion_tracker.children.school_age import (
    compulsory_school_age,
    is_of_compulsory_school_age,
)
from inclusion_tracker.core.concurrency import VersionedModelForm
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.forms import GovukDateField, HintedRadioSelect
from inclusion_tracker.establishments import local_authorities
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.notifications.journeys.removal.forms import describe_establishment

# The key dates each kind of episode asks for, with their labels.
KEY_DATES: dict[str, dict[str, str]] = {
    EpisodeKind.PART_TIME_TIMETABLE: {"end_date": "End date", "review_due": "Next review due"},
    EpisodeKind.HEALTH_NEEDS: {"start_date": "Absent since"},
}
DEFAULT_KEY_DATES = {"start_date": "Start date", "end_date": "End date"}


def key_dates_for(kind: str) -> dict[str, str]:
    return KEY_DATES.get(kind, DEFAULT_KEY_DATES)


def la_staff_choices(child, current_owner=None):
    """Active staff of the child's local authority, and the episode's current
    owner even if no longer active or no longer with that LA."""
    staff = User.objects.la_staff().in_local_authorities([child.local_authority_id])
    who = Q(pk__in=staff.values("pk"))
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
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = la_staff_choices(episode.child, episode.owner)
        dates = key_dates_for(episode.kind)
        for name in ("start_date", "end_date", "review_due"):
            if name in dates:
                field = cast(GovukDateField, self.fields[name])
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
        if "start_date" in self.changed_data:
            episode.recompute_duty_date()
        return super().save(commit=commit)


# How many establishments matching what the officer typed are offered.
ESTABLISHMENTS_OFFERED = 20
DATE_HINT = "For example, 27 3 2026"


class StatusForm(forms.Form):
    """The new status, and when closing, how the episode ended. `version` and
    `loaded_status` say what the user saw, so a change made meanwhile by
    someone else is not silently overwritten.

    Closing a CME enquiry also asks for the details its outcome needs
    (`Episode.closure_errors`): where the child was found on roll, or which
    local authority they moved to, and when; and a note. The establishment
    is found without JavaScript: the officer types its name, URN or DfE
    number; an exact URN, DfE number or full name is taken as it is, and
    anything else is offered back as a choice of the establishments that
    match."""

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
    # Found on roll.
    found_at_query = forms.CharField(
        label="Name, URN or DfE number of the establishment",
        help_text="For example, Beta Academy, 900002 or 855/2000",
        max_length=100,
        required=False,
        error_messages={
            "max_length": "Name, URN or DfE number of the establishment must be "
            "100 characters or fewer"
        },
    )
    found_at = forms.ModelChoiceField(
        label="Select the establishment",
        queryset=Establishment.objects.none(),
        required=False,
        widget=HintedRadioSelect,
        error_messages={"invalid_choice": "Select one of the establishments shown"},
    )
    found_at_name = forms.CharField(
        label="Name of the establishment",
        max_length=200,
        required=False,
        error_messages={"max_length": "Name of the establishment must be 200 characters or fewer"},
    )
    found_at_la = forms.CharField(
        label="Its local authority or country",
        help_text="For example, Rutland, or Wales",
        max_length=100,
        required=False,
        error_messages={"max_length": "Local authority or country must be 100 characters or fewer"},
    )
    found_on = GovukDateField(
        label="Date the child was found on roll",
        help_text=DATE_HINT,
        name_in_errors="date the child was found on roll",
        required=False,
    )
    # Moved to another local authority.
    moved_to = forms.ChoiceField(
        label="Local authority the child moved to",
        help_text="Or, for a child who left England, where they went",
        required=False,
        error_messages={"invalid_choice": "Select the local authority the child moved to"},
    )
    moved_la_told_on = GovukDateField(
        label="Date the local authority was told",
        help_text=DATE_HINT,
        name_in_errors="date the local authority was told",
        required=False,
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
        self.workflow = workflow = episode.workflow
        status_choices = [
            (status.value, status.label)
            for status in episode.allowed_statuses()
            if status.value != workflow.approval_status
        ]
        status_field = cast(forms.ChoiceField, self.fields["status"])
        status_field.choices = status_choices
        if len(status_choices) == 1:
            status_field.initial = status_choices[0][0]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [
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
        can_close = CLOSED in workflow.allowed(episode.status)
        # The outcomes that need each detail (the page shows the details under them).
        self.found_on_roll_outcomes = [
            o.value for o in workflow.outcomes if FOUND_ON_ROLL in o.needs
        ]
        self.moved_la_outcomes = [o.value for o in workflow.outcomes if MOVED_LA in o.needs]
        self.asks_for_details = can_close and bool(
            self.found_on_roll_outcomes or self.moved_la_outcomes
        )
        if not can_close:
            del self.fields["outcome"]
        if not self.found_on_roll_outcomes or not can_close:
            for name in ("found_at_query", "found_at", "found_at_name", "found_at_la", "found_on"):
                del self.fields[name]
        if not self.moved_la_outcomes or not can_close:
            del self.fields["moved_to"], self.fields["moved_la_told_on"]
        if workflow.closing_needs_note and can_close:
            # A CME enquiry: closing is the only change offered from here.
            self.fields["outcome"].label = "How did the enquiry end?"
            self.fields[
                "outcome"
            ].help_text = "Closing with whereabouts unknown needs a team manager's approval"
            self.fields["notes"].label = "Note about how the enquiry ended"
            self.fields["notes"].help_text = (
                "What you found out, and from whom. Needed to close the enquiry, "
                "or to ask a team manager to approve closing it"
            )
        if "moved_to" in self.fields:
            cast(forms.ChoiceField, self.fields["moved_to"]).choices = [
                ("", "Select a local authority"),
                *local_authorities.choices(),
            ]
        self.found_at_matches: list[Establishment] = []
        self.found_at_more = False
        self.found_at_exact: Establishment | None = None
        if "found_at" in self.fields:
            self.open_establishments = Establishment.objects.open().exclude(
                is_early_years_setting=True
            )
            found_at = cast(forms.ModelChoiceField, self.fields["found_at"])
            found_at.queryset = self.open_establishments
            self._offer_establishments()

    # Finding the establishment ---------------------------------------------------

    @property
    def found_at_query_text(self) -> str:
        return (self.data.get("found_at_query") or "").strip()[:100] if self.is_bound else ""

    def _exact_match(self, query: str) -> Establishment | None:
        """The one open establishment with this URN, DfE number or full name."""
        if not query:
            return None
        schools = self.open_establishments
        digits = query.replace("/", "").replace("-", "").replace(" ", "")
        found = schools.search(query) if digits.isdigit() else schools.filter(name__iexact=query)
        matches = list(found[:2])
        return matches[0] if len(matches) == 1 else None

    def _chosen_establishment(self) -> Establishment | None:
        if not self.is_bound or not self.data.get("found_at"):
            return None
        try:
            return self.fields["found_at"].clean(self.data.get("found_at"))
        except forms.ValidationError:
            return None

    def _offer_establishments(self) -> None:
        """What the officer typed, found: exactly (no choice needed), or the
        establishments matching it offered as radios, with the one chosen."""
        query = self.found_at_query_text
        chosen = self._chosen_establishment()
        self.found_at_exact = None if chosen else self._exact_match(query)
        matches: list[Establishment] = []
        if query and self.found_at_exact is None:
            found = self.open_establishments.search(query).order_by("name", "urn")
            matches = list(found[: ESTABLISHMENTS_OFFERED + 1])
        self.found_at_more = len(matches) > ESTABLISHMENTS_OFFERED
        matches = matches[:ESTABLISHMENTS_OFFERED]
        if chosen and chosen not in matches:
            matches = [chosen, *matches]
        self.found_at_matches = matches
        widget = self.fields["found_at"].widget
        widget.choices = [(school.pk, school.name) for school in matches]
        widget.hints = {str(school.pk): describe_establishment(school) for school in matches}

    @property
    def found_at_offered(self) -> bool:
        return bool(self.found_at_matches)

    def _found_at(self, cleaned) -> dict:
        """The establishment details from the form, with the form's own
        errors (nothing matching, several matching, both given)."""
        school = cleaned.get("found_at") or self.found_at_exact
        name = (cleaned.get("found_at_name") or "").strip()
        query = self.found_at_query_text
        if school and name:
            self.add_error(
                "found_at_name",
                "Select the establishment from the list or enter one that is not in the list, "
                "not both",
            )
        elif not school and not name and query and "found_at" not in self.errors:
            if self.found_at_offered:
                self.add_error(
                    "found_at",
                    "Select the establishment the child was found on roll at from the list, "
                    "or enter its name",
                )
            elif "found_at_query" not in self.errors:
                self.add_error(
                    "found_at_query",
                    f"No open establishment matches ‘{query}’. Check the name or URN, or "
                    "enter its name if it is not in the list",
                )
        if school:
            return {"found_at": school, "found_at_name": "", "found_at_la": ""}
        return {
            "found_at": None,
            "found_at_name": name,
            "found_at_la": (cleaned.get("found_at_la") or "").strip(),
        }

    def _field_for(self, detail: str) -> str:
        if detail == "found_at" and not self.found_at_offered:
            return "found_at_query"
        return detail

    # Checking ------------------------------------------------------------------

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if "found_at" in self.errors and not self.found_at_offered:
            # An establishment no longer offered (closed since, say), and no
            # list to show the message beside: asked for again below.
            del self.errors["found_at"]
        status = cleaned.get("status")
        if status == CLOSED and not cleaned.get("outcome") and "outcome" not in self.errors:
            self.add_error("outcome", "Select how it ended")
        if status != CLOSED:
            cleaned["outcome"] = ""
        cleaned["details"] = {}
        chosen = self.workflow.outcome(cleaned.get("outcome") or "")
        if status == CLOSED and chosen is not None:
            details: dict = {}
            if FOUND_ON_ROLL in chosen.needs:
                details.update(self._found_at(cleaned))
                details["found_on"] = cleaned.get("found_on")
            if MOVED_LA in chosen.needs:
                details["moved_to"] = cleaned.get("moved_to") or ""
                details["moved_la_told_on"] = cleaned.get("moved_la_told_on")
            errors = self.episode.closure_errors(
                chosen.value, notes=cleaned.get("notes", ""), details=details
            )
            self.add_closure_errors(errors)
            cleaned["details"] = details
        return cleaned

    def add_closure_errors(self, errors: dict[str, str]) -> None:
        """Each missing detail's message on its field, unless the field has
        one already (a date that is not a real date keeps its own)."""
        for detail, message in errors.items():
            field = self._field_for(detail)
            if field not in self.errors:
                self.add_error(field, message)


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
        super().clean()
        cleaned = self.cleaned_data
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
        cast(GovukDateField, self.fields["taken_on"]).min_date = episode.opened_on


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
        self.fields["owner"].queryset = la_staff_choices(child)  # type: ignore[attr-defined]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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
