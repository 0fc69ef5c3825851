"""Read the Get Information About Schools (GIAS) "all establishment data" CSV
(edubasealldataYYYYMMDD.csv) and bring the Establishment table up to date.

The whole file is read and checked before anything is saved: one bad row
stops the import with a message naming its line and column, and nothing is
written. Rows are matched on URN; a row is saved only when one of its fields
has changed, so importing the same file twice changes nothing the second time.

The file is Windows-1252 (cp1252). A file that starts with a UTF-8 byte order
mark (as written by some spreadsheet programs) is read as UTF-8 instead. The
shared reader (core/csv_files.py) refuses a file larger than
GIAS_CSV_MAX_BYTES, one that is not CSV text and one with a NUL character; a
value the import keeps may not start like a spreadsheet formula.
See docs/establishments.md.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO, NoReturn

from django.conf import settings
from django.db import transaction

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core import csv_files
from inclusion_tracker.core.csv_files import CsvFileError
from inclusion_tracker.establishments.models import Establishment

# GIAS column -> model field. Every other column in the file is ignored.
COLUMNS = {
    "URN": "urn",
    "LA (code)": "la_code",
    "LA (name)": "la_name",
    "EstablishmentNumber": "establishment_number",
    "EstablishmentName": "name",
    "TypeOfEstablishment (name)": "type_name",
    "EstablishmentTypeGroup (name)": "type_group",
    "EstablishmentStatus (name)": "status",
    "OpenDate": "open_date",
    "CloseDate": "close_date",
    "PhaseOfEducation (name)": "phase",
    "StatutoryLowAge": "statutory_low_age",
    "StatutoryHighAge": "statutory_high_age",
    "Postcode": "postcode",
}
# Columns that must have a value, in the order they are checked.
REQUIRED_VALUES = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
)
# Columns kept as free text: a value in one of these may not start like a
# spreadsheet formula. (The others are checked as numbers, dates or a status.)
TEXT_COLUMNS = (
    "LA (name)",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "PhaseOfEducation (name)",
    "Postcode",
)
STATUSES = {
    "Open": Establishment.Status.OPEN,
    "Closed": Establishment.Status.CLOSED,
    "Open, but proposed to close": Establishment.Status.OPEN_PROPOSED_TO_CLOSE,
    "Proposed to open": Establishment.Status.PROPOSED_TO_OPEN,
}
# Fields compared (and saved) on an existing establishment.
FIELDS = [*COLUMNS.values(), "is_special_school", "is_early_years_setting"]

_DATE = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{4}")


class GiasFileError(CsvFileError):
    """The file is not a GIAS establishment CSV we can read; nothing was saved.
    (The shared reader's own CsvFileError, for a file that is not CSV text at
    all, is its base class.)"""

    def __init__(self, line: int, message: str, column: str | None = None):
        self.column = column
        where = f'Line {line}, column "{column}"' if column else f"Line {line}"
        super().__init__(f"{where}: {message}", line)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    dry_run: bool = False

    @property
    def summary(self) -> str:
        return (
            f"Created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {self.skipped} (other local authorities)"
        )


def import_establishments(
    file: BinaryIO,
    la_codes: Iterable[str],
    *,
    dry_run: bool = False,
    source: str = "",
    max_bytes: int | None = None,
) -> ImportResult:
    """Import the GIAS CSV in `file` (opened in binary mode), keeping the rows
    whose LA code is in `la_codes`. Raises CsvFileError (GiasFileError for a
    row), having saved nothing, if the file cannot be read or any row is
    malformed. With `dry_run`, counts what would change and saves nothing."""
    la_codes = set(la_codes)
    wanted, skipped = read_establishments(file, la_codes, max_bytes=max_bytes)

    with transaction.atomic():
        existing = Establishment.objects.in_bulk(list(wanted), field_name="urn")
        to_create, to_update = [], []
        for urn, values in wanted.items():
            establishment = existing.get(urn)
            if establishment is None:
                to_create.append(Establishment(**values))
                continue
            changed = False
            for field, value in values.items():
                if getattr(establishment, field) != value:
                    setattr(establishment, field, value)
                    changed = True
            if changed:
                to_update.append(establishment)

        result = ImportResult(
            created=len(to_create),
            updated=len(to_update),
            unchanged=len(wanted) - len(to_create) - len(to_update),
            skipped=skipped,
            dry_run=dry_run,
        )
        if dry_run:
            return result
        Establishment.objects.bulk_create(to_create, batch_size=500)
        Establishment.objects.bulk_update(to_update, FIELDS, batch_size=500)
        codes = ", ".join(sorted(la_codes))
        AuditEvent.objects.record(
            action=Action.IMPORT,
            summary=f"GIAS establishments{f' from {source}' if source else ''} "
            f"for LA {codes}: {result.summary}",
        )
    return result


def read_establishments(
    file: BinaryIO, la_codes: set[str], *, max_bytes: int | None = None
) -> tuple[dict[str, dict], int]:
    """Check every row of the file. Returns the field values of the
    establishments in `la_codes`, by URN, and the number of rows skipped
    because they belong to another local authority."""
    lines = csv_files.text_lines(
        file, encoding="cp1252", max_bytes=max_bytes or settings.GIAS_CSV_MAX_BYTES
    )
    records = csv_files.rows(lines)
    _, header = next(records, (1, None))
    if header is None or not any(name.strip() for name in header):
        raise GiasFileError(1, "the file is empty; expected a GIAS establishment CSV")
    header = [name.strip() for name in header]
    _check_text(1, header, header)
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        names = ", ".join(f'"{column}"' for column in missing)
        raise GiasFileError(
            1, f"the header row has no {'column' if len(missing) == 1 else 'columns'} {names}"
        )
    positions = {column: header.index(column) for column in COLUMNS}

    wanted: dict[str, dict] = {}
    first_seen: dict[str, int] = {}
    skipped = 0
    for start, row in records:
        if not row or row == [""]:
            continue  # a blank line
        if len(row) != len(header):
            raise GiasFileError(
                start, f"the row has {len(row)} fields but the header has {len(header)}"
            )
        _check_text(start, header, row)
        for column in TEXT_COLUMNS:
            formula = csv_files.formula_start(row[positions[column]])
            if formula:
                raise GiasFileError(
                    start,
                    f"starts with {formula}, which a spreadsheet would run as a formula",
                    column,
                )
        raw = {column: row[position].strip() for column, position in positions.items()}
        values = _parse_row(start, raw)
        urn = values["urn"]
        if urn in first_seen:
            raise GiasFileError(
                start, f"URN {urn} appears twice (first on line {first_seen[urn]})", "URN"
            )
        first_seen[urn] = start
        if values["la_code"] in la_codes:
            wanted[urn] = values
        else:
            skipped += 1
    return wanted, skipped


def _check_text(line: int, header: list[str], row: list[str]) -> None:
    if not csv_files.undecodable("".join(row)):
        return
    for position, value in enumerate(row):
        if csv_files.undecodable(value):
            column = header[position] if row is not header else None
            raise GiasFileError(line, "has bytes that are not Windows-1252 (cp1252) text", column)


def _parse_row(line: int, raw: dict[str, str]) -> dict:
    def fail(column: str, message: str) -> NoReturn:
        raise GiasFileError(line, message, column)

    for column in REQUIRED_VALUES:
        if not raw[column]:
            fail(column, "is empty")

    urn = raw["URN"]
    if not (urn.isascii() and urn.isdigit() and len(urn) <= 8):
        fail("URN", f'"{urn}" is not a URN; expected up to 8 digits')
    la_code = raw["LA (code)"]
    if not (la_code.isascii() and la_code.isdigit() and len(la_code) == 3):
        fail("LA (code)", f'"{la_code}" is not an LA code; expected 3 digits')
    number = raw["EstablishmentNumber"]
    if number and not (number.isascii() and number.isdigit() and len(number) <= 4):
        fail("EstablishmentNumber", f'"{number}" is not an establishment number; expected 4 digits')
    status_name = raw["EstablishmentStatus (name)"]
    if status_name not in STATUSES:
        known = "; ".join(STATUSES)
        fail(
            "EstablishmentStatus (name)",
            f'"{status_name}" is not a GIAS establishment status (one of: {known})',
        )

    values: dict[str, Any] = {field: raw[column] for column, field in COLUMNS.items()}
    values["status"] = STATUSES[status_name]
    for column in ("OpenDate", "CloseDate"):
        values[COLUMNS[column]] = _parse_date(line, column, raw[column])
    for column in ("StatutoryLowAge", "StatutoryHighAge"):
        values[COLUMNS[column]] = _parse_age(line, column, raw[column])
    for column, field in COLUMNS.items():
        limit = getattr(Establishment._meta.get_field(field), "max_length", None)
        if limit and len(values[field]) > limit:
            fail(column, f"is longer than {limit} characters")

    type_name = values["type_name"].lower()
    values["is_special_school"] = (
        values["type_group"] == "Special schools" or "special" in type_name
    )
    values["is_early_years_setting"] = (
        values["phase"] == "Nursery" or "nursery school" in type_name or "early years" in type_name
    )
    return values


def _parse_date(line: int, column: str, value: str) -> date | None:
    if not value:
        return None
    if _DATE.fullmatch(value):
        day, month, year = (int(part) for part in value.split("-"))
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise GiasFileError(line, f'"{value}" is not a date in the form DD-MM-YYYY', column)


def _parse_age(line: int, column: str, value: str) -> int | None:
    if not value:
        return None
    if value.isascii() and value.isdigit() and int(value) <= 99:
        return int(value)
    raise GiasFileError(line, f'"{value}" is not an age in whole years', column)
