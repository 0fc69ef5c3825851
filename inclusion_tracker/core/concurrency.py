"""No silent overwrite: a form refuses to save over someone else's change.

A model taking part has a `version` field that goes up by one on every save.
`VersionedModelForm` carries, in a signed hidden field, the version and the
values the user saw when the page was loaded. When the record's version has
moved on by the time they save, the form is invalid:

- the error says who changed it and what changed (their value before and after),
  field by field (`form.conflicts`);
- everything the user typed stays in the form;
- the hidden field now holds the latest version, so saving again is a
  deliberate choice to put their values over the other person's.

The conflict compares the form's fields. A form may list in `also_tracked`
other attributes of the record that the user relies on but cannot edit there
(an episode's status, say), so a change to one of them alone still shows
what changed; a `display_<name>(instance)` method on the form says how to
show each (otherwise its value as text), labelled with the model field's
verbose name.

Views save inside `transaction.atomic()` after locking the row
(`lock_for_update`) so two saves cannot both pass the check.

A unique value (a child's UPN, say) can still be taken by someone else
between the form's check and the save: the database refuses the save with an
IntegrityError. The view saves in a savepoint (`transaction.atomic()`),
catches the error outside it and asks `invalid_on_second_look(form)`: checked
again, the form now has its ordinary error for a value already taken, and the
page is shown again with it and everything the user typed.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast

from django import forms
from django.core import signing
from django.http import QueryDict

SALT = "inclusion_tracker.core.concurrency"


@dataclass(frozen=True)
class Conflict:
    label: str
    was: str
    now: str


def invalid_on_second_look(form) -> bool:
    """After the database refused to save what `form` passed: check the form
    again and say whether it is now invalid (someone else saved the same
    unique value in between, and the form's own check now finds it). False
    means the refusal was something else, which the caller raises."""
    form.full_clean()
    return not form.is_valid()


def lock_for_update(instance):
    """Reload `instance` locked until the end of the transaction."""
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def _display(form, name, instance) -> str:
    # A form may say how to show a field that is not a plain model field
    # (`display_flags(instance)` for a list of flags, say).
    custom = getattr(form, f"display_{name}", None)
    if custom is not None:
        return custom(instance)
    value = getattr(instance, name, None)
    if name not in form.fields:  # one of `also_tracked`
        return "(blank)" if value in (None, "") else str(value)
    field = form.fields[name]
    if hasattr(value, "pk"):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices and value not in (None, ""):
        return str({str(key): label for key, label in choices}.get(str(value), value))
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


class VersionedModelForm(forms.ModelForm):
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    # Attributes of the record that are not fields of the form but whose
    # change by someone else the conflict should show too (see the module's
    # docstring).
    also_tracked: tuple[str, ...] = ()

    # Who saved last, for the message; views may set it.
    conflict_message = (
        "Someone else changed this record after you opened this page. "
        "Their changes are shown below and yours have not been saved yet. "
        "Check your answers and save again to keep yours."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts: list[Conflict] = []
        if self.instance.pk:
            self.fields["loaded_state"].initial = self.state_of(self.instance)

    def tracked_fields(self):
        fields = [name for name in self.fields if name != "loaded_state"]
        return fields + [name for name in self.also_tracked if name not in fields]

    def tracked_label(self, name: str) -> str:
        if name in self.fields:
            return str(self.fields[name].label or name)
        label = str(self.instance._meta.get_field(name).verbose_name)
        return label[:1].upper() + label[1:]

    def state_of(self, instance) -> str:
        values = {name: _display(self, name, instance) for name in self.tracked_fields()}
        return signing.dumps({"version": instance.version, "values": values}, salt=SALT)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        current = type(self.instance).objects.get(pk=self.instance.pk)
        try:
            loaded = signing.loads(self.data.get(self.add_prefix("loaded_state"), ""), salt=SALT)
        except signing.BadSignature:
            loaded = {"version": None, "values": {}}
        if loaded["version"] == current.version:
            return cleaned
        self.conflicts = [
            Conflict(self.tracked_label(name), loaded["values"].get(name, ""), now)
            for name in self.tracked_fields()
            if (now := _display(self, name, current)) != loaded["values"].get(name)
        ]
        self.add_error(None, self.conflict_message)
        # The next save is a deliberate choice over the latest version.
        data = cast(QueryDict, self.data).copy()
        data[self.add_prefix("loaded_state")] = self.state_of(current)
        self.data = data
        self.instance.version = current.version
        return cleaned

    @property
    def changed_fields(self) -> list[str]:
        """The names of the fields the user changed (never their values)."""
        return [name for name in self.changed_data if name != "loaded_state"]

    def changed_labels(self) -> list[str]:
        """The labels of the fields the user changed, for a history entry."""
        return [str(self.fields[name].label).lower() for name in self.changed_fields]

    def save(self, commit=True):
        self.instance.version = (self.instance.version or 0) + 1
        return super().save(commit=commit)
