"""The officer's question when linking a notification to a child's record."""

from django import forms

UPDATE_CHILD_REQUIRED = "Select yes if the child's record should be updated"


class LinkForm(forms.Form):
    """Link a notification to a child. When the notification's details differ
    from the record, ask whether to copy them onto it (flags are only added)."""

    update_child = forms.TypedChoiceField(
        label="Update the child's record with the notification's details?",
        help_text="Flags are only ever added to the record, never removed",
        choices=[(True, "Yes"), (False, "No")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": UPDATE_CHILD_REQUIRED},
    )

    # The version of the child's record the officer compared: linking is
    # refused if someone changes the record in between (intake.ChildChanged).
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, ask_update: bool = True, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        if not ask_update:
            del self.fields["update_child"]

    @property
    def should_update_child(self) -> bool:
        return bool(self.cleaned_data.get("update_child", False))
