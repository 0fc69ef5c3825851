"""The worklists' team manager's bulk assignment (POST); the filters (GET) are
`casework/filters.py`."""

from typing import cast

from django import forms

from inclusion_tracker.accounts.models import User
from inclusion_tracker.casework.models import Episode

UNASSIGNED = "unassigned"


def la_staff(codes):
    """Who episodes of the children of these local authorities can be
    assigned to: their active staff (`UserQuerySet.in_local_authorities`)."""
    return User.objects.la_staff().in_local_authorities(codes)


def staff_choices(staff) -> list[tuple[str, str]]:
    return [(str(user.pk), str(user)) for user in staff]


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
    """A team manager's assignment of the ticked rows, among `episodes` (those
    the manager may see) to one of `staff`. `episodes` cleans to
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

    def __init__(self, *args, staff, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        # The episodes the user may see: another LA's cannot be ticked.
        self.visible = episodes
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            ("", "Select someone"),
            (UNASSIGNED, "Unassigned"),
            *staff_choices(staff),
        ]

    def clean_episodes(self):
        chosen = self.cleaned_data["episodes"]
        found = {episode.pk: episode for episode in self.visible.filter(pk__in=chosen)}
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
