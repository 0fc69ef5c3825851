"""Statuses and the changes allowed between them, as data: the small machinery
shared by each episode kind's workflow (casework/episode_kinds.py) and a
referral's statuses (referrals/statuses.py).

A table maps each status to the statuses it may change to; `Transitions`
answers what is allowed from a status and says, in the user's words, why a
change is not. A refused change raises `TransitionNotAllowed`, the one
exception for it, whatever the record: the model method making the change
raises it and the page shows its message.

    transitions = Transitions(
        {"open": ("closed",), "closed": ("open",)},
        labels={"open": "Open", "closed": "Closed"},
    )
    transitions.check("open", "closed")  # allowed: returns
    transitions.check("open", "open")  # TransitionNotAllowed: "The status
    # cannot change from ‘Open’ to ‘Open’"
"""

from collections.abc import Mapping
from dataclasses import dataclass


class TransitionNotAllowed(Exception):
    """A status change the record's rules do not allow; the message says why,
    for the user."""


@dataclass(frozen=True)
class Transitions:
    # status -> the statuses it may change to (none: a final status).
    table: Mapping[str, tuple[str, ...]]
    # status -> what the pages call it, for the refusal's message.
    labels: Mapping[str, str]
    # What changes, as the refusal's message names it.
    subject: str = "The status"

    def allowed(self, current: str) -> tuple[str, ...]:
        """The statuses `current` may change to."""
        return self.table.get(current, ())

    def refusal(self, current: str, to: str) -> str:
        """Why `current` may not change to `to`; "" when it may."""
        if to in self.allowed(current):
            return ""
        return f"{self.subject} cannot change from ‘{self.label(current)}’ to ‘{self.label(to)}’"

    def check(self, current: str, to: str) -> None:
        """Raise TransitionNotAllowed, with its reason, unless `current` may
        change to `to`."""
        refusal = self.refusal(current, to)
        if refusal:
            raise TransitionNotAllowed(refusal)

    def label(self, status: str) -> str:
        """The status's label, or the value itself for a status the table
        does not know (a change asked for by a stale or crafted form)."""
        return self.labels.get(status, status)
