"""Anonymise or delete what has passed its retention period (privacy/retention.py,
docs/retention.md). A dry run unless told `--apply`. Run it once a day with
`--apply` from the platform's scheduler; running it twice changes nothing more."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inclusion_tracker.core.commands import iso_date
from inclusion_tracker.privacy import retention
from inclusion_tracker.privacy.retention import RULES


class Command(BaseCommand):
    help = (
        "Anonymise or delete what has passed its retention period (docs/retention.md): "
        "children's files whose episodes all closed more than RETENTION_CASEWORK_YEARS "
        f"(now {settings.RETENTION_CASEWORK_YEARS}) years ago and with no notification in "
        f"the last RETENTION_REGISTER_YEARS (now {settings.RETENTION_REGISTER_YEARS}) years, "
        "unless the child is on legal hold (anonymised); notifications never linked to a "
        "child, after RETENTION_REGISTER_YEARS (anonymised); reminder e-mails after "
        f"RETENTION_REMINDER_DAYS (now {settings.RETENTION_REMINDER_DAYS}) days, audit "
        "events and sign-in records after RETENTION_AUDIT_YEARS (now "
        f"{settings.RETENTION_AUDIT_YEARS}) years, and expired sessions (deleted). "
        "Without --apply this is a dry run: it prints how many of each it would change "
        "and changes nothing. With --apply it writes an audit event for each child's file "
        "and one for the run. Safe to run twice."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--apply",
            action="store_true",
            help="anonymise and delete; without it nothing is changed",
        )
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="say how many of each would be anonymised or deleted, change nothing "
            "(the default)",
        )
        parser.add_argument(
            "--date",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="Act as if today were this date, to catch up a missed day (today or "
            "earlier). Default: today in Europe/London.",
        )

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        if today > timezone.localdate():
            # A date in the future would remove records before their time.
            raise CommandError("--date must be today or earlier")
        dry_run = not options["apply"]
        report = retention.run(today, dry_run=dry_run)
        anonymised = "to anonymise" if dry_run else "anonymised"
        deleted = "to delete" if dry_run else "deleted"
        if dry_run:
            self.stdout.write(
                f"Dry run for {today.isoformat()}: nothing was changed. "
                "Run with --apply to anonymise and delete."
            )
        else:
            self.stdout.write(f"Retention applied for {today.isoformat()}.")
        self.stdout.write(
            "Children's files past their period (every episode closed over "
            f"{settings.RETENTION_CASEWORK_YEARS} years ago, no notification in the last "
            f"{settings.RETENTION_REGISTER_YEARS} years): {report.files} {anonymised}"
        )
        self.stdout.write(f"  Kept by a legal hold: {report.files_held}")
        if report.files:
            self.stdout.write("  In those files:")
            for rule in RULES:
                verb = deleted if rule.deletes else anonymised
                count = report.in_files.get(rule.label, 0)
                self.stdout.write(f"    {rule.label}: {count} {verb}")
        self.stdout.write(
            f"Notifications never linked to a child, sent over "
            f"{settings.RETENTION_REGISTER_YEARS} years ago: "
            f"{report.unlinked_notifications} {anonymised}"
        )
        self.stdout.write(
            f"Reminder e-mails over {settings.RETENTION_REMINDER_DAYS} days old: "
            f"{report.reminders} {deleted}"
        )
        self.stdout.write(
            f"Audit events over {settings.RETENTION_AUDIT_YEARS} years old: "
            f"{report.audit_events} {deleted}"
        )
        self.stdout.write(
            f"Sign-in records over {settings.RETENTION_AUDIT_YEARS} years old: "
            f"{report.sign_in_records} {deleted}"
        )
        self.stdout.write(f"Expired sessions: {report.sessions} {deleted}")
