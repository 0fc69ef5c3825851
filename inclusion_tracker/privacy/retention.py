"""Retention: what `manage.py apply_retention` anonymises or deletes, and when.

Each record type's period is a setting; docs/retention.md gives each one's
legal basis and why it is anonymised or deleted.

- A child's file (the child's record, records merged into it, their
  notifications with every detail, episodes and their events, notes, CME
  enquiry actions, referrals, merges, subject access exports, reminders about
  them) is anonymised when it is past its period (`files_past_period`): every
  episode closed more than RETENTION_CASEWORK_YEARS years ago, nothing
  recorded on the file since, no notification about the child sent in the
  last RETENTION_REGISTER_YEARS years, and no legal hold on the child or a
  record merged into it. Identifying details and free text are removed;
  the facts reports and statutory returns count (kinds, dates, grounds,
  outcomes, establishments, flags, sex, year of birth) stay, and so do the
  rows the audit trail points at. Notes, parents' details and reminders
  are deleted.
- Notifications never linked to a child: anonymised RETENTION_REGISTER_YEARS
  years after they were sent.
- Reminder e-mails: deleted RETENTION_REMINDER_DAYS days after they were made.
- Audit events and django-axes' sign-in records: deleted RETENTION_AUDIT_YEARS
  years after they were written, except audit events about a child on hold.
- Expired sessions: deleted.
- Drafts are `delete_stale_drafts`'s (DRAFT_RETENTION_DAYS), not this module's.

A record is past its period when its date is before the cutoff: the same day
`years` years before today. Closed exactly seven years ago is not yet past.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate, TruncYear
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import CLOSED
from inclusion_tracker.casework.models import ChildMerge, EnquiryAction, Episode, EpisodeEvent, Note
from inclusion_tracker.children.models import Child
from inclusion_tracker.notifications.models import (
    ContactAttempt,
    EarlyYearsMissing,
    Notification,
    OtherMissingEducation,
    PartTimeTimetable,
    RemovalFromRoll,
    RemovalParent,
    TimetableReview,
)
from inclusion_tracker.privacy.models import SubjectAccessExport
from inclusion_tracker.referrals.models import Referral, ReferralEvent
from inclusion_tracker.reminders.models import Reminder

# What an anonymised record is called: "Anonymised child", notification "Anonymised".
ANONYMISED = "Anonymised"
# For text the database requires (a referral made without consent must say why).
REMOVED = "Removed under the retention rules"
# Children anonymised in one transaction; rows deleted in one transaction.
FILE_BATCH = 100
DELETE_BATCH = 5000


def years_before(day: date, years: int) -> date:
    """The same day `years` years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, Europe/London."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Cutoffs:
    """The first day still inside each period, as of `today`."""

    today: date
    casework: date
    register: date
    reminders: date
    audit: date

    @classmethod
    def as_of(cls, today: date) -> "Cutoffs":
        return cls(
            today=today,
            casework=years_before(today, settings.RETENTION_CASEWORK_YEARS),
            register=years_before(today, settings.RETENTION_REGISTER_YEARS),
            reminders=today - timedelta(days=settings.RETENTION_REMINDER_DAYS),
            audit=years_before(today, settings.RETENTION_AUDIT_YEARS),
        )


# Children's files ------------------------------------------------------------


def files_past_period(cutoffs: Cutoffs) -> models.QuerySet[Child]:
    """Current records, not yet anonymised, whose file is past its period,
    legal hold or not (see `due_and_held`)."""
    casework_start = start_of(cutoffs.casework)
    child = OuterRef("pk")
    # An episode closed without a closing date counts from its last change.
    episode_kept = (
        Episode.objects.filter(child=child)
        .annotate(ended=Coalesce("closed_on", TruncDate("updated_at")))
        .exclude(status=CLOSED, ended__lt=cutoffs.casework)
    )
    recent = (
        Notification.objects.filter(child=child, submitted_at__gte=start_of(cutoffs.register)),
        Note.objects.filter(child=child, created_at__gte=casework_start),
        EnquiryAction.objects.filter(episode__child=child, recorded_at__gte=casework_start),
        ReferralEvent.objects.filter(referral__episode__child=child, at__gte=casework_start),
    )
    past = Child.objects.current().filter(anonymised_at__isnull=True, created_at__lt=casework_start)
    past = past.filter(~Exists(episode_kept))
    for rows in recent:
        past = past.filter(~Exists(rows))
    return past


