"""One reader for the CSV files people upload or give a command: term dates
(`school_calendar/loader.py`, the upload page and `load_term_dates`) and the
Get Information About Schools file (`establishments/importer.py`). Whatever
is in the file, the caller gets rows of text or a `CsvFileError` whose message
says what to fix; nothing reaches the database that PostgreSQL would refuse,
and nothing ends in a traceback.

- Size: the caller gives its limit (a setting); a larger file is refused
  before it is parsed.
- Not CSV: a ZIP file or Excel workbook (.xlsx, .xls), or "Unicode text"
  (UTF-16 or UTF-32, which Excel writes for "Unicode Text (*.txt)"), is
  refused by its first bytes.
- Line endings: CRLF (Windows), LF and CR alone (old Mac spreadsheets) all end
  a line.
- NUL characters are refused, naming the line: they are never in CSV text
  (PostgreSQL cannot store one) and usually mean the file was saved in
  another format.
- Encoding: the caller names the file's encoding; a UTF-8 byte order mark
  (what Excel writes for "CSV UTF-8") switches to UTF-8 whatever it is.
  Bytes the encoding cannot read are kept as lone surrogates, so the caller
  can name the line and column (`undecodable`).
- A line the csv module cannot read (a value over 131,072 characters, which
  almost always means a quote mark was never closed) is refused, naming it.
- Formulas: `formula_start` says whether a spreadsheet would run a value as
  a formula (CSV injection: a value starting with =, +, -, @, a tab or a
  carriage return). The importers refuse such values, naming the row: none is
  legitimate in these files, and a value saved now may be exported to a
  spreadsheet later.
"""

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

MB = 1024 * 1024
KB = 1024

# The first bytes of files that are not CSV text, and what to tell the user.
_NOT_CSV = (
    (
        b"PK\x03\x04",
        "The file is a ZIP file or an Excel workbook, not a CSV file: unzip it, "
        "or save it from the spreadsheet as CSV",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "The file is an Excel workbook, not a CSV file: save it from the spreadsheet as CSV",
    ),
    (codecs.BOM_UTF32_LE, "The file is saved as Unicode text (UTF-32): save it again as CSV UTF-8"),
    (codecs.BOM_UTF32_BE, "The file is saved as Unicode text (UTF-32): save it again as CSV UTF-8"),
    (codecs.BOM_UTF16_LE, "The file is saved as Unicode text (UTF-16): save it again as CSV UTF-8"),
    (codecs.BOM_UTF16_BE, "The file is saved as Unicode text (UTF-16): save it again as CSV UTF-8"),
)
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"

# OWASP "CSV injection": a cell starting with one of these is a formula to a
# spreadsheet. Key: the character; value: how a message names it.
FORMULA_STARTS = {
    "=": "=",
    "+": "+",
    "-": "-",
    "@": "@",
    "\t": "a tab",
    "\r": "a carriage return",
}


class CsvFileError(ValueError):
    """The file cannot be read; the message says what to fix. Nothing was saved."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def size_label(size: int) -> str:
    """A size as GOV.UK writes it: 1MB, 2.5MB, 512KB."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + "MB"
    if size >= KB:
        return f"{size / KB:.1f}".removesuffix(".0") + "KB"
    return f"{size} bytes"


def too_large(limit: int) -> str:
    return f"The file must be smaller than {size_label(limit)}"


def text_lines(file: BinaryIO | Iterable[bytes], *, encoding: str, max_bytes: int) -> Iterator[str]:
    """The lines of `file` (opened in binary mode) as text, each ending in
    "\\n" whatever the file's line endings. Raises CsvFileError as soon as the
    file is larger than `max_bytes`, is not CSV text or has a NUL character."""
    read = 0
    number = 0
    for index, raw in enumerate(file):
        read += len(raw)
        if read > max_bytes:
            raise CsvFileError(too_large(max_bytes))
        if index == 0:
            for start, message in _NOT_CSV:
                if raw.startswith(start):
                    raise CsvFileError(message, 1)
            if raw.startswith(codecs.BOM_UTF8):
                encoding, raw = "utf-8", raw[len(codecs.BOM_UTF8) :]
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        for line in raw.split(b"\r"):  # a carriage return alone ends a line too
            number += 1
            if b"\x00" in line:
                raise CsvFileError(
                    f"The file contains a NUL character on line {number}: save it again as CSV",
                    number,
                )
            yield line.decode(encoding, errors="surrogateescape") + "\n"


def rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record of `lines` with the number of the line it starts on (a
    quoted value can run over several lines)."""
    reader = csv.reader(lines)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = reader.line_num
            if "field larger than field limit" in str(error):
                message = (
                    f"Line {start} has a value longer than {csv.field_size_limit():,} "
                    "characters: check that every quote mark is closed"
                )
            else:
                message = f"Line {line} cannot be read as CSV: save the file again as CSV"
            raise CsvFileError(message, start) from None
        yield start, record
        start = reader.line_num + 1


def undecodable(text: str) -> bool:
    """Whether `text` holds bytes its encoding could not read (see `text_lines`)."""
    return bool(_UNDECODABLE.search(text))


def formula_start(value: str) -> str | None:
    """What would make a spreadsheet run `value` as a formula ("=", "+", "-",
    "@", "a tab" or "a carriage return"), as typed or once spaces are trimmed;
    None when nothing would."""
    for text in (value, value.strip()):
        if text[:1] in FORMULA_STARTS:
            return FORMULA_STARTS[text[:1]]
    return None
