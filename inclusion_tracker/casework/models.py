"""Casework: what the Inclusion service does with what schools send.

- `Episode`: one strand of work on a child's record (a part-time timetable,
  a removal from roll, a CME enquiry, ...), with a status from its kind's
  workflow (`episode_kinds.py`), an owner, key dates, a reason and an outcome.
- `EpisodeEvent`: everything that happened to an episode, for the timeline.
- `Note`: an officer's note on a child (optionally about one episode).
- `EnquiryAction`: one dated reasonable enquiry on a CME enquiry.
- `ChildMerge`: two records of the same child merged into one, reversibly.

Edits are refused when someone else saved the same episode or child first
(`version`, see core/concurrency.py).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.casework.enquiries import EnquiryMethod, EnquiryResult
from inclusion_tracker.casework.episode_kinds import (
    CLOSED,
    FOUND_ON_ROLL,
    MOVED_LA,
    WORKFLOWS,
    EpisodeKind,
)
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.permissions import MANAGE_TEAM
from inclusion_tracker.core.workflow import TransitionNotAllowed
from inclusion_tracker.establishments import local_authorities
from inclusion_tracker.school_calendar import deadlines
from inclusion_tracker.school_calendar.deadlines import (  # noqa: F401 (cme_threshold_cutoff: used by tests)
    HEALTH_NEEDS_DUTY_SCHOOL_DAYS,
    cme_threshold_cutoff,
)
from inclusion_tracker.school_calendar.school_days import la_calendar, school_of


class ClosureIncomplete(TransitionNotAllowed):
    """Closing (or asking to close) without a detail the outcome needs.
    `errors` maps each missing or wrong field to its message; the exception's
    own message is the first of them."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


# The Episode fields holding each closure detail (episode_kinds.Outcome.needs).
CLOSURE_FIELDS: dict[str, tuple[str, ...]] = {
    FOUND_ON_ROLL: ("found_at", "found_at_name", "found_at_la", "found_on"),
    MOVED_LA: ("moved_to", "moved_la_told_on"),
}


class EpisodeQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=CLOSED)

    def closed(self):
        return self.filter(status=CLOSED)

    def with_list_details(self):
        """What every list shows, in a fixed number of queries."""
        return self.select_related("child", "owner", "establishment")

    # The worklists' membership rules --------------------------------------

    def caseload(self, user):
        return self.open().filter(owner=user)

    def unassigned(self):
        return self.open().filter(owner__isnull=True)

    def reviews_due(self, today):
        """Part-time timetables with a review due by the end of this school
        week, or overdue, by each school's calendar (school_calendar/deadlines.py;
        with no school, the child's LA's)."""
        return self.open().filter(
            deadlines.by_school_calendar(
                "review_due__lte",
                lambda calendar: deadlines.end_of_school_week(today, calendar),
                la_field="child__local_authority",
            ),
            kind=EpisodeKind.PART_TIME_TIMETABLE,
        )

    def reviews_overdue(self, today):
        """Part-time timetables whose review is overdue: a school day of the
        school's has passed since it (school_calendar/deadlines.py)."""
        return self.open().filter(
            deadlines.by_school_calendar(
                "review_due__lt",
                lambda calendar: deadlines.overdue_before(today, calendar),
                la_field="child__local_authority",
            ),
            kind=EpisodeKind.PART_TIME_TIMETABLE,
        )

    def past_end_date(self, today):
        """Part-time timetables whose end date is overdue (a school day of the
        school's has passed since it) with no end recorded."""
        return self.open().filter(
            deadlines.by_school_calendar(
                "end_date__lt",
                lambda calendar: deadlines.overdue_before(today, calendar),
                la_field="child__local_authority",
            ),
            kind=EpisodeKind.PART_TIME_TIMETABLE,
        )

    def removals_without_destination(self):
        """Open removals from roll whose school did not know where the child
        went and whose destination has not been confirmed since: each episode
        once, however many notifications it has."""
        not_known = Episode.notifications.through.objects.filter(
            notification__removal_from_roll__destination_known="not_known"
        ).values("episode_id")
        return (
            self.open()
            .filter(kind=EpisodeKind.REMOVAL_FROM_ROLL, pk__in=not_known)
            .exclude(status="destination_confirmed")
        )

    def removals_notified_late(self):
        """Open removals from roll with a deletion return sent after the
        pupil's name was deleted (reg 13(4): due no later than the deletion)."""
        late = Episode.notifications.through.objects.filter(
            notification__removal_from_roll__deletion_date__lt=TruncDate(
                "notification__submitted_at"
            )
        ).values("episode_id")
        return self.open().filter(kind=EpisodeKind.REMOVAL_FROM_ROLL, pk__in=late)

    def cme_overdue(self, today):
        """CME enquiries open longer than the child's LA's threshold
        (CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS unless the LA sets its own), in
        that LA's school days: the boundary is `cme_threshold_cutoff`, one
        clause per distinct cutoff (`deadlines.past_cme_threshold`)."""
        return self.open().filter(deadlines.past_cme_threshold(today), kind=EpisodeKind.CME_ENQUIRY)

    def health_past_trigger(self, today):
        """Health-needs absences that have reached 15 school days and have no
        education in place yet (once it is, the duty is met)."""
        return (
            self.open()
            .filter(kind=EpisodeKind.HEALTH_NEEDS, duty_date__lte=today)
            .exclude(status="education_arranged")
        )

    def refresh_duty_dates(self) -> int:
        """Recompute the day open health-needs absences reach 15 school days,
        after term dates or INSET days changed (school_calendar/apps.py).
        Returns how many changed."""
        changed = []
        absences = (
            self.open()
            .filter(kind=EpisodeKind.HEALTH_NEEDS, start_date__isnull=False)
            .select_related("establishment", "child")
        )
        # Each school's LA and the child's are loaded with the absence (no query each).
        for episode in absences.only(
            "pk",
            "kind",
            "start_date",
            "duty_date",
            "establishment",
            "establishment__la_code",
            "child",
            "child__local_authority",
        ):
            was = episode.duty_date
            episode.recompute_duty_date()
            if episode.duty_date != was:
                changed.append(episode)
        Episode.objects.bulk_update(changed, ["duty_date"], batch_size=500)
        return len(changed)

    def awaiting_approval(self):
        return self.filter(kind=EpisodeKind.CME_ENQUIRY, status="awaiting_approval")

    # Tenancy ----------------------------------------------------------------

    def in_local_authorities(self, codes):
        """Episodes of children of these local authorities (by their codes):
        for the work done for a whole LA at once, outside a request (the
        reminders' digests and weekly summaries)."""
        return self.filter(child__local_authority_id__in=codes)


