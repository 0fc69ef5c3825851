"""Casework's part in what lower apps do (see core/signals.py); connected in
CaseworkConfig.ready()."""

from typing import Any

from django.dispatch import receiver

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework import intake
from inclusion_tracker.casework.access import can_decide_closures
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.signals import cme_enquiry_opened
from inclusion_tracker.core.signals import home_page_shown
from inclusion_tracker.notifications.models import Notification
from inclusion_tracker.notifications.signals import notification_sent, timetable_reviewed
from inclusion_tracker.school_calendar.signals import school_days_changed


@receiver(notification_sent, dispatch_uid="casework-open-at-send")
def open_what_cannot_wait(sender, *, notification, request, **kwargs) -> None:
    """A removal with no known destination opens a CME enquiry (or an
    early-years episode) as it is sent, audited, and officers are told."""
    follow_up = intake.open_at_send(notification, by=request.user)
    if follow_up is None:
        return
    AuditEvent.objects.record(
        request,
        action=Action.CREATE,
        obj=follow_up,
        child=follow_up.child,
        summary=f"Opened {follow_up.get_kind_display()} when notification "
        f"{notification.reference} was sent, with no known destination",
    )
    if follow_up.kind == EpisodeKind.CME_ENQUIRY:
        cme_enquiry_opened.send(sender=Episode, notification=notification, episode=follow_up)


@receiver(timetable_reviewed, dispatch_uid="casework-apply-review")
def apply_review(sender, *, review, by, **kwargs) -> None:
    intake.apply_timetable_review(review, by=by)


@receiver(school_days_changed, dispatch_uid="casework-refresh-duty-dates")
def refresh_duty_dates(sender, **kwargs) -> None:
    """The day each open health-needs absence reaches 15 school days moves
    with the new term dates."""
    Episode.objects.refresh_duty_dates()


@receiver(home_page_shown, dispatch_uid="casework-home-page")
def home_page_counts(sender, *, user, **kwargs) -> dict[str, Any]:
    """LA staff's home page: notifications to triage, their caseload and, for
    team managers, closures awaiting approval; each of their own local
    authorities only."""
    if not user.is_la_staff:
        return {}
    episodes = Episode.objects.visible_to(user)
    context: dict[str, Any] = {
        "to_triage": Notification.objects.visible_to(user).filter(child__isnull=True).count(),
        "caseload": episodes.caseload(user).count(),
    }
    if can_decide_closures(user):
        context["awaiting_approval"] = episodes.awaiting_approval().count()
    return context
