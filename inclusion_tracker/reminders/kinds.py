"""The reminder e-mails the service sends: who gets each one, what it is for,
and whether the user may turn it off. The account page and the daily command
read this table; adding a reminder means adding a row here.

Reminders to schools about a part-time timetable are not optional: a
part-time timetable must have a time limit by which the pupil is expected to
attend full time and be reviewed regularly ("Working together to improve
school attendance", DfE, 2024; see notifications/journeys/part_time.py), and
one e-mail for each review date and end date is the least that keeps a plan
from being forgotten. The
officers' daily digest and the managers' weekly summary repeat what the
worklists show, so each user may turn them off.
"""

from dataclasses import dataclass

from django.db import models

from inclusion_tracker.core.permissions import LA_ACCESS, MANAGE_TEAM, SCHOOL_ACCESS


class ReminderKind(models.TextChoices):
    REVIEW_DUE = "review_due", "Part-time timetable review due"
    PAST_END_DATE = "past_end_date", "Part-time timetable past its end date"
    DAILY_DIGEST = "daily_digest", "Daily list of your overdue work"
    WEEKLY_SUMMARY = "weekly_summary", "Weekly summary of unassigned and overdue work"
    RECEIPT = "receipt", "Receipt for a notification you sent"
    CME_OPENED = "cme_opened", "A child removed from roll with no known destination"
    CLOSURE_APPROVAL = "closure_approval", "A CME enquiry closure awaiting your approval"
    HANDOVER = "handover", "A child's case handed over between local authorities"


@dataclass(frozen=True)
class KindInfo:
    kind: ReminderKind
    # What the account page says about it.
    description: str
    # The permission a user needs to be sent it.
    permission: str
    optional: bool

    @property
    def label(self) -> str:
        return self.kind.label

    def is_for(self, user) -> bool:
        return user.is_active and user.has_perm(self.permission)


KINDS: tuple[KindInfo, ...] = (
    KindInfo(
        ReminderKind.REVIEW_DUE,
        "When a part-time timetable at your school is due for review within the next "
        "few school days. We send one for each review date.",
        SCHOOL_ACCESS,
        optional=False,
    ),
    KindInfo(
        ReminderKind.PAST_END_DATE,
        "When a part-time timetable at your school has passed its end date and nobody "
        "has recorded that it ended or was extended.",
        SCHOOL_ACCESS,
        optional=False,
    ),
    KindInfo(
        ReminderKind.DAILY_DIGEST,
        "Each working day when something in your caseload is overdue: reviews, plans "
        "past their end date, CME enquiries open too long and health-needs absences "
        "past 15 school days.",
        LA_ACCESS,
        optional=True,
    ),
    KindInfo(
        ReminderKind.WEEKLY_SUMMARY,
        "Each Monday (or the first working day of the week): how much work is "
        "unassigned and how much is overdue across the team.",
        MANAGE_TEAM,
        optional=True,
    ),
    KindInfo(
        ReminderKind.RECEIPT,
        "A receipt each time you send a notification.",
        SCHOOL_ACCESS,
        optional=False,
    ),
    KindInfo(
        ReminderKind.CME_OPENED,
        "At once, when a school removes a child from its roll without knowing where the child "
        "is going: a children missing education enquiry has been opened.",
        LA_ACCESS,
        optional=False,
    ),
    KindInfo(
        ReminderKind.CLOSURE_APPROVAL,
        "When an officer asks to close a CME enquiry with the child's whereabouts unknown.",
        MANAGE_TEAM,
        optional=False,
    ),
    KindInfo(
        ReminderKind.HANDOVER,
        "When another local authority hands a child's case over to yours, and when the "
        "authority you handed a case over to accepts or declines it.",
        LA_ACCESS,
        optional=False,
    ),
)
BY_KIND = {info.kind: info for info in KINDS}
OPTIONAL_KINDS = tuple(info.kind for info in KINDS if info.optional)

ALWAYS_EMAILS = (
    "Password reset links you ask for, and a message when someone invites you or "
    "gives you access to another establishment."
)


def kinds_for(user) -> list[KindInfo]:
    """The reminders this user can be sent, by their role."""
    return [info for info in KINDS if info.is_for(user)]
