"""Forms for recording a referral, changing its status and editing its
details. The rules themselves are the model's (`Referral.clean`,
`Referral.status_change_errors`); the forms ask the questions and put each
message beside its field."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from inclusion_tracker.core.concurrency import VersionedModelForm
from inclusion_tracker.core.forms import GovukDateField
from inclusion_tracker.referrals.models import MadeBy, Referral
from inclusion_tracker.referrals.statuses import STATUSES
from inclusion_tracker.support.models import Service

YES_NO = [("yes", "Yes"), ("no", "No")]


class EpisodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, episode):
        return f"{episode.get_kind_display()}, opened {episode.opened_on.day} {episode.opened_on:%B %Y}"


def _made_on_field():
    return GovukDateField(
        label="Date the referral was made",
        help_text="For example, 27 3 2026",
        name_in_errors="date the referral was made",
        must_be_today_or_in_past=True,
    )


def _consent_date_field():
    return GovukDateField(
        label="Date the parent consented",
        help_text="If they consented. For example, 20 3 2026",
        name_in_errors="date the parent consented",
        must_be_today_or_in_past=True,
        required=False,
    )


class ConsentFields(forms.Form):
    """The consent questions, shared by the record and edit forms."""

    def clean_parent_consented(self):
        return self.cleaned_data["parent_consented"] == "yes"

    def _model_errors(self, referral: Referral) -> None:
        """The model's rules, each message put on its field of this form."""
        try:
            referral.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    if target is None or target not in self.errors:
                        self.add_error(target, message)


def _consent_question():
    return forms.ChoiceField(
        label="Did the parent consent to the referral?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the parent consented to the referral"},
    )


def _safeguarding_field():
    return forms.CharField(
        label="Safeguarding reason for referring without consent",
        help_text="Only if the parent did not consent",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


def _made_by_field():
    return forms.ChoiceField(
        label="Who made the referral?",
        choices=MadeBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the referral"},
    )


def _notes_field():
    return forms.CharField(
        label="Notes (optional)",
        help_text="For the local authority only: schools never see these",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ReferralForm(ConsentFields):
    """Record a referral from one of the child's open episodes to a service
    still offered."""

    episode = EpisodeChoiceField(
        label="Which episode is the referral part of?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the episode the referral is part of",
            "invalid_choice": "Select one of the child's open episodes",
        },
    )
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        empty_label="Select a service",
        error_messages={
            "required": "Select the service the child was referred to",
            "invalid_choice": "Select a service that is still offered",
        },
    )
    made_on = _made_on_field()
    made_by = _made_by_field()
    parent_consented = _consent_question()
    consent_date = _consent_date_field()
    safeguarding_reason = _safeguarding_field()
    notes = _notes_field()

    def __init__(self, *args, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["episode"]).queryset = episodes
        cast(
            forms.ModelChoiceField, self.fields["service"]
        ).queryset = Service.objects.offered().order_by("name")

    def clean(self):
        cleaned = super().clean() or {}
        if "parent_consented" in cleaned and "made_on" in cleaned:
            self._model_errors(self.referral(recorded_by=None))
        return cleaned

    def referral(self, **extra) -> Referral:
        """An unsaved referral with the answers."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "episode": data.get("episode"),
            "service": data.get("service"),
            "made_on": data.get("made_on"),
            "made_by": data.get("made_by", ""),
            "parent_consented": data.get("parent_consented"),
            "consent_date": data.get("consent_date"),
            "safeguarding_reason": (data.get("safeguarding_reason") or "").strip(),
            "notes": (data.get("notes") or "").strip(),
        }
        return Referral(**values, **extra)

    def fields_for_record(self) -> dict:
        """The answers, as `Referral.objects.record` takes them."""
        data = self.cleaned_data
        return {
            "episode": data["episode"],
            "service": data["service"],
            "made_on": data["made_on"],
            "made_by": data["made_by"],
            "parent_consented": data["parent_consented"],
            "consent_date": data["consent_date"] if data["parent_consented"] else None,
            "safeguarding_reason": (
                "" if data["parent_consented"] else data["safeguarding_reason"].strip()
            ),
            "notes": data["notes"].strip(),
        }


class ReferralEditForm(VersionedModelForm):
    """A referral's details, not its service or episode (a referral to another
    service is another referral) nor its status (its own page)."""

    also_tracked = ("status",)

    made_on = _made_on_field()
    made_by = _made_by_field()
    parent_consented = _consent_question()
    consent_date = _consent_date_field()
    safeguarding_reason = _safeguarding_field()
    notes = _notes_field()

    class Meta:
        model = Referral
        fields = [
            "made_on",
            "made_by",
            "parent_consented",
            "consent_date",
            "safeguarding_reason",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Asked as Yes/No radios rather than a tick box.
            self.initial["parent_consented"] = "yes" if self.instance.parent_consented else "no"

    def clean_parent_consented(self):
        return self.cleaned_data["parent_consented"] == "yes"

    def display_parent_consented(self, instance) -> str:
        return "Yes" if instance.parent_consented else "No"

    def display_status(self, instance) -> str:
        return instance.status_label

    def save(self, commit=True):
        referral = self.instance
        referral.safeguarding_reason = referral.safeguarding_reason.strip()
        referral.notes = referral.notes.strip()
        return super().save(commit=commit)


class StatusForm(forms.Form):
    """The new status (only the ones allowed from here), the day it changed and
    the outcome. `version` says which version the user saw."""

    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the new status",
            "invalid_choice": "Select one of the statuses shown",
        },
    )
    on = GovukDateField(
        label="Date of the change",
        help_text="The day the service accepted, declined or finished, or the referral was "
        "withdrawn. For example, 27 3 2026",
        name_in_errors="date of the change",
        must_be_today_or_in_past=True,
    )
    outcome = forms.CharField(
        label="Outcome",
        help_text="Needed when the service declined the referral or the work is completed",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (info.value, info.label) for info in referral.allowed_statuses()
        ]
        self.fields["version"].initial = referral.version

    def clean(self):
        cleaned = super().clean() or {}
        to = cleaned.get("status")
        if to in STATUSES:
            errors = self.referral.status_change_errors(
                to, cleaned.get("on"), cleaned.get("outcome", "")
            )
            for field, message in errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned
