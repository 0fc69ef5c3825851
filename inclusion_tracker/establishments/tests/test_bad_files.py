"""Bad GIAS files given to `import_establishments`: each gets a clear message
naming what to fix, nothing is saved, and none ends in a traceback. CR-only
line endings are read as line ends."""

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inclusion_tracker.audit.models import AuditEvent
from inclusion_tracker.core.csv_files import CsvFileError
from inclusion_tracker.establishments.importer import import_establishments
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.establishments.tests.test_import import (
    SAMPLE,
    sample_table,
    sample_with,
    to_bytes,
)

pytestmark = pytest.mark.django_db


def zipped_sample() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("edubasealldata20250602.csv", SAMPLE.read_bytes())
    return data.getvalue()


def with_nul_on_line_4() -> bytes:
    lines = SAMPLE.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b",", b",\x00", 1)
    return b"\r\n".join(lines)


def with_unclosed_quote() -> bytes:
    header, rows = sample_table()
    return to_bytes(header, rows) + b'995099,"Oakfield' + b"x" * 140_000


# (file content, the one message it gets)
BAD_FILES = {
    "a NUL character": (
        with_nul_on_line_4(),
        "The file contains a NUL character on line 4: save it again as CSV",
    ),
    "the ZIP file as downloaded": (
        zipped_sample(),
        "The file is a ZIP file or an Excel workbook, not a CSV file: unzip it, or save it "
        "from the spreadsheet as CSV",
    ),
    "UTF-16": (
        SAMPLE.read_bytes().decode("cp1252").encode("utf-16"),
        "The file is saved as Unicode text (UTF-16): save it again as CSV UTF-8",
    ),
    "a quote mark never closed": (
        with_unclosed_quote(),
        f"Line {len(sample_table()[1]) + 2} has a value longer than 131,072 characters: check that every quote mark is "
        "closed",
    ),
    "a name starting with =": (
        sample_with(3, "EstablishmentName", '=HYPERLINK("http://example.com")'),
        'Line 3, column "EstablishmentName": starts with =, which a spreadsheet would run as a '
        "formula",
    ),
    "a postcode starting with @": (
        sample_with(5, "Postcode", "@LE1 1AA"),
        'Line 5, column "Postcode": starts with @, which a spreadsheet would run as a formula',
    ),
    "a type starting with a tab": (
        sample_with(2, "TypeOfEstablishment (name)", "\t+Community school"),
        'Line 2, column "TypeOfEstablishment (name)": starts with a tab, which a spreadsheet '
        "would run as a formula",
    ),
}


def assert_nothing_saved():
    assert not Establishment.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("kind", BAD_FILES)
def test_the_importer_refuses_a_bad_file_with_one_clear_message(kind):
    content, message = BAD_FILES[kind]
    with pytest.raises(CsvFileError) as error:
        import_establishments(io.BytesIO(content), ["855"])
    assert str(error.value) == message
    assert_nothing_saved()


@pytest.mark.parametrize("kind", BAD_FILES)
def test_the_command_refuses_a_bad_file_with_a_clear_message(tmp_path, kind):
    content, message = BAD_FILES[kind]
    path = tmp_path / "edubasealldata20250602.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_establishments", str(path), stdout=io.StringIO())
    assert str(error.value) == f"{message}. Nothing was saved."
    assert_nothing_saved()


def test_a_cr_only_file_is_read():
    content = SAMPLE.read_bytes().replace(b"\r\n", b"\r")
    assert b"\n" not in content
    result = import_establishments(io.BytesIO(content), ["855"])
    assert result.created == 8


def test_a_cr_only_file_still_names_the_line_of_a_problem():
    content = sample_with(7, "OpenDate", "31-02-2020").replace(b"\r\n", b"\r")
    with pytest.raises(CsvFileError) as error:
        import_establishments(io.BytesIO(content), ["855"])
    assert str(error.value) == (
        'Line 7, column "OpenDate": "31-02-2020" is not a date in the form DD-MM-YYYY'
    )


def test_a_negative_age_is_an_age_problem_not_a_formula():
    with pytest.raises(CsvFileError) as error:
        import_establishments(io.BytesIO(sample_with(4, "StatutoryLowAge", "-4")), ["855"])
    assert str(error.value) == 'Line 4, column "StatutoryLowAge": "-4" is not an age in whole years'


def test_the_importer_stops_reading_at_its_size_limit():
    with pytest.raises(CsvFileError) as error:
        import_establishments(io.BytesIO(SAMPLE.read_bytes()), ["855"], max_bytes=1024)
    assert str(error.value) == "The file must be smaller than 1KB"
    assert_nothing_saved()


def test_the_command_refuses_a_file_over_the_size_limit_before_reading_it(tmp_path, settings):
    settings.GIAS_CSV_MAX_BYTES = 1024 * 1024
    path = tmp_path / "edubasealldata20250602.csv"
    path.write_bytes(SAMPLE.read_bytes() + b"\r\n" * (1024 * 1024))
    with pytest.raises(CommandError) as error:
        call_command("import_establishments", str(path), stdout=io.StringIO())
    assert str(error.value) == (
        "edubasealldata20250602.csv is larger than 1MB: is it the GIAS establishments CSV? "
        "(Set GIAS_CSV_MAX_BYTES to read a larger file.) Nothing was saved."
    )
    assert_nothing_saved()


def test_the_command_refuses_a_directory(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_establishments", str(tmp_path), stdout=io.StringIO())
    assert str(error.value) == f"Cannot read {tmp_path}: Is a directory"


# Any change to the file -----------------------------------------------------------------

CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "-1", "=1+1", "31-02-2020", "99999999", "Open", '"', "\x00", "é"]),
)


@st.composite
def changed_samples(draw) -> bytes:
    header, rows = sample_table()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        row = draw(st.integers(min_value=0, max_value=len(rows) - 1))
        column = draw(st.integers(min_value=0, max_value=len(header) - 1))
        rows[row][column] = draw(CELLS)
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows([header, *rows])
    encoding = draw(st.sampled_from(["cp1252", "utf-8", "utf-8-sig"]))
    data = text.getvalue().encode(encoding, errors="replace")
    newline = draw(st.sampled_from([b"\r\n", b"\n", b"\r"]))
    return data.replace(b"\r\n", newline)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(content=st.one_of(changed_samples(), st.binary(max_size=400)))
def test_any_file_is_imported_or_refused_with_a_message_never_an_exception(content):
    with transaction.atomic():
        try:
            import_establishments(io.BytesIO(content), ["855"])
        except CsvFileError as error:
            assert str(error)
        transaction.set_rollback(True)
