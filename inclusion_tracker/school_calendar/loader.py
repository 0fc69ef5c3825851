"""Load term dates and non-school days from a CSV file (the upload page and
`manage.py load_term_dates`). The whole file is checked first; if any row is
wrong, every problem is reported with its row number and nothing is saved.

The columns (first row; any order; other columns are ignored):

    urn            the establishment's URN; blank for the local authority's dates
    academic_year  the year the school year starts: 2026 (or 2026/27)
    kind           term, inset, closure or other
    name           a term's name ("Autumn 1"); for a non-school day, a description
    first_day      a term's first day, or the non-school day: 2026-09-01 or 01/09/2026
    last_day       a term's last day; blank for a non-school day

Rows are numbered as a spreadsheet shows them: the first row of dates is row 2.
The file is read by the shared CSV reader (core/csv_files.py): up to
TERM_DATES_CSV_MAX_BYTES, UTF-8 or else Windows-1252, any line endings, no NUL
characters, and no name a spreadsheet would run as a formula.

The file is one local authority's (the team manager's on the upload page,
`--la` for the command, else the deployment's own): blank URNs are its dates,
and every URN must be one of its establishments.

Modes: "replace" (the default) deletes the terms and non-school days that an
owner (the local authority or an establishment) already has in each academic
year the file gives for it, then adds the file's; running the same file
twice gives the same result. "add" keeps what is there and adds the file's.
See docs/calendar.md.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core import csv_files
from inclusion_tracker.core.csv_files import CsvFileError
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.establishments.models import Establishment, LocalAuthority
from inclusion_tracker.school_calendar.apps import clear_school_days_cache
from inclusion_tracker.school_calendar.models import (
    NonSchoolDay,
    Term,
    owner_label,
    year_bounds,
    year_label,
)
from inclusion_tracker.school_calendar.years import academic_year_of

COLUMNS = ("urn", "academic_year", "kind", "name", "first_day", "last_day")
KINDS = {"term": None, **{kind.value: kind for kind in NonSchoolDay.Kind}}
MAX_ROWS = 10_000
MAX_ERRORS_SHOWN = 50


class Mode(models.TextChoices):
    REPLACE = "replace", "Replace the dates already saved for each school year in the file"
    ADD = "add", "Add to the dates already saved"


class TermDatesFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class TermRow:
    row: int
    establishment: Establishment | None
    academic_year: int
    name: str
    first_day: date
    last_day: date


@dataclass
class DayRow:
    row: int
    establishment: Establishment | None
    academic_year: int
    kind: str
    date: date
    description: str


@dataclass
class OwnerYear:
    """What the file gives for one owner's academic year, and what it replaces:
    an establishment's, or the local authority's (`establishment` None)."""

    establishment: Establishment | None
    local_authority: LocalAuthority
    academic_year: int
    terms: list[TermRow] = field(default_factory=list)
    days: list[DayRow] = field(default_factory=list)
    terms_replaced: int = 0
    days_replaced: int = 0

    @property
    def summary(self) -> str:
        text = (
            f"{year_label(self.academic_year)} for {owner_label(self.establishment)}: "
            f"{plural(len(self.terms), 'term')} and "
            f"{plural(len(self.days), 'non-school day')}"
        )
        if self.terms_replaced or self.days_replaced:
            text += (
                f", replacing {plural(self.terms_replaced, 'term')} and "
                f"{plural(self.days_replaced, 'non-school day')}"
            )
        return text

    @property
    def owner(self) -> Establishment | LocalAuthority:
        return self.establishment or self.local_authority


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def encoding_of(content: bytes) -> str:
    """UTF-8 (with or without Excel's byte order mark) when the whole file is
    UTF-8, else Windows-1252: what Excel on Windows writes for "CSV (Comma
    delimited)". A deliberate choice, see docs/calendar.md."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")


def parse_year(text: str) -> int | None:
    match = YEAR.match(text.strip())
    if not match:
        return None
    start = int(match.group(1))
    end = match.group(2)
    if end and int(end) % 100 != (start + 1) % 100:
        return None
    return start if 2000 <= start <= 2100 else None


