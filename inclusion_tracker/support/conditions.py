"""What a suggestion rule (`SuggestionRule`) can look at on a child's record.

A rule has one condition: the child has a flag (`children/flags.py`), the
child's age is in a range, the child has an open episode of a kind
(`casework/episode_kinds.py`), or an open episode came from a school's
notification that gave a reason (the structured reasons on the notification's
details: a part-time timetable's reason, the reason for other missing out on
education, a removal from roll's deletion ground).

The lists are read from the modules that own them, so a new flag, episode kind
or notification reason can be chosen in a rule without changing this app.
"""

from dataclasses import dataclass

from django.db import models

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.notifications import deletion_grounds
from inclusion_tracker.notifications.models import OtherReason, PartTimeReason


class Condition(models.TextChoices):
    FLAG = "flag", "The child has a flag"
    AGE = "age", "The child's age is in a range"
    EPISODE_KIND = "episode_kind", "The child has an open episode of a kind"
    NOTIFICATION_REASON = (
        "notification_reason",
        "A school's notification on an open episode gives a reason",
    )


@dataclass(frozen=True)
class NotificationReason:
    code: str  # "<notification details>:<value>", stored on the rule
    label: str
    lookup: str  # from an Episode to the value, through its notifications
    value: str


def _reasons() -> tuple[NotificationReason, ...]:
    reasons = []
    for value, label in PartTimeReason.choices:
        reasons.append(
            NotificationReason(
                f"part_time_timetable:{value}",
                f"Part-time timetable: {label}",
                "notifications__part_time_timetable__reason",
                value,
            )
        )
    for value, label in OtherReason.choices:
        reasons.append(
            NotificationReason(
                f"other_missing_education:{value}",
                f"Other missing out on education: {label}",
                "notifications__other_missing_education__reason",
                value,
            )
        )
    for ground in deletion_grounds.GROUNDS:
        reasons.append(
            NotificationReason(
                f"removal_from_roll:{ground.letter}",
                f"Removal from roll, ground {ground.label}",
                "notifications__removal_from_roll__ground",
                ground.letter,
            )
        )
    return tuple(reasons)


NOTIFICATION_REASONS: tuple[NotificationReason, ...] = _reasons()
NOTIFICATION_REASONS_BY_CODE = {reason.code: reason for reason in NOTIFICATION_REASONS}
# The lookups `suggestions_for` reads from a child's open episodes, in one query.
NOTIFICATION_REASON_LOOKUPS: tuple[str, ...] = tuple(
    dict.fromkeys(reason.lookup for reason in NOTIFICATION_REASONS)
)

FLAG_CHOICES = tuple((flag.field, flag.label) for flag in FLAGS)
FLAG_LABELS = dict(FLAG_CHOICES)
EPISODE_KIND_CHOICES = tuple(EpisodeKind.choices)
EPISODE_KIND_LABELS = dict(EPISODE_KIND_CHOICES)
NOTIFICATION_REASON_CHOICES = tuple((reason.code, reason.label) for reason in NOTIFICATION_REASONS)