class Episode(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="episodes")
    kind = models.CharField(max_length=30, choices=EpisodeKind.choices)
    # One of the kind's statuses (episode_kinds.WORKFLOWS); changed only by change_status().
    status = models.CharField(max_length=30, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="episodes",
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="episodes",
    )
    notifications = models.ManyToManyField(
        "notifications.Notification", blank=True, related_name="episodes"
    )
    # A CME enquiry opened because of a removal from roll points at it.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    reason = models.CharField(max_length=300, blank=True)
    opened_on = models.DateField(default=timezone.localdate)
    # Key dates; which ones apply depends on the kind.
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    # Health needs: the day the absence reaches 15 school days.
    duty_date = models.DateField(null=True, blank=True)
    expected_to_pass_15_days = models.BooleanField(default=False)

    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, blank=True)
    outcome_notes = models.TextField(blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_approved_at = models.DateTimeField(null=True, blank=True)
    # Where the child is, for a CME enquiry closed as found on roll: the
    # establishment from the list, or the name and local authority (or
    # country) of one that is not in it; and the day they were found on roll.
    found_at = models.ForeignKey(
        "establishments.Establishment",
        verbose_name="found on roll at",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        # No index: establishments are never deleted (an import marks them
        # closed), and adding the column stays a change to the catalogue only.
        db_index=False,
    )
    found_at_name = models.CharField(
        "found on roll at (not in the list)", max_length=200, blank=True
    )
    found_at_la = models.CharField("its local authority or country", max_length=100, blank=True)
    found_on = models.DateField("date found on roll", null=True, blank=True)
    # Or closed as moved to another local authority: its code (a DfE LA code,
    # or a place outside England: establishments/local_authorities.py) and
    # the day that authority was told.
    moved_to = models.CharField("moved to", max_length=20, blank=True)
    moved_la_told_on = models.DateField("date that authority was told", null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # An episode an officer opened by hand: the form's one-time token.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["review_due"]),
            models.Index(fields=["end_date"]),
            # Worklists list the oldest first.
            models.Index(fields=["opened_on", "id"], name="episode_oldest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child}"

    def save(self, *args, **kwargs):
        if not self.status:
            self.status = self.workflow.initial
        if self.kind == EpisodeKind.HEALTH_NEEDS and self.start_date and not self.duty_date:
            self.recompute_duty_date()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("casework:episode", args=[self.pk])

    # Health needs' duty date -----------------------------------------------------

    def recompute_duty_date(self) -> None:
        """A health-needs absence: set the day it reaches 15 school days,
        from its start date in its school's calendar (None without a start
        date). The one place it is worked out: on the first save, when the
        start date changes (the edit form, a notification) and when term
        dates change (`EpisodeQuerySet.refresh_duty_dates`). Other kinds have
        no duty date and keep what they hold."""
        if self.kind != EpisodeKind.HEALTH_NEEDS:
            return
        self.duty_date = (
            deadlines.health_duty_date(
                self.start_date,
                school_of(self),
                None if self.establishment_id else self.child.local_authority_id,
            )
            if self.start_date
            else None
        )

    # The workflow -------------------------------------------------------------

    @property
    def workflow(self):
        return WORKFLOWS[self.kind]

    @property
    def status_info(self):
        return self.workflow.status(self.status)

    @property
    def status_label(self) -> str:
        return self.status_info.label

    @property
    def outcome_label(self) -> str:
        outcome = self.workflow.outcome(self.outcome)
        return outcome.label if outcome else ""

    @property
    def is_closed(self) -> bool:
        return self.status == CLOSED

    @property
    def is_awaiting_approval(self) -> bool:
        return bool(self.workflow.approval_status) and self.status == self.workflow.approval_status

    # Closure details ------------------------------------------------------------

    @property
    def moved_to_authority(self):
        """The local authority (or place outside England) moved to, or None."""
        return local_authorities.BY_CODE.get(self.moved_to)

    @property
    def found_at_text(self) -> str:
        """Where the child was found on roll, as a page says it."""
        if self.found_at is not None:
            return self.found_at.name
        if self.found_at_name:
            return (
                f"{self.found_at_name} ({self.found_at_la})"
                if self.found_at_la
                else self.found_at_name
            )
        return ""

    def closure_details(self) -> dict:
        """The closure details recorded now, by field."""
        return {name: getattr(self, name) for fields in CLOSURE_FIELDS.values() for name in fields}

    def closure_errors(self, outcome: str, *, notes: str = "", details=None) -> dict[str, str]:
        """What closing with `outcome` (or asking a manager to) still needs,
        as {field: message}; empty when nothing is missing. The one place
        these rules live: the status form, `change_status` and a manager's
        approval all ask here. `details` holds the closure fields by name."""
        workflow = self.workflow
        chosen = workflow.outcome(outcome)
        if chosen is None:
            return {}
        details = details or {}
        today = timezone.localdate()
        errors: dict[str, str] = {}
        if FOUND_ON_ROLL in chosen.needs:
            if details.get("found_at") is None:
                if not (details.get("found_at_name") or "").strip():
                    errors["found_at"] = (
                        "Select the establishment the child was found on roll at, or enter its name"
                    )
                elif not (details.get("found_at_la") or "").strip():
                    errors["found_at_la"] = (
                        "Enter the local authority or country of the establishment"
                    )
            found_on = details.get("found_on")
            if found_on is None:
                errors["found_on"] = "Enter the date the child was found on roll"
            elif found_on > today:
                errors["found_on"] = "Date the child was found on roll must be today or in the past"
            elif found_on < self.opened_on:
                errors["found_on"] = (
                    "Date the child was found on roll must be the same as or after the day "
                    f"the enquiry opened, {govuk_date(self.opened_on)}"
                )
        if MOVED_LA in chosen.needs:
            code = details.get("moved_to") or ""
            if code not in local_authorities.BY_CODE or local_authorities.is_this_authority(code):
                errors["moved_to"] = "Select the local authority the child moved to"
            told_on = details.get("moved_la_told_on")
            if told_on is None:
                errors["moved_la_told_on"] = "Enter the date the local authority was told"
            elif told_on > today:
                errors["moved_la_told_on"] = (
                    "Date the local authority was told must be today or in the past"
                )
        if workflow.closing_needs_note and not (notes or "").strip():
            errors["notes"] = "Enter a note about how the enquiry ended"
        return errors

    def _record_closure_details(self, outcome, details) -> None:
        """Keep the details `outcome` needs and clear every other one."""
        details = details or {}
        for name in (name for fields in CLOSURE_FIELDS.values() for name in fields):
            setattr(self, name, None if name in _NULLABLE_DETAILS else "")
        if outcome is None:
            return
        for need in outcome.needs:
            for name in CLOSURE_FIELDS[need]:
                value = details.get(name)
                if isinstance(value, str):
                    value = value.strip()
                if value not in (None, ""):
                    setattr(self, name, value)
        if self.found_at is not None:
            self.found_at_name = self.found_at_la = ""

    def closure_summary(self, outcome) -> str:
        """How the episode ended, for the history: "Found on roll at Beta
        Academy on 3 March 2027"; the outcome's label when it has no details."""
        if FOUND_ON_ROLL in outcome.needs and self.found_on:
            return f"Found on roll at {self.found_at_text} on {govuk_date(self.found_on)}"
        if MOVED_LA in outcome.needs and self.moved_la_told_on:
            authority = self.moved_to_authority
            return (
                f"Moved to another local authority: {authority.label if authority else self.moved_to}, "
                f"told on {govuk_date(self.moved_la_told_on)}"
            )
        return outcome.label

    def closure_rows(self) -> list[tuple[str, str]]:
        """The closure details recorded, as (label, value) rows for a summary list."""
        rows = []
        school = self.found_at
        if school is not None:
            where = ", ".join(part for part in (f"URN {school.urn}", school.la_name) if part)
            rows.append(("Found on roll at", f"{school.name} ({where})"))
        elif self.found_at_name:
            rows.append(("Found on roll at", f"{self.found_at_text}: not in the list"))
        if self.found_on:
            rows.append(("Date found on roll", govuk_date(self.found_on)))
        if self.moved_to:
            authority = self.moved_to_authority
            rows.append(("Moved to", authority.label if authority else self.moved_to))
        if self.moved_la_told_on:
            rows.append(("Date that authority was told", govuk_date(self.moved_la_told_on)))
        return rows

    def allowed_statuses(self):
        """The statuses this episode may change to now, as Status objects."""
        return [self.workflow.status(value) for value in self.workflow.allowed(self.status)]

    @property
    def la_duty_applies(self) -> bool:
        """A health-needs absence expected to pass, or past, 15 school days."""
        if self.kind != EpisodeKind.HEALTH_NEEDS:
            return False
        today = timezone.localdate()
        return self.expected_to_pass_15_days or bool(self.duty_date and self.duty_date <= today)

    def school_days_open(self, today) -> int:
        """School days of the child's LA that have passed since the episode
        opened, up to today (or the day it closed): the day it opened does
        not count, so an episode opened today has been open 0 school days."""
        last = self.closed_on if self.is_closed and self.closed_on else today
        return la_calendar(self.child.local_authority_id).count_school_days(
            self.opened_on + timedelta(days=1), last
        )

    @property
    def cme_threshold_days(self) -> int:
        """The child's LA's CME enquiry threshold (no query)."""
        return deadlines.cme_threshold_days(self.child.local_authority_id)

    def is_past_cme_threshold(self, today) -> bool:
        """An open CME enquiry open more than the child's LA's threshold in
        school days: the worklist's rule (`cme_threshold_cutoff`), so it holds
        exactly when `school_days_open(today)` is more than the threshold."""
        return (
            self.kind == EpisodeKind.CME_ENQUIRY
            and not self.is_closed
            and self.opened_on < cme_threshold_cutoff(today, self.child.local_authority_id)
        )

    @transaction.atomic
    def change_status(
        self,
        to: str,
        *,
        by,
        outcome: str = "",
        notes: str = "",
        on=None,
        details=None,
        or_ask_approval: bool = False,
    ):
        """Move to status `to`, if the workflow allows it. Closing needs an
        outcome, and the details and note that outcome needs
        (`closure_errors`: `details` holds them by field name).

        The CME closure approval rule lives here and nowhere else: closing
        with an outcome that needs approval (CME "whereabouts unknown") needs
        a team manager (closing it themselves approves it); only a team
        manager approves a closure asked for, or sends it back. Anyone else
        closing with such an outcome is refused, or, with `or_ask_approval`
        (the status page), asks a team manager to approve it instead: the
        event returned is then CLOSURE_REQUESTED.

        Raises TransitionNotAllowed with a message for the user
        (ClosureIncomplete for a missing detail)."""
        workflow = self.workflow
        current = self.status
        if or_ask_approval and to == CLOSED and workflow.approval_status:
            asked = workflow.outcome(outcome)
            if asked is not None and asked.needs_approval and not by.has_perm(MANAGE_TEAM):
                to = workflow.approval_status
        workflow.changes.check(current, to)
        is_manager = by.has_perm(MANAGE_TEAM)
        now = timezone.now()
        event_kind, summary = EpisodeEvent.What.STATUS, ""
        if to == CLOSED:
            approving = bool(workflow.approval_status) and current == workflow.approval_status
            # Approving a closure closes it with the outcome that was asked for.
            chosen = workflow.outcome(self.outcome if approving else outcome)
            if chosen is None:
                raise TransitionNotAllowed("Select how the episode ended")
            if approving and not is_manager:
                raise TransitionNotAllowed("Only a team manager can approve closing this enquiry")
            if not approving and chosen.needs_approval and not is_manager:
                raise TransitionNotAllowed(
                    f"Closing with ‘{chosen.label.lower()}’ needs a team manager's approval: "
                    "ask for approval instead"
                )
            if approving:
                # What the officer asked for is checked again, by the same rules.
                errors = self.closure_errors(
                    chosen.value, notes=notes or self.outcome_notes, details=self.closure_details()
                )
            else:
                errors = self.closure_errors(chosen.value, notes=notes, details=details)
            if errors:
                raise ClosureIncomplete(errors)
            if approving:
                self.closure_approved_by, self.closure_approved_at = by, now
                event_kind = EpisodeEvent.What.CLOSURE_APPROVED
            elif chosen.needs_approval:
                # A team manager closing it approves it themselves.
                self.closure_requested_by = self.closure_requested_by or by
                self.closure_requested_at = self.closure_requested_at or now
                self.closure_approved_by, self.closure_approved_at = by, now
                event_kind = EpisodeEvent.What.CLOSURE_APPROVED
            if not approving:
                self._record_closure_details(chosen, details)
            self.outcome = chosen.value
            self.outcome_notes = notes or self.outcome_notes
            self.closed_on = on or timezone.localdate()
            summary = f"Closed: {self.closure_summary(chosen)}"
        elif to == workflow.approval_status and workflow.approval_status:
            chosen = workflow.outcome(outcome)
            if chosen is None or not chosen.needs_approval:
                raise TransitionNotAllowed("Select the outcome that needs approval")
            errors = self.closure_errors(chosen.value, notes=notes, details=details)
            if errors:
                raise ClosureIncomplete(errors)
            self._record_closure_details(chosen, details)
            self.outcome, self.outcome_notes = chosen.value, notes
            self.closure_requested_by, self.closure_requested_at = by, now
            self.closure_approved_by = self.closure_approved_at = None
            event_kind = EpisodeEvent.What.CLOSURE_REQUESTED
            summary = f"Asked a manager to approve closing: {chosen.label}"
        else:
            if current == workflow.approval_status and workflow.approval_status:
                if not is_manager:
                    raise TransitionNotAllowed(
                        "Only a team manager can send this enquiry back for more enquiries"
                    )
                event_kind = EpisodeEvent.What.CLOSURE_RETURNED
                summary = "Closure not approved: more enquiries needed"
            elif current == CLOSED:
                event_kind = EpisodeEvent.What.REOPENED
                summary = "Reopened"
            if current == CLOSED or current == workflow.approval_status:
                self.closed_on = None
                self._record_closure_details(None, None)
                self.outcome = self.outcome_notes = ""
                self.closure_requested_by = self.closure_requested_at = None
                self.closure_approved_by = self.closure_approved_at = None
            summary = summary or f"Status changed to {workflow.status(to).label.lower()}"
        self.status = to
        self.version += 1
        self.save()
        return self.events.create(
            what=event_kind,
            summary=summary,
            details=notes,
            from_status=current,
            to_status=to,
            by=by,
        )

    @transaction.atomic
    def assign(self, owner, *, by):
        """Give the episode to `owner` (None: unassign)."""
        if owner == self.owner:
            return None
        self.owner = owner
        self.version += 1
        self.save(update_fields=["owner", "version", "updated_at"])
        summary = f"Assigned to {owner}" if owner else "Unassigned"
        return self.events.create(what=EpisodeEvent.What.ASSIGNED, summary=summary, by=by)

    def record_edit(self, summary: str, *, by):
        """The history's line for a change of details on the edit page
        ("Details changed: start date"), saved by audit/edits.py's save_edit."""
        return self.events.create(what=EpisodeEvent.What.UPDATED, summary=summary, by=by)


_NULLABLE_DETAILS = ("found_at", "found_on", "moved_la_told_on")


class EpisodeEvent(models.Model):
    """One thing that happened to an episode, for the child's timeline."""

    class What(models.TextChoices):
        OPENED = "opened", "Episode opened"
        NOTIFICATION = "notification", "Notification added"
        REVIEW = "review", "Timetable review"
        STATUS = "status", "Status changed"
        ASSIGNED = "assigned", "Assigned"
        UPDATED = "updated", "Details changed"
        CLOSURE_REQUESTED = "closure_requested", "Closure approval requested"
        CLOSURE_APPROVED = "closure_approved", "Closure approved"
        CLOSURE_RETURNED = "closure_returned", "Closure not approved"
        REOPENED = "reopened", "Reopened"
        ENQUIRY = "enquiry", "Enquiry recorded"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="events")
    what = models.CharField(max_length=30, choices=What.choices)
    summary = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    notification = models.ForeignKey(
        "notifications.Notification",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.summary


class Note(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="notes")
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.created_at:%d %B %Y}"


class EnquiryAction(models.Model):
    """One reasonable enquiry made for a child missing education."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="enquiry_actions")
    taken_on = models.DateField("date of the enquiry")
    method = models.CharField(max_length=30, choices=EnquiryMethod.choices)
    contacted = models.CharField("who was contacted", max_length=200, blank=True)
    result = models.CharField(max_length=20, choices=EnquiryResult.choices)
    outcome = models.TextField("what was found out")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.taken_on}"


class ChildMerge(models.Model):
    """Two records of one child merged: `merged` is kept (never deleted, so
    its audit events stay) but points at `kept`, which now holds everything.
    `moved` lists the primary keys moved, so an administrator can reverse it."""

    kept = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    moved = models.JSONField(default=dict)
    # Fields of `kept` that were empty and took `merged`'s value: {field: value}.
    filled = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"Merge of child {self.merged_id} into {self.kept_id}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None