def parse_date(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def read_rows(content: bytes | str) -> list[tuple[int, dict[str, str]]]:
    """The file's rows of values by column name, numbered as a spreadsheet
    numbers them, read with the shared CSV reader (core/csv_files.py)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    encoding = encoding_of(content)
    try:
        return _read_rows(content, encoding)
    except CsvFileError as error:
        raise TermDatesFileError([str(error)]) from None


def _read_rows(content: bytes, encoding: str) -> list[tuple[int, dict[str, str]]]:
    lines = csv_files.text_lines(
        io.BytesIO(content), encoding=encoding, max_bytes=settings.TERM_DATES_CSV_MAX_BYTES
    )
    records = (record for _, record in csv_files.rows(lines))
    header = next(records, None)
    if header is None:
        raise TermDatesFileError(["The file is empty: it needs a first row naming the columns"])
    _check_decoded(1, header)
    names = [name.strip().lower() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise TermDatesFileError(
            [
                "The first row must name the columns urn, academic_year, kind, name, "
                f"first_day and last_day: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing"
            ]
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(records, start=2):
        _check_decoded(number, values)
        if not any(value.strip() for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise TermDatesFileError(
                [f"The file has more than {MAX_ROWS:,} rows: split it into smaller files"]
            )
        padded = values + [""] * (len(names) - len(values))
        rows.append((number, dict(zip(names, padded, strict=False))))
    if not rows:
        raise TermDatesFileError(["The file has no term dates in it, only the first row"])
    return rows


def _check_decoded(number: int, values: list[str]) -> None:
    if csv_files.undecodable("".join(values)):
        raise TermDatesFileError(
            [
                f"The file must be saved as CSV UTF-8: row {number} has characters that are "
                "neither UTF-8 nor Windows-1252"
            ]
        )


def deployments_local_authority() -> LocalAuthority:
    """The LA a file is loaded for when none is given: the first of LA_CODES."""
    authority = LocalAuthority.by_code(settings.LA_CODES[0])
    if authority is None:
        raise TermDatesFileError([f"There is no local authority with code {settings.LA_CODES[0]}"])
    return authority


def check(
    content: bytes | str,
    mode: str = Mode.REPLACE,
    local_authority: LocalAuthority | None = None,
) -> list[OwnerYear]:
    """Read and check the whole file for one local authority (None: the
    deployment's own): the owner-years it gives, or TermDatesFileError with
    every problem found."""
    authority = local_authority or deployments_local_authority()
    errors: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in read_rows(content):
        # The name is the one column kept as free text; the others must be a
        # URN, a year, a kind or a date, and say so.
        formula = csv_files.formula_start(raw["name"])
        if formula:
            errors.append(
                f"Row {number}: the name starts with {formula}, which a spreadsheet would run "
                "as a formula: remove it"
            )
        rows.append((number, {name: value.strip() for name, value in raw.items()}))
    urns = {values["urn"] for _, values in rows if values["urn"]}
    establishments = {e.urn: e for e in Establishment.objects.filter(urn__in=urns)}
    terms: list[TermRow] = []
    days: list[DayRow] = []
    for number, values in rows:
        problems: list[str] = []
        urn = values["urn"]
        establishment = establishments.get(urn) if urn else None
        if urn and establishment is None:
            problems.append(f"there is no establishment with URN {urn}")
        elif establishment is not None and establishment.la_code != authority.code:
            problems.append(
                f"{establishment.name} (URN {urn}) is not in {authority.display_name}'s area"
            )
        year = parse_year(values["academic_year"])
        if year is None:
            problems.append(
                "enter the academic_year as the year the school year starts, like 2026 for 2026/27"
            )
        kind_text = values["kind"].lower()
        if kind_text not in KINDS:
            problems.append("the kind must be term, inset, closure or other")
        first = last = None
        if not values["first_day"]:
            problems.append("enter the first_day")
        else:
            first = parse_date(values["first_day"])
            if first is None:
                problems.append("the first_day must be a real date, like 2026-09-01")
        name = values["name"]
        if kind_text == "term":
            if not name:
                problems.append("enter the term's name, like Autumn 1")
            elif len(name) > 50:
                problems.append("the term's name must be 50 characters or fewer")
            if not values["last_day"]:
                problems.append("enter the last_day of the term")
            else:
                last = parse_date(values["last_day"])
                if last is None:
                    problems.append("the last_day must be a real date, like 2026-10-16")
        elif kind_text in KINDS:
            if values["last_day"] and parse_date(values["last_day"]) != first:
                problems.append(
                    "leave the last_day blank for a non-school day (one row for each day)"
                )
            if len(name) > 200:
                problems.append("the description must be 200 characters or fewer")
        if not problems and year is not None and first is not None:
            start, end = year_bounds(year)
            if kind_text == "term" and last is not None:
                if last < first:
                    problems.append("the last_day must be the same as or after the first_day")
                elif first < start or last > end:
                    problems.append(
                        f"the term must be within the {year_label(year)} school year, "
                        f"from {govuk_date(start)} to {govuk_date(end)}"
                    )
                else:
                    terms.append(TermRow(number, establishment, year, name, first, last))
            elif kind_text != "term":
                if academic_year_of(first) != year:
                    problems.append(
                        f"{govuk_date(first)} is not in the {year_label(year)} school year"
                    )
                elif first.weekday() >= 5:
                    problems.append(
                        f"{govuk_date(first)} is a {first:%A}: a non-school day must be a weekday"
                    )
                else:
                    days.append(DayRow(number, establishment, year, kind_text, first, name))
        errors.extend(f"Row {number}: {problem}" for problem in problems)

    plan = _group(terms, days, authority)
    errors.extend(_clashes(plan, mode, authority))
    if errors:
        errors.sort(key=_row_number)
        raise TermDatesFileError(errors)
    return list(plan.values())


def _row_number(error: str) -> int:
    match = re.match(r"Row (\d+):", error)
    return int(match.group(1)) if match else 0


OwnerKey = tuple[int | None, int]


def _group(
    terms: list[TermRow], days: list[DayRow], authority: LocalAuthority
) -> dict[OwnerKey, OwnerYear]:
    plan: dict[OwnerKey, OwnerYear] = {}
    items: list[TermRow | DayRow] = [*terms, *days]
    for item in items:
        owner = item.establishment.pk if item.establishment else None
        key = (owner, item.academic_year)
        if key not in plan:
            plan[key] = OwnerYear(item.establishment, authority, item.academic_year)
        if isinstance(item, TermRow):
            plan[key].terms.append(item)
        else:
            plan[key].days.append(item)
    return plan


def _clashes(plan: dict[OwnerKey, OwnerYear], mode: str, authority: LocalAuthority) -> list[str]:
    """Terms overlapping, term names repeated and days given twice: within the
    file, and against what is saved and stays."""
    errors: list[str] = []
    owners = {owner for owner, _ in plan}
    if not owners:
        return errors
    replaced = set(plan) if mode == Mode.REPLACE else set()
    scope = Q(establishment_id__in=[o for o in owners if o is not None])
    if None in owners:
        scope |= Q(local_authority=authority)
    saved_terms: dict[int | None, list[Term]] = defaultdict(list)
    for term in Term.objects.filter(scope):
        if (term.establishment_id, term.academic_year) not in replaced:
            saved_terms[term.establishment_id].append(term)
    saved_days: dict[int | None, set[date]] = defaultdict(set)
    for owner, day in NonSchoolDay.objects.filter(scope).values_list("establishment_id", "date"):
        if (owner, academic_year_of(day)) not in replaced:
            saved_days[owner].add(day)

    file_terms: dict[int | None, list[TermRow]] = defaultdict(list)
    file_days: dict[int | None, dict[date, int]] = defaultdict(dict)
    for (file_owner, _), owner_year in sorted(plan.items(), key=lambda item: str(item[0])):
        for row in owner_year.terms:
            for other in file_terms[file_owner]:
                if other.first_day <= row.last_day and other.last_day >= row.first_day:
                    errors.append(
                        f"Row {row.row}: the term overlaps {other.name} on row {other.row}"
                    )
                    break
                if (
                    other.academic_year == row.academic_year
                    and other.name.lower() == row.name.lower()
                ):
                    errors.append(
                        f"Row {row.row}: {row.name} is already on row {other.row} for the same school year"
                    )
                    break
            file_terms[file_owner].append(row)
            for term in saved_terms[file_owner]:
                who = owner_label(row.establishment)
                if term.first_day <= row.last_day and term.last_day >= row.first_day:
                    errors.append(
                        f"Row {row.row}: the term overlaps {term.name} {term.year_label} "
                        f"({term.dates_label}), already saved for {who}"
                    )
                    break
                if (
                    term.academic_year == row.academic_year
                    and term.name.lower() == row.name.lower()
                ):
                    errors.append(
                        f"Row {row.row}: there is already a term called {term.name} in "
                        f"{term.year_label} for {who}"
                    )
                    break
        for day_row in owner_year.days:
            earlier = file_days[file_owner].get(day_row.date)
            if earlier:
                errors.append(
                    f"Row {day_row.row}: {govuk_date(day_row.date)} is already on row {earlier}"
                )
            elif day_row.date in saved_days[file_owner]:
                errors.append(
                    f"Row {day_row.row}: {govuk_date(day_row.date)} is already a non-school day "
                    f"for {owner_label(day_row.establishment)}"
                )
            file_days[file_owner][day_row.date] = day_row.row
    return errors


def load_term_dates(
    content: bytes | str,
    *,
    local_authority: LocalAuthority | None = None,
    mode: str = Mode.REPLACE,
    request=None,
    user=None,
    source: str = "",
) -> list[OwnerYear]:
    """Check the whole file for one local authority (None: the deployment's
    own), then save it in one transaction with one audit event per owner and
    academic year. Raises TermDatesFileError (nothing saved) when any row is
    wrong."""
    with transaction.atomic():
        plan = check(content, mode, local_authority)
        save(plan, mode)
        for owner_year in plan:
            where = f" from {source}" if source else ""
            AuditEvent.objects.record(
                request,
                user=user,
                action=Action.IMPORT,
                obj=owner_year.establishment,
                summary=f"Loaded term dates{where}: {owner_year.summary}",
            )
    return plan


def save(plan: list[OwnerYear], mode: str) -> None:
    """Save a checked file (see `check`), in the caller's transaction."""
    with transaction.atomic():
        for owner_year in plan:
            _save(owner_year, mode)
        clear_school_days_cache()


def _save(owner_year: OwnerYear, mode: str) -> None:
    establishment = owner_year.establishment
    # An establishment's own dates, or the LA's: never both (the models' rule).
    authority = None if establishment else owner_year.local_authority
    if mode == Mode.REPLACE:
        first, last = year_bounds(owner_year.academic_year)
        owner_year.terms_replaced, _ = (
            Term.objects.for_owner(owner_year.owner)
            .filter(academic_year=owner_year.academic_year)
            .delete()
        )
        owner_year.days_replaced, _ = (
            NonSchoolDay.objects.for_owner(owner_year.owner)
            .filter(date__range=(first, last))
            .delete()
        )
    Term.objects.bulk_create(
        Term(
            establishment=establishment,
            local_authority=authority,
            academic_year=row.academic_year,
            name=row.name,
            first_day=row.first_day,
            last_day=row.last_day,
        )
        for row in owner_year.terms
    )
    NonSchoolDay.objects.bulk_create(
        NonSchoolDay(
            establishment=establishment,
            local_authority=authority,
            date=row.date,
            kind=row.kind,
            description=row.description,
        )
        for row in owner_year.days
    )
