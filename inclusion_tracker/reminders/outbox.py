"""Writing e-mails to the outbox (`Reminder` rows) and queueing them.

Every e-mail the service sends on its own goes through here: a row is
created once for (kind, recipient, key) in the caller's transaction, and the
sending task (`tasks.send_reminder`) is enqueued only when that transaction
commits. So an e-mail exists exactly when what it is about was saved: a
notification rolled back leaves no receipt, and a committed one always has
its receipt (the daily command enqueues any row still waiting, should the
process stop between the commit and the enqueue).
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.handovers.models import team_of
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder


def link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def first_name_and_initial(child) -> str:
    """How an e-mail names a child: first name and the last name's initial
    ("Amelia K."), never the full name, a UPN or a date of birth."""
    first = child.preferred_first_name or child.legal_first_name
    last = child.preferred_last_name or child.legal_last_name
    return f"{first} {last[:1]}.".strip() if last else first


def create_once(
    kind, recipient, key: str, about_date: date, template: str, context: dict, **fields
) -> tuple[Reminder | None, bool]:
    """The reminder for (kind, recipient, key), created from the template
    (first line: subject; the rest: body) unless it exists. (reminder, created)."""
    values = {"service_name": settings.SERVICE_NAME, "la_name": settings.LA_NAME, **context}
    subject, _, body = render_to_string(template, values).partition("\n")
    try:
        with transaction.atomic():
            return Reminder.objects.get_or_create(
                kind=kind,
                recipient=recipient,
                key=key,
                defaults={
                    "about_date": about_date,
                    "subject": subject.strip()[:200],
                    "body": body.strip() + "\n",
                    **fields,
                },
            )
    except IntegrityError:  # created at the same moment by someone else
        return None, False


def send_after_commit(reminder: Reminder) -> None:
    """Enqueue sending once the current transaction commits."""
    from inclusion_tracker.reminders.tasks import send_reminder

    def enqueue():
        Reminder.objects.filter(pk=reminder.pk).update(enqueued_at=timezone.now())
        send_reminder.enqueue(reminder.pk)

    transaction.on_commit(enqueue)


def queue(kind, recipient, key: str, template: str, context: dict, **fields) -> Reminder | None:
    reminder, created = create_once(
        kind, recipient, key, timezone.localdate(), template, context, **fields
    )
    if created and reminder is not None:
        send_after_commit(reminder)
    return reminder


def queue_receipt(notification) -> Reminder | None:
    """The school's receipt for a notification it sent. Names the child by
    first name and initial only."""
    return queue(
        ReminderKind.RECEIPT,
        notification.submitted_by,
        f"notification-{notification.pk}",
        "notifications/email/receipt.txt",
        {
            "notification": notification,
            "phone": settings.INCLUSION_SERVICE_PHONE,
            "link": link(reverse("notifications:detail", args=[notification.reference])),
        },
    )


def cme_alert_recipients(la_code: str):
    """Who is told at once about a child missing education: the active
    officers and team managers of the child's local authority."""
    return (
        User.objects.in_local_authority(la_code)
        .filter(is_active=True, groups__name__in=(Role.INCLUSION_OFFICER, Role.TEAM_MANAGER))
        .distinct()
    )


def queue_cme_opened(notification, enquiry) -> list[Reminder]:
    """Tell the officers and managers of the child's LA that a CME enquiry
    was opened when a school removed a child with no known destination."""
    context = {
        "notification": notification,
        "enquiry": enquiry,
        "child": notification.child_first_name_and_initial,
        "link": link(enquiry.get_absolute_url()),
        "worklist": link(reverse("casework:worklist", args=["no-destination"])),
    }
    queued = []
    for user in cme_alert_recipients(enquiry.child.local_authority_id):
        reminder = queue(
            ReminderKind.CME_OPENED,
            user,
            f"notification-{notification.pk}",
            "reminders/email/cme_opened.txt",
            context,
            episode=enquiry,
        )
        if reminder is not None:
            queued.append(reminder)
    return queued


def queue_closure_approval(episode, child_name: str) -> list[Reminder]:
    """Tell the team managers of the child's local authority that closing a
    CME enquiry with the child's whereabouts unknown awaits their approval."""
    requested = episode.closure_requested_at or timezone.now()
    context = {
        "episode": episode,
        "child": child_name,
        "requested_by": episode.closure_requested_by,
        "link": link(reverse("casework:episode-approval", args=[episode.pk])),
    }
    managers = (
        User.objects.in_local_authority(episode.child.local_authority_id)
        .filter(is_active=True, groups__name=Role.TEAM_MANAGER)
        .distinct()
    )
    queued = []
    for manager in managers:
        reminder = queue(
            ReminderKind.CLOSURE_APPROVAL,
            manager,
            f"episode-{episode.pk}-requested-{requested.isoformat()}",
            "reminders/email/closure_approval.txt",
            context,
            episode=episode,
        )
        if reminder is not None:
            queued.append(reminder)
    return queued


# What each step of a handover tells the other side, and who that is: the
# receiving LA's team when it is sent, the sender's when it is decided.
HANDOVER_STEPS = {
    "waiting": ("reminders/email/handover_sent.txt", "to_la_id"),
    "accepted": ("reminders/email/handover_accepted.txt", "from_la_id"),
    "declined": ("reminders/email/handover_declined.txt", "from_la_id"),
}


def queue_handover(handover, step: str) -> list[Reminder]:
    """Tell the other local authority's officers and team managers about a
    step of a handover between two LAs in the service (handovers/models.py
    `team_of`: whose `local_authority` is that LA). Names the child by first
    name and initial only."""
    template, side = HANDOVER_STEPS[step]
    context = {
        "handover": handover,
        "child": first_name_and_initial(handover.child),
        "link": link(handover.get_absolute_url()),
    }
    queued = []
    for user in team_of(getattr(handover, side)):
        reminder = queue(
            ReminderKind.HANDOVER,
            user,
            f"handover-{handover.pk}-{step}",
            template,
            context,
            episode=handover.episode,
        )
        if reminder is not None:
            queued.append(reminder)
    return queued