def with_merged_records(pks: Iterable[int]) -> dict[int, list[int]]:
    """Each record and every record merged into it, however many merges
    ago: {record: [record, merged, merged into merged, ...]}. One query per
    level of merging."""
    groups = {pk: [pk] for pk in pks}
    root = {pk: pk for pk in groups}
    frontier = list(groups)
    while frontier:
        rows = list(
            Child.objects.filter(merged_into__in=frontier).values_list("pk", "merged_into_id")
        )
        frontier = []
        for pk, into in rows:
            if pk not in root:
                root[pk] = root[into]
                groups[root[pk]].append(pk)
                frontier.append(pk)
    return groups


def due_and_held(pks: Iterable[int]) -> tuple[dict[int, list[int]], list[int]]:
    """Split records past their period into those due (with the records
    merged into them) and those kept by a legal hold on them or on a record
    merged into them."""
    groups = with_merged_records(pks)
    members = [pk for group in groups.values() for pk in group]
    on_hold = set(
        Child.objects.filter(pk__in=members, legal_hold=True).values_list("pk", flat=True)
    )
    due = {pk: group for pk, group in groups.items() if not on_hold.intersection(group)}
    held = [pk for pk in groups if pk not in due]
    return due, held


@dataclass(frozen=True)
class Rule:
    """One record type in a file: how to find its rows from the file's
    records (child ids) or notifications, and what happens to them:
    `changes` (an update) or deleted when there are none."""

    label: str
    rows: Callable[[list[int], models.QuerySet[Notification]], models.QuerySet[Any]]
    changes: Callable[[], dict[str, Any]] | None = None
    # Part of a notification: applies to notifications never linked to a child too.
    notification_part: bool = False

    @property
    def deletes(self) -> bool:
        return self.changes is None


def _blank(*names: str) -> Callable[[], dict[str, Any]]:
    return lambda: dict.fromkeys(names, "")


def _child_changes() -> dict[str, Any]:
    now = timezone.now()
    return {
        "legal_first_name": ANONYMISED,
        "legal_last_name": "child",
        "legal_middle_names": "",
        "preferred_first_name": "",
        "preferred_last_name": "",
        "upn": "",
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "postcode": "",
        # The year of birth stays, for reports by age; 1 January of it.
        "date_of_birth": TruncYear("date_of_birth"),
        "legal_hold_reason": "",
        "anonymised_at": now,
        "updated_at": now,
        "version": F("version") + 1,
    }


def _notification_changes() -> dict[str, Any]:
    return {
        **_blank(
            "middle_names",
            "last_name",
            "preferred_name",
            "upn",
            "upn_not_known_reason",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
        )(),
        "first_name": ANONYMISED,
        "date_of_birth": None,
        "updated_at": timezone.now(),
    }


def _referral_changes() -> dict[str, Any]:
    return {
        "outcome": "",
        "notes": "",
        # The database requires a reason when the parent did not consent.
        "safeguarding_reason": Case(
            When(parent_consented=False, then=Value(REMOVED)), default=Value("")
        ),
        "updated_at": timezone.now(),
        "version": F("version") + 1,
    }


