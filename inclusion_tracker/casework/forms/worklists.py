"""The worklists' forms: the filters (GET) and a team manager's bulk assignment (POST)."""

from typing import cast

from django import forms

from inclusion_tracker.accounts.models import User
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.worklists import FILTER_FLAGS
from inclusion_tracker.children.flags import FLAGS

UNASSIGNED = "unassigned"


def la_staff():
    """Who episodes can be assigned to: active local authority staff."""
    return User.objects.la_staff()


def staff_choices(staff) -> list[tuple[str, str]]:
    return [(str(user.pk), str(user)) for user in staff]


class WorklistFilterForm(forms.Form):
    """Read leniently: a value that is not one of the choices is ignored."""

    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *EpisodeKind.choices]
    )
    owner = forms.ChoiceField(label="Owner", required=False)
    establishment = forms.CharField(
        label="Establishment",
        required=False,
        max_length=100,
        help_text="Name, URN or DfE number",
    )
    flags = forms.MultipleChoiceField(
        label="Flags",
        choices=[(flag.field, flag.label) for flag in FLAGS if flag.field in FILTER_FLAGS],
        required=False,
        help_text="Children with any of these",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, staff_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        owner = cast(forms.ChoiceField, self.fields["owner"])
        owner.choices = [("", "Anyone"), (UNASSIGNED, "Unassigned"), *staff_choices]

    def filters(self) -> dict:
        """The valid filters chosen; invalid ones are dropped."""
        if not self.is_bound:
            return {}
        self.is_valid()
        chosen = {}
        for name in self.fields:
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, str):
                value = value.strip()
            if value:
                chosen[name] = value
        return chosen


class EpisodeIdsField(forms.Field):
    """The ticked rows, each "episode id:version" (the version the page
    showed, so a row someone changed since is not overwritten): a dict of
    episode id to version."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "required": "Select at least one episode",
        "invalid": "Select episodes from the list",
    }

    def to_python(self, value):
        if not value:
            return {}
        if not isinstance(value, list | tuple):
            value = [value]
        chosen: dict[int, int] = {}
        try:
            for item in value:
                pk, version = str(item).split(":")
                chosen[int(pk)] = int(version)
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return chosen


class BulkAssignForm(forms.Form):
    """A team manager's assignment of the ticked rows. `episodes` cleans to
    [(episode, the version the page showed)]; the view assigns, under lock,
    only those still open at that version (`assignable`)."""

    episodes = EpisodeIdsField(label="Episodes")
    owner = forms.ChoiceField(
        label="Assign to",
        error_messages={
            "required": "Select who to assign the episodes to",
            "invalid_choice": "Select who to assign the episodes to",
        },
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            ("", "Select someone"),
            (UNASSIGNED, "Unassigned"),
            *staff_choices(staff),
        ]

    def clean_episodes(self):
        chosen = self.cleaned_data["episodes"]
        found = {episode.pk: episode for episode in Episode.objects.filter(pk__in=chosen)}
        # Only open episodes are listed: a closed one is selectable only if it
        # was open when the page was shown (it has changed since).
        if len(found) != len(chosen) or any(
            found[pk].is_closed and found[pk].version == version for pk, version in chosen.items()
        ):
            raise forms.ValidationError(self.fields["episodes"].error_messages["invalid"])
        return [(found[pk], version) for pk, version in chosen.items()]

    def clean_owner(self):
        value = self.cleaned_data["owner"]
        return None if value == UNASSIGNED else self.staff[value]


def assignable(locked: Episode, shown_version: int) -> bool:
    """Whether a ticked row may be assigned: still open and unchanged since
    the page showed it."""
    return not locked.is_closed and locked.version == shown_version
