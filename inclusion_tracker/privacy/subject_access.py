"""A subject access export: everything held about one child, as a ZIP.

- `summary.html`: a readable, self-contained page (no links out, no
  scripts): the export's details, the child's timeline and every record,
  each field under its label;
- `data.json`: every record of every type, each field by name;
- one CSV file per type (`notifications.csv`, `episodes.csv`, ...), the same
  fields, dates as 2026-03-16, cells that a spreadsheet would run as a
  formula made inert.

Records merged into the child's record are included (their details, and
everything they held has moved to this record). Each type is one query
(`SOURCES`), so the export costs the same number of queries however big the
file is. People other than the child appear (parents, staff, other
professionals): whoever answers the request reviews the files before
sending them (docs/retention.md).
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from inclusion_tracker.audit.models import AuditEvent
from inclusion_tracker.casework.models import ChildMerge, EnquiryAction, Episode, EpisodeEvent, Note
from inclusion_tracker.casework.timeline import timeline_for
from inclusion_tracker.children.models import Child
from inclusion_tracker.notifications.models import (
    ContactAttempt,
    EarlyYearsMissing,
    Notification,
    OffsiteProvision,
    OtherMissingEducation,
    PartTimeTimetable,
    RemovalFromRoll,
    RemovalParent,
    TimetableReview,
)
from inclusion_tracker.privacy.models import SubjectAccessExport
from inclusion_tracker.privacy.retention import with_merged_records
from inclusion_tracker.referrals.models import Referral, ReferralEvent
from inclusion_tracker.reminders.models import Reminder

# Never exported: internal tokens and counters, and the address of the device
# a member of staff used (about them, not the child).
LEFT_OUT = {"form_token", "version", "completed_pages", "ip_address"}
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Source:
    """One type of record: its file name, its heading, how to find the rows
    for the child's records (ids) in one query, and each row's heading in
    summary.html. Extra columns (name: function of the row) add labels the
    model does not store as choices."""

    key: str
    title: str
    rows: Callable[[list[int]], models.QuerySet[Any]]
    heading: Callable[[Any], str]
    extra: tuple[tuple[str, str, Callable[[Any], str]], ...] = ()


def _day(value: date | None) -> str:
    return date_format(value, "j F Y") if value else "date not recorded"


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i")


SOURCES: tuple[Source, ...] = (
    Source(
        "child",
        "The child's record",
        lambda ids: Child.objects.filter(pk__in=ids).select_related(
            "current_establishment", "created_by", "merged_into", "legal_hold_by"
        ),
        lambda child: (
            f"Record {child.pk}, merged into record {child.merged_into_id}"
            if child.merged_into_id
            else f"Record {child.pk}"
        ),
    ),
    Source(
        "notifications",
        "Notifications from schools",
        lambda ids: Notification.objects.filter(child__in=ids).select_related(
            "establishment", "created_by", "submitted_by"
        ),
        lambda row: f"{row.get_kind_display()}: notification {row.reference}",
    ),
    Source(
        "part_time_timetables",
        "Part-time timetables",
        lambda ids: PartTimeTimetable.objects.filter(notification__child__in=ids).select_related(
            "notification"
        ),
        lambda row: f"Part-time timetable in notification {row.notification.reference}",
    ),
    Source(
        "offsite_provisions",
        "Off-site provision on part-time timetables",
        lambda ids: OffsiteProvision.objects.filter(
            plan__notification__child__in=ids
        ).select_related("plan__notification"),
        lambda row: f"Off-site provision in notification {row.plan.notification.reference}",
    ),
    Source(
        "timetable_reviews",
        "Reviews of part-time timetables",
        lambda ids: TimetableReview.objects.filter(
            plan__notification__child__in=ids
        ).select_related("plan__notification", "recorded_by"),
        lambda row: (
            f"Review on {_day(row.reviewed_on)} of notification {row.plan.notification.reference}"
        ),
    ),
    Source(
        "removals_from_roll",
        "Removals from roll",
        lambda ids: RemovalFromRoll.objects.filter(notification__child__in=ids).select_related(
            "notification", "new_school"
        ),
        lambda row: f"Removal from roll in notification {row.notification.reference}",
    ),
    Source(
        "removal_parents",
        "Parents and carers named on removals from roll",
        lambda ids: RemovalParent.objects.filter(
            removal__notification__child__in=ids
        ).select_related("removal__notification"),
        lambda row: f"Parent or carer in notification {row.removal.notification.reference}",
    ),
    Source(
        "other_missing_education",
        "Other missing out on education",
        lambda ids: OtherMissingEducation.objects.filter(
            notification__child__in=ids
        ).select_related("notification"),
        lambda row: f"Missing out on education in notification {row.notification.reference}",
    ),
    Source(
        "early_years",
        "Early-years children missing education",
        lambda ids: EarlyYearsMissing.objects.filter(notification__child__in=ids).select_related(
            "notification"
        ),
        lambda row: f"Early years in notification {row.notification.reference}",
    ),
    Source(
        "contact_attempts",
        "Early-years contact attempts",
        lambda ids: ContactAttempt.objects.filter(
            early_years__notification__child__in=ids
        ).select_related("early_years__notification"),
        lambda row: (
            f"{row.get_method_display()} on {_day(row.attempted_on)}, notification "
            f"{row.early_years.notification.reference}"
        ),
    ),
    Source(
        "episodes",
        "Episodes (the Inclusion service's work)",
        lambda ids: Episode.objects.filter(child__in=ids).select_related(
            "owner", "establishment", "closure_requested_by", "closure_approved_by", "found_at"
        ),
        lambda row: f"{row.get_kind_display()}, episode {row.pk}, opened {_day(row.opened_on)}",
        extra=(
            ("status_label", "Status (as shown)", lambda row: row.status_label),
            ("outcome_label", "Outcome (as shown)", lambda row: row.outcome_label),
            (
                "moved_to_label",
                "Moved to (as shown)",
                lambda row: row.moved_to_authority.label if row.moved_to_authority else "",
            ),
        ),
    ),
    Source(
        "episode_events",
        "Episode history",
        lambda ids: EpisodeEvent.objects.filter(episode__child__in=ids).select_related(
            "by", "notification"
        ),
        lambda row: f"{row.summary} (episode {row.episode_id}, {_moment(row.at)})",
    ),
    Source(
        "notes",
        "Notes",
        lambda ids: Note.objects.filter(child__in=ids).select_related("author"),
        lambda row: f"Note by {row.author}, {_moment(row.created_at)}",
    ),
    Source(
        "enquiry_actions",
        "Children missing education (CME) enquiry actions",
        lambda ids: EnquiryAction.objects.filter(episode__child__in=ids).select_related(
            "recorded_by"
        ),
        lambda row: f"{row.get_method_display()} on {_day(row.taken_on)}",
    ),
    Source(
        "referrals",
        "Referrals to support services",
        lambda ids: Referral.objects.filter(episode__child__in=ids).select_related(
            "service", "recorded_by"
        ),
        lambda row: f"Referral to {row.service} on {_day(row.made_on)}",
    ),
    Source(
        "referral_events",
        "Referral history",
        lambda ids: ReferralEvent.objects.filter(referral__episode__child__in=ids).select_related(
            "by"
        ),
        lambda row: f"{row.summary} on {_day(row.on)} (referral {row.referral_id})",
    ),
    Source(
        "merges",
        "Merges of this child's records",
        lambda ids: ChildMerge.objects.filter(Q(kept__in=ids) | Q(merged__in=ids)).select_related(
            "merged_by", "reversed_by"
        ),
        lambda row: f"Record {row.merged_id} merged into record {row.kept_id}",
    ),
    Source(
        "reminders",
        "Reminder e-mails about the child",
        lambda ids: Reminder.objects.filter(episode__child__in=ids).select_related("recipient"),
        lambda row: f"{row.get_kind_display()} to {row.recipient}",
    ),
    Source(
        "subject_access_exports",
        "Earlier subject access exports",
        lambda ids: SubjectAccessExport.objects.filter(child__in=ids).select_related("exported_by"),
        lambda row: f"Export by {row.exported_by}, {_moment(row.exported_at)}",
    ),
    Source(
        "audit_events",
        "Who saw or changed the child's record (audit log)",
        lambda ids: AuditEvent.objects.filter(child__in=ids).select_related("actor"),
        lambda row: (
            f"{row.get_action_display()} by {row.actor or 'the service'}, {_moment(row.at)}"
        ),
    ),
)


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    value: Callable[[Any], Any]


def _field_value(field: models.Field) -> Callable[[Any], Any]:
    """The field's value: a related row's name when it was loaded with the
    row (select_related), otherwise its id; a choice's label."""
    if field.is_relation:

        def related(row):
            if field.is_cached(row):  # type: ignore[attr-defined]
                value = field.get_cached_value(row)  # type: ignore[attr-defined]
                return str(value) if value is not None else None
            return getattr(row, field.attname)

        return related
    if field.choices:
        labels = dict(field.flatchoices)
        return lambda row: labels.get(getattr(row, field.attname), getattr(row, field.attname))
    return lambda row: getattr(row, field.attname)


