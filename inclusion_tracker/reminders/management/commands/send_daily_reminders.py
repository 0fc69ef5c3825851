"""Create the day's reminder e-mails and queue them for sending.

Run once a day from any scheduler (cron, a systemd timer, a Kubernetes
CronJob); the worker (`manage.py db_worker`) sends them. Safe to run twice:
each reminder is created once, and one already sent is never sent again.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from inclusion_tracker.core.commands import iso_date
from inclusion_tracker.reminders.daily import create_reminders
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder
from inclusion_tracker.reminders.tasks import enqueue_reminders


class Command(BaseCommand):
    help = (
        "Create today's reminder e-mails (part-time timetable reviews due and plans past "
        "their end date to schools, overdue digests to officers, the weekly summary to "
        "team managers) and queue them, with failed ones still under "
        "REMINDER_MAX_ATTEMPTS, for the worker (manage.py db_worker) to send. Run it "
        "once a day; running it again creates and sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="Act as if today were this date (for testing, or to catch up a missed "
            "day). Default: today in Europe/London.",
        )

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        created = create_reminders(today)
        queued = enqueue_reminders(today)
        for kind in ReminderKind:
            self.stdout.write(f"{kind.label}: {created[kind]} new")
        self.stdout.write(f"Queued to send: {queued}")
        given_up = Reminder.objects.given_up().count()
        if given_up:
            self.stderr.write(
                f"{given_up} reminder(s) failed REMINDER_MAX_ATTEMPTS times and will not be "
                "tried again (see docs/reminders.md)"
            )
