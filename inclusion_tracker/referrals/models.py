"""Referrals: an officer records that a child was referred to a support
service, from one of the child's episodes, and follows it to its end.

- `Referral`: to which service, from which episode, when, who made it (the
  local authority or the school), the parent's consent (or the safeguarding
  reason for going ahead without it), its status (`statuses.py`), the outcome
  and the LA's own notes.
- `ReferralEvent`: the referral being made and each change of status, with
  its date and who recorded it: the referral's history and the child's
  timeline.

The child is the episode's child (`referral.child`), not a column of its
own: merging two records moves episodes, and their referrals go with them.
Changes are model methods (`Referral.objects.record`, `referral.change_status`)
that enforce the rules whatever page or command calls them.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.permissions import SCHOOL_ACCESS
from inclusion_tracker.core.workflow import TransitionNotAllowed
from inclusion_tracker.referrals.statuses import (
    CHANGES,
    OPEN_STATUSES,
    STATUSES,
    ReferralStatus,
)
from inclusion_tracker.school_calendar import deadlines
from inclusion_tracker.school_calendar.school_days import school_of

NO_CONSENT_MESSAGE = "Enter the safeguarding reason for referring without the parent's consent"
CONSENT_DATE_MESSAGE = "Enter the date the parent consented"


class MadeBy(models.TextChoices):
    LOCAL_AUTHORITY = "la", "The local authority"
    SCHOOL = "school", "The school"


class ReferralQuerySet(models.QuerySet):
    def open(self):
        """Made or accepted: the service has not finished with it."""
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date):
        """Open referrals made more than REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS
        school days ago (the boundary: `deadlines.referral_threshold_cutoff`), counted in
        the school days of the episode's establishment: one cutoff for every
        establishment that follows the local authority's calendar, and one
        each for those with term dates of their own. Still one query."""
        made_too_long_ago = deadlines.by_school_calendar(
            "made_on__lt",
            lambda calendar: deadlines.open_longer_than_cutoff(
                today, settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS, calendar
            ),
            establishment_field="episode__establishment",
            la_field="episode__child__local_authority",
        )
        return self.open().filter(made_too_long_ago)

    def for_child(self, child):
        return self.filter(episode__child=child)

    def in_local_authorities(self, codes):
        """Referrals of children of these local authorities (their episode's
        child's LA): the one place a referral's LA is written."""
        return self.filter(episode__child__local_authority_id__in=codes)

    def visible_to(self, user):
        """The referrals LA staff see: their own local authorities'
        (`User.la_codes`, no query for an officer or a manager). Schools see
        their pupils' through `for_school_user`; anyone else sees none."""
        if not (user.is_authenticated and user.is_la_staff):
            return self.none()
        return self.in_local_authorities(user.la_codes)

    def with_list_details(self):
        """What every list shows, in one query."""
        return self.select_related("episode__child", "episode__establishment", "service")

    def for_school_user(self, user):
        """Referrals for the user's own pupils: children whose episode was at
        one of the user's establishments, or who are on its roll now."""
        if not (user.is_authenticated and user.has_perm(SCHOOL_ACCESS)):
            return self.none()
        mine = user.establishments.values("pk")
        return self.filter(
            Q(episode__establishment__in=mine) | Q(episode__child__current_establishment__in=mine)
        )

    def record(self, *, by, form_token=None, **fields) -> "Referral":
        """Check and save a new referral with its first history row. Raises
        ValidationError (messages by field) when a rule is broken."""
        referral = Referral(recorded_by=by, form_token=form_token, **fields)
        # The database checks the consent rule too; `clean` says it in words.
        referral.full_clean(exclude=["form_token"], validate_constraints=False)
        with transaction.atomic():
            referral.save()
            referral.events.create(
                what=ReferralEvent.What.MADE,
                to_status=referral.status,
                on=referral.made_on,
                by=by,
            )
        return referral


class Referral(models.Model):
    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="referrals"
    )
    # Retired services stay on the referrals made to them (PROTECT); new
    # referrals are to services still offered (`clean`).
    service = models.ForeignKey(
        "support.Service", on_delete=models.PROTECT, related_name="referrals"
    )
    made_on = models.DateField("date the referral was made")
    made_by = models.CharField("who made the referral", max_length=10, choices=MadeBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    parent_consented = models.BooleanField("the parent consented")
    consent_date = models.DateField("date the parent consented", null=True, blank=True)
    # Required when the parent did not consent: why the referral went ahead.
    safeguarding_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.MADE, db_index=True
    )
    # What came of it: required when the service declines or completes.
    outcome = models.TextField(blank=True)
    # The local authority's own notes: never shown to schools.
    notes = models.TextField(blank=True)

    version = models.PositiveIntegerField(default=1)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-pk"]
        indexes = [
            # The worklist lists open referrals, oldest first.
            models.Index(fields=["status", "made_on"], name="referral_open_oldest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent_consented=False) | Q(consent_date__isnull=False),
                name="referrals_consent_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(parent_consented=True) | ~Q(safeguarding_reason=""),
                name="referrals_no_consent_has_a_safeguarding_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=list(STATUSES)), name="referrals_status_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.service}"

    def save(self, *args, **kwargs):
        # Only the fact that goes with the answer is kept.
        if self.parent_consented:
            self.safeguarding_reason = ""
        else:
            self.consent_date = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    @property
    def child(self):
        return self.episode.child

    @property
    def status_info(self):
        return STATUSES[self.status]

    @property
    def status_label(self) -> str:
        return self.status_info.label

    @property
    def is_open(self) -> bool:
        return self.status_info.open

    def allowed_statuses(self):
        """The statuses this referral may change to now, as StatusInfo."""
        return [STATUSES[value] for value in CHANGES.allowed(self.status)]

    def school_days_since_made(self, today: date) -> int:
        """School days since the referral was made, up to today; the day it
        was made does not count. In the episode's establishment's school days
        (with no establishment, the child's LA's)."""
        calendar = deadlines.school_or_la_calendar(*self._school_and_la())
        return calendar.count_school_days(self.made_on + timedelta(days=1), today)

    def is_overdue(self, today: date) -> bool:
        cutoff = deadlines.referral_threshold_cutoff(today, *self._school_and_la())
        return self.is_open and self.made_on < cutoff

    def _school_and_la(self):
        """Whose school days count: the episode's school, else the child's LA."""
        episode = self.episode
        if episode.establishment_id:
            return school_of(episode), None
        return None, episode.child.local_authority_id

    # Rules ---------------------------------------------------------------

    def clean(self):
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.made_on and self.made_on > today:
            errors["made_on"] = "Date the referral was made must be today or in the past"
        elif self.made_on and self.pk is not None:
            # Editing: the history must still start with the referral being made.
            first_change = (
                self.events.filter(what=ReferralEvent.What.STATUS)
                .order_by("on")
                .values_list("on", flat=True)
                .first()
            )
            if first_change and self.made_on > first_change:
                errors["made_on"] = (
                    "Date the referral was made must be the same as or before its first "
                    f"change of status, {govuk_date(first_change)}"
                )
        if self.parent_consented:
            if self.consent_date is None:
                errors["consent_date"] = CONSENT_DATE_MESSAGE
            elif self.consent_date > today:
                errors["consent_date"] = "Date the parent consented must be today or in the past"
            elif self.made_on and self.consent_date > self.made_on:
                errors["consent_date"] = (
                    "Date the parent consented must be the same as or before the date the "
                    f"referral was made, {govuk_date(self.made_on)}"
                )
        elif self.parent_consented is False and not self.safeguarding_reason.strip():
            errors["safeguarding_reason"] = NO_CONSENT_MESSAGE
        if self.pk is None:
            if self.service_id and not self.service.active:
                errors["service"] = "Select a service that is still offered"
            if self.episode_id and self.episode.is_closed:
                errors["episode"] = "Select an open episode"
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # The consent rule is checked, and said in words, by clean().
        exclude = set(exclude or ()) | {"consent_date", "safeguarding_reason"}
        super().validate_constraints(exclude=exclude)

    def status_change_errors(self, to: str, on: date | None, outcome: str) -> dict[str, str]:
        """What is wrong with changing to `to` on `on` with `outcome`, by the
        status-change form's field names; empty when the change is allowed."""
        refusal = CHANGES.refusal(self.status, to)
        if refusal:
            return {"status": refusal}
        errors: dict[str, str] = {}
        if on is not None:
            last = self.last_change_on()
            if on > timezone.localdate():
                errors["on"] = "Date of the change must be today or in the past"
            elif on < self.made_on:
                errors["on"] = (
                    "Date of the change must be the same as or after the date the referral "
                    f"was made, {govuk_date(self.made_on)}"
                )
            elif last and on < last:
                errors["on"] = (
                    "Date of the change must be the same as or after the last change, "
                    f"{govuk_date(last)}"
                )
        if STATUSES[to].needs_outcome and not (outcome or "").strip():
            errors["outcome"] = (
                "Enter why the service declined the referral"
                if to == ReferralStatus.DECLINED
                else "Enter the outcome of the referral"
            )
        return errors

    def last_change_on(self) -> date | None:
        return (
            self.events.exclude(what=ReferralEvent.What.UPDATED)
            .order_by("-on")
            .values_list("on", flat=True)
            .first()
        )

    @transaction.atomic
    def change_status(self, to: str, *, by, on: date | None = None, outcome: str = ""):
        """Move to status `to` on the day `on` (default today), if allowed.
        Declining and completing need the outcome. Raises TransitionNotAllowed
        with a message for the user."""
        on = on or timezone.localdate()
        errors = self.status_change_errors(to, on, outcome)
        if errors:
            raise TransitionNotAllowed(next(iter(errors.values())))
        current = self.status
        outcome = (outcome or "").strip()
        self.status = to
        if outcome:
            self.outcome = outcome
        self.version += 1
        self.save(update_fields=["status", "outcome", "version", "updated_at"])
        return self.events.create(
            what=ReferralEvent.What.STATUS,
            from_status=current,
            to_status=to,
            on=on,
            notes=outcome,
            by=by,
        )

    def record_edit(self, summary: str, *, by):
        """The history's line for a change of details on the edit page
        ("Details changed: notes"), saved by audit/edits.py's save_edit."""
        return self.events.create(
            what=ReferralEvent.What.UPDATED, on=timezone.localdate(), notes=summary, by=by
        )


class ReferralEvent(models.Model):
    """The referral made, each change of status (with the day it happened)
    and changes to its details."""

    class What(models.TextChoices):
        MADE = "made", "Referral made"
        STATUS = "status", "Status changed"
        UPDATED = "updated", "Details changed"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    what = models.CharField(max_length=20, choices=What.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    # The day it happened (the referral made, the service's answer...).
    on = models.DateField()
    notes = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When it was recorded.
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.summary

    @property
    def to_label(self) -> str:
        return STATUSES[self.to_status].label if self.to_status in STATUSES else ""

    @property
    def summary(self) -> str:
        if self.what == self.What.MADE:
            return "Referral made"
        if self.what == self.What.STATUS:
            return f"Status changed to {self.to_label.lower()}"
        return self.notes or "Details changed"
