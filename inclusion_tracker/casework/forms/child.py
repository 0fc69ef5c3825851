"""Forms on a child's page: changing their details (refused when someone
else saved first) and adding a note."""

from typing import cast

from django import forms
from django.utils.formats import date_format

from inclusion_tracker.children.forms import ChildForm
from inclusion_tracker.core.concurrency import VersionedModelForm

NOTE_MAX_LENGTH = 10_000

MESSAGES = {
    "note_required": "Enter the note",
    "note_too_long": f"The note must be {NOTE_MAX_LENGTH:,} characters or less",
    "episode": "Select an episode from the list",
}


class ChildEditForm(VersionedModelForm, ChildForm):
    """The child's details as ChildForm asks for them, refused when someone
    else saved the record after this page was opened (core/concurrency.py)."""

    class Meta(ChildForm.Meta):
        pass

    def display_flags(self, child) -> str:
        return ", ".join(flag.label for flag in child.flags) or "None"


def episode_label(episode) -> str:
    opened = date_format(episode.opened_on, "j F Y")
    closed = " (closed)" if episode.is_closed else ""
    return f"{episode.get_kind_display()}, opened {opened}{closed}"


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "required": MESSAGES["note_required"],
            "max_length": MESSAGES["note_too_long"],
        },
    )
    episode = forms.ChoiceField(
        label="About (optional)",
        help_text="Choose an episode if the note is about one",
        required=False,
        error_messages={"invalid_choice": MESSAGES["episode"]},
    )

    def __init__(self, *args, episodes=(), **kwargs):
        """`episodes`: the child's episodes, already loaded for the page."""
        super().__init__(*args, **kwargs)
        self.episodes = {str(episode.pk): episode for episode in episodes}
        cast(forms.ChoiceField, self.fields["episode"]).choices = [
            ("", "Not about one episode")
        ] + [(key, episode_label(episode)) for key, episode in self.episodes.items()]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(MESSAGES["note_required"], code="required")
        return text

    def clean_episode(self):
        return self.episodes.get(self.cleaned_data.get("episode") or "")
