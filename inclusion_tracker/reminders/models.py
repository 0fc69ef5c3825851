"""Reminders: an outbox of e-mails, each created once and sent once.

- `Reminder`: one e-mail to one user. `(kind, recipient, key)` is unique: the
  key names what the reminder is about (an episode and its review date, a day,
  an ISO week), so the daily command can run any number of times and create
  each reminder once. The subject and body are written when it is created and
  name a child by first name and initial only.
- `ReminderPreference`: a user's choice to turn an optional kind off (or on
  again). No row means the kind's default: on.

Sending is `reminders/tasks.py`'s `send_reminder`: it locks the row, sends,
and marks it sent in one transaction, so a sent reminder is never sent again.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion_tracker.reminders.kinds import BY_KIND, OPTIONAL_KINDS, ReminderKind

# An alert about a new CME enquiry not sent within this many days (the worker
# was down) is not sent late: the worklists show it by then.
STALE_ALERT_DAYS = 7


class ReminderQuerySet(models.QuerySet):
    def to_send(self, now):
        """Reminders the daily command (re)enqueues: pending ones, and failed
        ones still under REMINDER_MAX_ATTEMPTS, in either case not enqueued in
        the last hour (a run twice in a row enqueues each once, and does not
        add a try beside a failed send's own delayed retry)."""
        recently = now - timedelta(hours=1)
        not_just_enqueued = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=recently)
        return self.filter(
            Q(status=Reminder.Status.PENDING)
            | Q(status=Reminder.Status.FAILED, attempts__lt=settings.REMINDER_MAX_ATTEMPTS),
            not_just_enqueued,
        )

    def given_up(self):
        return self.filter(
            status=Reminder.Status.FAILED, attempts__gte=settings.REMINDER_MAX_ATTEMPTS
        )


class Reminder(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # No longer true when its turn came (the plan ended, the user left).
        CANCELLED = "cancelled", "Not sent: no longer needed"

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    # What it is about, unique for the kind and recipient: "episode-12-review-2026-03-20",
    # "day-2026-03-16", "week-2026-W12".
    key = models.CharField(max_length=100)
    # The episode a school reminder is about: checked again just before sending.
    episode = models.ForeignKey(
        "casework.Episode",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    # The date it is about: the review date, the end date, the digest's day,
    # the Monday of the summary's week. Checked again just before sending.
    about_date = models.DateField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The class of the last error (never its message, which may hold an address).
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "key"], name="reminder_once_per_kind_recipient_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key}) to user {self.recipient_id}"

    @property
    def info(self):
        return BY_KIND[ReminderKind(self.kind)]

    def is_still_needed(self, today) -> bool:
        """Whether the reminder is still true on `today`: a review reminder
        while the episode is open with the same review date, not yet passed; a
        past-end-date reminder while the plan is open with the same end date;
        a digest on its own day; a summary in its own week. Never to someone
        no longer active or no longer in the role, nor a school reminder to
        someone no longer at the episode's establishment, nor an optional one
        the recipient has turned off since it was created."""
        if not self.info.is_for(self.recipient):
            return False
        if self.info.optional and self.kind in ReminderPreference.turned_off_kinds(self.recipient):
            return False
        episode = self.episode
        if (
            self.kind in (ReminderKind.REVIEW_DUE, ReminderKind.PAST_END_DATE)
            and episode is not None
            and (
                episode.establishment_id is None
                or not self.recipient.establishments.filter(pk=episode.establishment_id).exists()
            )
        ):
            return False
        if self.kind == ReminderKind.REVIEW_DUE:
            return (
                episode is not None
                and not episode.is_closed
                and episode.review_due == self.about_date
                and self.about_date >= today
            )
        if self.kind == ReminderKind.PAST_END_DATE:
            return (
                episode is not None
                and not episode.is_closed
                and episode.end_date == self.about_date
                and self.about_date < today
            )
        if self.kind == ReminderKind.RECEIPT:
            return True
        if self.kind == ReminderKind.CME_OPENED:
            # Worth sending while the enquiry is open, and for a week at most.
            return (
                episode is not None
                and not episode.is_closed
                and (today - self.about_date).days <= STALE_ALERT_DAYS
            )
        if self.kind == ReminderKind.CLOSURE_APPROVAL:
            return episode is not None and episode.is_awaiting_approval
        if self.kind == ReminderKind.HANDOVER:
            # Each step of a handover is news once: sent whenever its turn comes.
            return True
        if self.kind == ReminderKind.DAILY_DIGEST:
            return self.about_date == today
        return self.about_date.isocalendar()[:2] == today.isocalendar()[:2]


class ReminderPreferenceQuerySet(models.QuerySet):
    def turned_off(self, kind: str):
        """The users who turned `kind` off, as a subquery of user ids."""
        return self.filter(kind=kind, enabled=False).values("user_id")


class ReminderPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderPreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {'on' if self.enabled else 'off'} for user {self.user_id}"

    @classmethod
    def turned_off_kinds(cls, user) -> set[str]:
        return set(
            cls.objects.filter(user=user, enabled=False, kind__in=OPTIONAL_KINDS).values_list(
                "kind", flat=True
            )
        )

    @classmethod
    def save_choices(cls, user, offered, enabled_kinds) -> list[str]:
        """Store which of the `offered` optional kinds `user` wants; returns
        the kinds that changed."""
        before = cls.turned_off_kinds(user)
        changed = []
        for kind in offered:
            wanted = kind in enabled_kinds
            if wanted == (kind not in before):
                continue
            cls.objects.update_or_create(user=user, kind=kind, defaults={"enabled": wanted})
            changed.append(kind)
        return changed
