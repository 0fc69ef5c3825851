"""Submitted notifications for casework tests, made directly (not through the
school's journey pages), with their detail rows."""

from datetime import date, timedelta

from django.db import models
from django.utils import timezone

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.notifications.models import (
    DestinationKnown,
    EarlyYearsMissing,
    Kind,
    Notification,
    OtherMissingEducation,
    OtherReason,
    PartTimeReason,
    PartTimeTimetable,
    RemovalFromRoll,
)

CHILD_DEFAULTS = {
    "first_name": "Amelia",
    "last_name": "Khan",
    "date_of_birth": date(2015, 3, 12),
    "address_line_1": "1 High Street",
    "town": "Leicester",
    "postcode": "LE1 2AB",
}


def detail_defaults(kind: str) -> dict:
    today = timezone.localdate()
    if kind == Kind.PART_TIME_TIMETABLE:
        return {
            "start_date": today - timedelta(days=7),
            "end_date": today + timedelta(days=35),
            "hours_per_week": 15,
            "full_time_hours": "32.5",
            "reason": PartTimeReason.HEALTH,
            "parent_agreed": True,
            "first_review_date": today + timedelta(days=14),
        }
    if kind == Kind.REMOVAL_FROM_ROLL:
        return {
            "ground": "I",
            "deletion_date": today + timedelta(days=14),
            "destination_known": DestinationKnown.KNOWN,
        }
    if kind == Kind.OTHER_MISSING_EDUCATION:
        return {
            "reason": OtherReason.HEALTH,
            "since": today - timedelta(days=3),
            "expected_to_miss_15_days": True,
        }
    return {"funded_hours": 15, "last_attended": today - timedelta(days=10)}


DETAIL_MODELS: dict[str, type[models.Model]] = {
    Kind.PART_TIME_TIMETABLE: PartTimeTimetable,
    Kind.REMOVAL_FROM_ROLL: RemovalFromRoll,
    Kind.OTHER_MISSING_EDUCATION: OtherMissingEducation,
    Kind.EARLY_YEARS: EarlyYearsMissing,
}


def submitted_notification(
    kind: str = Kind.PART_TIME_TIMETABLE,
    establishment=None,
    user=None,
    details: dict | None = None,
    submitted_at=None,
    **child_fields,
) -> Notification:
    """A submitted notification of `kind` with its detail row. `child_fields`
    are the Notification's own fields (first_name, upn, postcode, flags ...),
    over CHILD_DEFAULTS; `details` the detail row's, over detail_defaults."""
    if establishment is None:
        establishment = EstablishmentFactory()
    if user is None:
        user = UserFactory(role=Role.SCHOOL_USER, establishments=[establishment])
    notification = Notification.start(kind=kind, user=user, establishment=establishment)
    for name, value in {**CHILD_DEFAULTS, **child_fields}.items():
        setattr(notification, name, value)
    notification.save()
    DETAIL_MODELS[kind]._default_manager.create(
        notification=notification, **{**detail_defaults(kind), **(details or {})}
    )
    notification.submit(by=user)
    if submitted_at is not None:
        Notification.objects.filter(pk=notification.pk).update(submitted_at=submitted_at)
        notification.refresh_from_db()
    return notification