# Every record type in a child's file, in the order they are anonymised.
RULES: tuple[Rule, ...] = (
    Rule(
        "notifications",
        lambda ids, notes: notes,
        _notification_changes,
        notification_part=True,
    ),
    Rule(
        "part-time timetables",
        lambda ids, notes: PartTimeTimetable.objects.filter(notification__in=notes),
        _blank("reason_details", "parent_name", "support_in_place", "return_plan"),
        notification_part=True,
    ),
    Rule(
        "part-time timetable reviews",
        lambda ids, notes: TimetableReview.objects.filter(plan__notification__in=notes),
        _blank("reason"),
        notification_part=True,
    ),
    Rule(
        "removals from roll",
        lambda ids, notes: RemovalFromRoll.objects.filter(notification__in=notes),
        _blank(
            "future_address_line_1",
            "future_address_line_2",
            "future_town",
            "future_postcode",
            "future_parent_name",
        ),
        notification_part=True,
    ),
    Rule(
        "parents' details on removals from roll",
        lambda ids, notes: RemovalParent.objects.filter(removal__notification__in=notes),
        notification_part=True,
    ),
    Rule(
        "other missing out on education",
        lambda ids, notes: OtherMissingEducation.objects.filter(notification__in=notes),
        _blank("reason_details", "provision_in_place"),
        notification_part=True,
    ),
    Rule(
        "early-years notifications",
        lambda ids, notes: EarlyYearsMissing.objects.filter(notification__in=notes),
        _blank("concerns", "other_services"),
        notification_part=True,
    ),
    Rule(
        "early-years contact attempts",
        lambda ids, notes: ContactAttempt.objects.filter(early_years__notification__in=notes),
        _blank("outcome"),
        notification_part=True,
    ),
    Rule(
        "episodes",
        lambda ids, notes: Episode.objects.filter(child__in=ids),
        lambda: {
            "reason": "",
            "outcome_notes": "",
            "updated_at": timezone.now(),
            "version": F("version") + 1,
        },
    ),
    Rule(
        "episode events",
        lambda ids, notes: EpisodeEvent.objects.filter(episode__child__in=ids),
        _blank("details"),
    ),
    Rule("notes", lambda ids, notes: Note.objects.filter(child__in=ids)),
    Rule(
        "CME enquiry actions",
        lambda ids, notes: EnquiryAction.objects.filter(episode__child__in=ids),
        _blank("contacted", "outcome"),
    ),
    Rule(
        "referrals",
        lambda ids, notes: Referral.objects.filter(episode__child__in=ids),
        _referral_changes,
    ),
    Rule(
        "referral events",
        lambda ids, notes: ReferralEvent.objects.filter(referral__episode__child__in=ids),
        _blank("notes"),
    ),
    Rule(
        "merges",
        lambda ids, notes: ChildMerge.objects.filter(Q(kept__in=ids) | Q(merged__in=ids)),
        # What the merge filled held the merged record's details.
        lambda: {"reason": "", "filled": {}},
    ),
    Rule(
        "subject access exports",
        lambda ids, notes: SubjectAccessExport.objects.filter(child__in=ids),
        _blank("reason"),
    ),
    Rule("reminders", lambda ids, notes: Reminder.objects.filter(episode__child__in=ids)),
    # Last: the records themselves (merged records too).
    Rule("child records", lambda ids, notes: Child.objects.filter(pk__in=ids), _child_changes),
)


# Unlinked notifications --------------------------------------------------------


def unlinked_notifications_past_period(cutoffs: Cutoffs) -> models.QuerySet[Notification]:
    """Sent notifications never linked to a child, sent before the register
    cutoff and not yet anonymised."""
    return (
        Notification.objects.submitted()
        .filter(child__isnull=True, submitted_at__lt=start_of(cutoffs.register))
        .exclude(first_name=ANONYMISED, last_name="", date_of_birth__isnull=True)
    )


# The run ---------------------------------------------------------------------


@dataclass
class Report:
    """What a run did (or, in a dry run, would do): counts only, no names."""

    cutoffs: Cutoffs
    dry_run: bool
    files: int = 0
    files_held: int = 0
    in_files: dict[str, int] = field(default_factory=dict)
    unlinked_notifications: int = 0
    reminders: int = 0
    audit_events: int = 0
    sign_in_records: int = 0
    sessions: int = 0

    @property
    def changed_anything(self) -> bool:
        return any(
            (
                self.files,
                self.unlinked_notifications,
                self.reminders,
                self.audit_events,
                self.sign_in_records,
                self.sessions,
            )
        )

    def summary(self) -> str:
        """One line for the audit log: counts, never names."""
        return (
            f"Retention run for {self.cutoffs.today.isoformat()}: anonymised "
            f"{self.files} children's files and {self.unlinked_notifications} unlinked "
            f"notifications; deleted {self.reminders} reminders, {self.audit_events} audit "
            f"events, {self.sign_in_records} sign-in records and {self.sessions} expired "
            f"sessions; {self.files_held} files kept by a legal hold"
        )


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _count_into(totals: dict[str, int], label: str, count: int) -> None:
    totals[label] = totals.get(label, 0) + count


def _apply_rule(rule: Rule, rows: models.QuerySet[Any]) -> int:
    if rule.deletes:
        return rows.delete()[1].get(rows.model._meta.label, 0)
    return rows.update(**rule.changes())  # type: ignore[misc]