def columns_of(source: Source, model: type[models.Model]) -> list[Column]:
    columns = [
        Column(field.name, str(field.verbose_name), _field_value(field))
        for field in model._meta.concrete_fields
        if field.name not in LEFT_OUT
    ]
    return columns + [Column(name, label, value) for name, label, value in source.extra]


@dataclass
class Section:
    source: Source
    columns: list[Column]
    rows: list[Any]

    def values(self) -> list[list[Any]]:
        return [[column.value(row) for column in self.columns] for row in self.rows]


@dataclass
class Export:
    record: SubjectAccessExport
    filename: str
    content: bytes


def collect(child: Child) -> list[Section]:
    """Every type of record held about `child` and the records merged into it."""
    ids = with_merged_records([child.pk])[child.pk]
    sections = []
    for source in SOURCES:
        queryset = source.rows(ids)
        sections.append(Section(source, columns_of(source, queryset.model), list(queryset)))
    return sections


# Formats ---------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _text(value: Any) -> str:
    """A value as a person reads it (CSV and summary.html)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dict | list):
        return json.dumps(value) if value else ""
    return str(value)


def _cell(value: Any) -> str:
    """A value for a spreadsheet: dates as 2026-03-16, times as 2026-03-16 14:05
    (Europe/London), yes or no."""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return _text(value)


def inert(text: str) -> str:
    """A cell a spreadsheet will show, not run (OWASP: CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def to_csv(section: Section) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.name for column in section.columns])
    for values in section.values():
        writer.writerow([inert(_cell(value)) for value in values])
    return out.getvalue()


