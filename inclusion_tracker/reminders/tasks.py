"""Sending reminders in the background (django-tasks; the worker is
`manage.py db_worker`).

`send_reminder` locks the reminder's row, sends it and marks it sent in the
same transaction, so two workers, or a retry of one already sent, never send
it twice. A failed send records the attempt and the error's class (never its
message, which may hold an address) and raises `ReminderNotSent`, which says
only the reminder's id, so the worker's log and the task result hold no
personal data. It is tried again, up to REMINDER_MAX_ATTEMPTS in all: after a
delay by the task itself when the backend can run tasks later (the database
backend can), and by the next run of `send_daily_reminders` in any case.

What cannot be ruled out: the mail server or Notify accepted the e-mail and
the database then failed before the transaction committed; the reminder is
then sent again on the next try. Everything else is sent at most once.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from inclusion_tracker.reminders.models import Reminder

logger = logging.getLogger(__name__)

# Wait before the task tries a failed reminder again: 10, 20, 40 ... minutes.
FIRST_RETRY_MINUTES = 10


class ReminderNotSent(Exception):
    """A reminder could not be sent; it will be tried again."""


@task()
def send_reminder(reminder_id: int, today: str | None = None) -> str:
    """Send one reminder unless it was sent already or is no longer needed
    on `today` (ISO date; default: today). Returns what happened."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    error_class = ""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("recipient", "episode")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return "missing"
        if reminder.status in (Reminder.Status.SENT, Reminder.Status.CANCELLED):
            return reminder.status
        if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
            return "given up"
        if not reminder.is_still_needed(day):
            reminder.status = Reminder.Status.CANCELLED
            reminder.save(update_fields=["status"])
            logger.info("Reminder %s not sent: no longer needed", reminder.pk)
            return reminder.status
        reminder.attempts += 1
        try:
            _send(reminder)
        except Exception as error:  # any failure of the mail server or Notify
            error_class = f"{type(error).__module__}.{type(error).__qualname__}"
            reminder.status = Reminder.Status.FAILED
            reminder.last_error = error_class[:200]
            reminder.save(update_fields=["status", "attempts", "last_error"])
        else:
            reminder.status = Reminder.Status.SENT
            reminder.sent_at = timezone.now()
            reminder.last_error = ""
            reminder.save(update_fields=["status", "attempts", "last_error", "sent_at"])
            logger.info("Reminder %s sent (%s)", reminder.pk, reminder.kind)
            return reminder.status
    # The failure is committed; now say so and maybe try again later.
    left = settings.REMINDER_MAX_ATTEMPTS - reminder.attempts
    logger.warning(
        "Reminder %s not sent (attempt %s, %s left): %s",
        reminder.pk,
        reminder.attempts,
        left,
        error_class,
    )
    if left > 0:
        _retry_later(reminder, today)
    raise ReminderNotSent(f"Reminder {reminder.pk} not sent: {error_class}") from None


def _send(reminder: Reminder) -> None:
    message = EmailMessage(
        subject=reminder.subject,
        body=reminder.body,
        to=[reminder.recipient.email],
        headers={"Reference": f"reminder-{reminder.pk}"},
    )
    message.send(fail_silently=False)


def _retry_later(reminder: Reminder, today: str | None) -> None:
    """Enqueue another try after a delay, when the backend can wait; else the
    next daily run tries again."""
    backend = send_reminder.get_backend()
    if not backend.supports_defer:
        return
    delay = timedelta(minutes=FIRST_RETRY_MINUTES * 2 ** (reminder.attempts - 1))
    send_reminder.using(run_after=timezone.now() + delay).enqueue(reminder.pk, today)
    Reminder.objects.filter(pk=reminder.pk).update(enqueued_at=timezone.now())


def enqueue_reminders(today: date) -> int:
    """Enqueue sending for every reminder that is waiting or may be tried
    again (`Reminder.objects.to_send`); returns how many."""
    now = timezone.now()
    ids = list(Reminder.objects.to_send(now).order_by("pk").values_list("pk", flat=True))
    for reminder_id in ids:
        Reminder.objects.filter(pk=reminder_id).update(enqueued_at=now)
        send_reminder.enqueue(reminder_id, today.isoformat())
    return len(ids)
