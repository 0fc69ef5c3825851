"""A referral's statuses and the changes allowed between them: one table,
read by the Referral model, its forms and its pages.

    made ──> accepted ──> completed
      │         └───────> withdrawn
      ├──> declined
      └──> withdrawn

Declined, completed and withdrawn are final: a referral is not reopened. A
service asked again (after a decline, or once a first piece of work has
finished) is a new referral, with its own date, consent and history, so each
referral's history says what really happened.

The table is checked by the machinery shared with the episodes' workflows
(core/workflow.py: `CHANGES`, which refuses with TransitionNotAllowed).
"""

from dataclasses import dataclass

from django.db import models

from inclusion_tracker.core.workflow import Transitions


class ReferralStatus(models.TextChoices):
    MADE = "made", "Made"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


@dataclass(frozen=True)
class StatusInfo:
    value: str
    label: str
    tag_colour: str  # a GOV.UK tag modifier
    # Still waiting on, or being worked on by, the service.
    open: bool
    # Changing to this status needs the outcome written down.
    needs_outcome: bool = False


STATUSES: dict[str, StatusInfo] = {
    info.value: info
    for info in (
        StatusInfo(ReferralStatus.MADE, "Made", "blue", open=True),
        StatusInfo(ReferralStatus.ACCEPTED, "Accepted", "turquoise", open=True),
        StatusInfo(ReferralStatus.DECLINED, "Declined", "orange", open=False, needs_outcome=True),
        StatusInfo(ReferralStatus.COMPLETED, "Completed", "green", open=False, needs_outcome=True),
        StatusInfo(ReferralStatus.WITHDRAWN, "Withdrawn", "grey", open=False),
    )
}

# status -> the statuses it may change to. Closed statuses change to nothing.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.MADE: (
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    ),
    ReferralStatus.ACCEPTED: (ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN),
    ReferralStatus.DECLINED: (),
    ReferralStatus.COMPLETED: (),
    ReferralStatus.WITHDRAWN: (),
}

# The table with the statuses' labels: what may change to what, and why not.
CHANGES = Transitions(
    TRANSITIONS,
    {value: info.label for value, info in STATUSES.items()},
    subject="The referral's status",
)

OPEN_STATUSES: tuple[str, ...] = tuple(value for value, info in STATUSES.items() if info.open)