def to_json(child: Child, sections: list[Section], record: SubjectAccessExport) -> str:
    data = {
        "child_record": child.pk,
        "exported_at": _json(record.exported_at),
        "exported_by": str(record.exported_by),
        "sections": {
            section.source.key: [
                {
                    column.name: _json(value)
                    for column, value in zip(section.columns, values, strict=True)
                }
                for values in section.values()
            ]
            for section in sections
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def to_html(child: Child, sections: list[Section], record: SubjectAccessExport) -> str:
    readable = []
    for section in sections:
        rows = []
        for row, values in zip(section.rows, section.values(), strict=True):
            items = [
                (column.label[:1].upper() + column.label[1:], _text(value))
                for column, value in zip(section.columns, values, strict=True)
            ]
            rows.append(
                {"heading": section.source.heading(row), "items": [i for i in items if i[1]]}
            )
        readable.append({"key": section.source.key, "title": section.source.title, "rows": rows})
    return render_to_string(
        "privacy/summary.html",
        {
            "child": child,
            "record": record,
            "sections": readable,
            "timeline": timeline_for(child),
            "record_count": record.record_count,
            "service_name": settings.SERVICE_NAME,
            "la_name": settings.LA_NAME,
        },
    )


def export(child: Child, *, by, reason: str) -> Export:
    """Build the ZIP and keep a record of the export (who, when, why, how
    many records). The caller writes the audit event in the same transaction."""
    sections = collect(child)
    record = SubjectAccessExport.objects.create(
        child=child,
        exported_by=by,
        reason=reason,
        record_count=sum(len(section.rows) for section in sections),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", to_html(child, sections, record))
        archive.writestr("data.json", to_json(child, sections, record))
        for section in sections:
            archive.writestr(f"{section.source.key}.csv", to_csv(section))
    today = timezone.localdate(record.exported_at)
    return Export(
        record=record,
        filename=f"subject-access-child-{child.pk}-{today.isoformat()}.zip",
        content=buffer.getvalue(),
    )
