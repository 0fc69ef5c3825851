"""Children, episodes and notifications for the suggestion tests."""

from datetime import date

from django.db import models

from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.notifications.models import (
    Kind,
    Notification,
    OtherMissingEducation,
    PartTimeTimetable,
    RemovalFromRoll,
)
from inclusion_tracker.referrals.suggestions import suggestions_for

TODAY = date(2026, 3, 2)
TEN_YEAR_OLD = date(2015, 9, 1)

DETAILS: dict[str, tuple[type[models.Model], str]] = {
    Kind.PART_TIME_TIMETABLE: (PartTimeTimetable, "reason"),
    Kind.OTHER_MISSING_EDUCATION: (OtherMissingEducation, "reason"),
    Kind.REMOVAL_FROM_ROLL: (RemovalFromRoll, "ground"),
}


def child_with(**fields):
    return ChildFactory(**{"date_of_birth": TEN_YEAR_OLD, **fields})


def open_episode(child, kind, *, closed=False):
    return Episode.objects.create(child=child, kind=kind, status=CLOSED if closed else "")


def notified_episode(child, kind, reason, *, by, closed=False):
    """An episode of `kind` opened from a school's notification giving `reason`
    (a part-time timetable's or other missing education's reason, or a
    removal's ground)."""
    notification = Notification.start(kind=kind, user=by, establishment=by.establishments.first())
    model, field = DETAILS[kind]
    model._default_manager.create(notification=notification, **{field: reason})
    episode = open_episode(child, EpisodeKind(kind), closed=closed)
    episode.notifications.add(notification)
    return episode


def suggested(child, today=TODAY) -> dict[str, list[str]]:
    """Service name -> reasons, in the order suggested."""
    return {
        suggestion.service.name: suggestion.reasons
        for suggestion in suggestions_for(child, today=today)
    }
