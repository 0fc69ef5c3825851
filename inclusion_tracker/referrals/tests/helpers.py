"""Referrals for tests, made through the model's own `record` (so the rules
hold), and small helpers for the pages' forms."""

from datetime import date, timedelta

from django.utils import timezone

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.referrals.models import MadeBy, Referral
from inclusion_tracker.support.tests.factories import ServiceFactory


def open_episode(child=None, establishment=None, kind=EpisodeKind.PART_TIME_TIMETABLE, **fields):
    child = child or ChildFactory()
    return Episode.objects.create(child=child, kind=kind, establishment=establishment, **fields)


def make_referral(by, episode=None, service=None, made_on=None, **fields) -> Referral:
    made_on = made_on or timezone.localdate() - timedelta(days=3)
    values = {
        "made_by": MadeBy.LOCAL_AUTHORITY,
        "parent_consented": True,
        "consent_date": made_on,
        "safeguarding_reason": "",
        "notes": "",
    }
    values.update(fields)
    return Referral.objects.record(
        by=by,
        episode=episode or open_episode(),
        service=service or ServiceFactory(),
        made_on=made_on,
        **values,
    )


def date_parts(name: str, value: date | None) -> dict:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }
