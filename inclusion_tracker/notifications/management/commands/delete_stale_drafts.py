"""Delete drafts nobody has changed for DRAFT_RETENTION_DAYS days. Safe to
run as often as you like (for example daily from the platform's scheduler).
The drafts list warns users a week before their draft is deleted."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.notifications.models import Notification


class Command(BaseCommand):
    help = (
        "Delete notification drafts not changed for DRAFT_RETENTION_DAYS days "
        f"(now {settings.DRAFT_RETENTION_DAYS}). Sent notifications are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say how many would be deleted, delete nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.DRAFT_RETENTION_DAYS
        with transaction.atomic():
            stale = Notification.objects.stale_drafts(days)
            count = stale.count()
            if not dry_run and count:
                stale.delete()
                AuditEvent.objects.record(
                    action=Action.DELETE,
                    summary=f"Deleted {count} drafts not changed for {days} days",
                )
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {count} draft{'s' if count != 1 else ''} not changed for {days} days."
        )