def _anonymise_file(child: Child, group: list[int], totals: dict[str, int]) -> None:
    """Anonymise one file (a record and the records merged into it) and say
    so in the audit log: one event, counts only."""
    notifications = Notification.objects.filter(child__in=group)
    counts: dict[str, int] = {}
    for rule in RULES:
        counts[rule.label] = _apply_rule(rule, rule.rows(group, notifications))
        _count_into(totals, rule.label, counts[rule.label])
    parents = counts["parents' details on removals from roll"]
    AuditEvent.objects.record(
        action=Action.DELETE,
        obj=child,
        child=child,
        summary=(
            "Anonymised under the retention rules (every episode closed over "
            f"{settings.RETENTION_CASEWORK_YEARS} years ago): {counts['child records']} "
            f"records, {counts['notifications']} notifications, {counts['episodes']} "
            f"episodes; deleted {counts['notes']} notes, {parents} parents' details, "
            f"{counts['reminders']} reminders"
        ),
    )


def _files(report: Report) -> None:
    cutoffs = report.cutoffs
    candidates = list(files_past_period(cutoffs).order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(candidates, FILE_BATCH):
        if report.dry_run:
            due, held = due_and_held(chunk)
            report.files += len(due)
            report.files_held += len(held)
            members = [pk for group in due.values() for pk in group]
            notifications = Notification.objects.filter(child__in=members)
            for rule in RULES:
                _count_into(report.in_files, rule.label, rule.rows(members, notifications).count())
            continue
        with transaction.atomic():
            # Checked again under lock: a legal hold placed since is honoured.
            locked = list(
                files_past_period(cutoffs).filter(pk__in=chunk).select_for_update().order_by("pk")
            )
            due, held = due_and_held([child.pk for child in locked])
            report.files_held += len(held)
            for child in locked:
                if child.pk in due:
                    _anonymise_file(child, due[child.pk], report.in_files)
                    report.files += 1


def _unlinked_notifications(report: Report) -> None:
    due = unlinked_notifications_past_period(report.cutoffs)
    if report.dry_run:
        report.unlinked_notifications = due.count()
        return
    pks = list(due.order_by("pk").values_list("pk", flat=True))
    rules = [rule for rule in RULES if rule.notification_part]
    for chunk in _chunks(pks, FILE_BATCH):
        with transaction.atomic():
            notifications = Notification.objects.filter(pk__in=chunk)
            for rule in rules:
                _apply_rule(rule, rule.rows([], notifications))
            for pk in chunk:
                AuditEvent.objects.record(
                    action=Action.DELETE,
                    obj=Notification(pk=pk),
                    summary=(
                        "Anonymised under the retention rules (sent over "
                        f"{settings.RETENTION_REGISTER_YEARS} years ago, never linked to a child)"
                    ),
                )
            report.unlinked_notifications += len(chunk)


def _delete_in_batches(rows: models.QuerySet[Any], dry_run: bool) -> int:
    if dry_run:
        return rows.count()
    deleted = 0
    while batch := list(rows.values_list("pk", flat=True)[:DELETE_BATCH]):
        with transaction.atomic():
            deleted += rows.model.objects.filter(pk__in=batch).delete()[0]
    return deleted


def held_children() -> list[int]:
    """Records on legal hold and every record merged into them."""
    held = Child.objects.filter(legal_hold=True).values_list("pk", flat=True)
    return [pk for group in with_merged_records(held).values() for pk in group]


def _audit_events(report: Report) -> None:
    cutoff = start_of(report.cutoffs.audit)
    events = AuditEvent.objects.exclude(child_id__in=held_children())
    if report.dry_run:
        report.audit_events = events.filter(at__lt=cutoff).count()
    else:
        report.audit_events = events.delete_written_before(cutoff, batch_size=DELETE_BATCH)


def run(today: date, *, dry_run: bool) -> Report:
    """Apply every retention rule as of `today` (or, with `dry_run`, count
    what would change and change nothing)."""
    report = Report(cutoffs=Cutoffs.as_of(today), dry_run=dry_run)
    _files(report)
    _unlinked_notifications(report)
    report.reminders = _delete_in_batches(
        Reminder.objects.filter(created_at__lt=start_of(report.cutoffs.reminders)), dry_run
    )
    _audit_events(report)
    signed_in_before = start_of(report.cutoffs.audit)
    report.sign_in_records = sum(
        _delete_in_batches(model.objects.filter(attempt_time__lt=signed_in_before), dry_run)
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    )
    report.sessions = _delete_in_batches(
        Session.objects.filter(expire_date__lt=timezone.now()), dry_run
    )
    if not dry_run and report.changed_anything:
        AuditEvent.objects.record(action=Action.DELETE, summary=report.summary())
    return report
