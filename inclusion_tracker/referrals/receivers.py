"""Referrals' part in the pages and events of the apps below it (see
core/signals.py); connected in ReferralsConfig.ready()."""

from typing import Any

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse

from inclusion_tracker.casework import timeline
from inclusion_tracker.casework.signals import (
    child_page_shown,
    timeline_requested,
    worklists_page_shown,
)
from inclusion_tracker.casework.timeline import Entry
from inclusion_tracker.notifications.access import acts_for_the_school
from inclusion_tracker.notifications.signals import notification_page_shown
from inclusion_tracker.referrals.models import Referral, ReferralEvent
from inclusion_tracker.referrals.suggestions import suggestions_for


@receiver(child_page_shown, dispatch_uid="referrals-child-page")
def child_page(sender, *, child, **kwargs) -> dict[str, Any]:
    """The child's page: the services suggested for them and their referrals."""
    return {
        "suggestions": suggestions_for(child),
        "referrals": Referral.objects.for_child(child).select_related("service"),
    }


@receiver(worklists_page_shown, dispatch_uid="referrals-worklists")
def worklists_page(sender, *, user, today, **kwargs) -> dict[str, Any]:
    """The worklists page: how many of the user's local authorities'
    referrals are open too long."""
    return {
        "open_referrals": Referral.objects.visible_to(user).overdue(today).count(),
        "referral_threshold": settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS,
    }


@receiver(notification_page_shown, dispatch_uid="referrals-notification-page")
def notification_page(sender, *, notification, user, **kwargs) -> dict[str, Any]:
    """A school sees which services are involved with its pupil, and the
    status: never the LA's notes, consent or outcomes."""
    if not (notification.child_id and acts_for_the_school(user)):
        return {"pupil_referrals": None}
    return {
        "pupil_referrals": Referral.objects.for_school_user(user)
        .filter(episode__child_id=notification.child_id)
        .select_related("service")
        .order_by("-made_on", "-pk")
    }


@receiver(timeline_requested, dispatch_uid="referrals-timeline")
def timeline_source(sender, *, child, **kwargs) -> list[Entry]:
    return timeline_entries(child)


def timeline_entries(child) -> list[Entry]:
    """Each referral made, and each change of its status, with the day it happened."""
    rows = (
        ReferralEvent.objects.filter(referral__episode__child=child)
        .exclude(what=ReferralEvent.What.UPDATED)
        .select_related("referral__service", "by")
    )
    entries = []
    for event in rows:
        referral = event.referral
        if event.what == ReferralEvent.What.MADE:
            title = f"Referral to {referral.service.name} made"
            text = f"Made by {timeline.lower_first(referral.get_made_by_display())} on {timeline.day(event.on)}."
        else:
            title = f"Referral to {referral.service.name}: {event.to_label.lower()}"
            text = " ".join(part for part in (f"On {timeline.day(event.on)}.", event.notes) if part)
        entries.append(
            Entry(
                when=event.at,
                who=timeline.who(event.by),
                title=title,
                text=text,
                link=reverse("referrals:detail", args=[referral.pk]),
                kind="referral",
            )
        )
    return entries
