"""Bad term dates files, on the upload page and with `load_term_dates`: each
gets a clear message saying what to fix (on the page, in the error summary
linked to the file input), nothing is saved, and none ends in a 500 or a
traceback. CR-only line endings (old Mac spreadsheets) are read as line ends."""

import codecs
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.school_calendar.loader import TermDatesFileError, load_term_dates
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term

HEADER = "urn,academic_year,kind,name,first_day,last_day"
ROWS = [",2026,term,Autumn 1,2026-09-01,2026-10-16", ",2026,inset,Staff training,2026-09-02,"]


def csv_text(*rows, newline="\n"):
    return newline.join([HEADER, *rows]) + newline


GOOD = csv_text(*ROWS)

NUL_MESSAGE = "The file contains a NUL character on line 3: save it again as CSV"
UTF16_MESSAGE = "The file is saved as Unicode text (UTF-16): save it again as CSV UTF-8"
ENCODING_MESSAGE = (
    "The file must be saved as CSV UTF-8: row 2 has characters that are neither UTF-8 nor "
    "Windows-1252"
)

# (file content, the one message it gets)
BAD_FILES = {
    "a NUL character": (
        csv_text(ROWS[0], ",2026,inset,Staff\x00training,2026-09-02,").encode(),
        NUL_MESSAGE,
    ),
    "UTF-16 with its byte order mark": (GOOD.encode("utf-16"), UTF16_MESSAGE),
    "UTF-16 without a byte order mark": (
        GOOD.encode("utf-16-le"),
        "The file contains a NUL character on line 1: save it again as CSV",
    ),
    "UTF-32": (
        GOOD.encode("utf-32"),
        "The file is saved as Unicode text (UTF-32): save it again as CSV UTF-8",
    ),
    "an Excel workbook": (
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
        "The file is a ZIP file or an Excel workbook, not a CSV file: unzip it, or save it "
        "from the spreadsheet as CSV",
    ),
    "an old Excel workbook": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40,
        "The file is an Excel workbook, not a CSV file: save it from the spreadsheet as CSV",
    ),
    # 0x81 is one of the five bytes Windows-1252 leaves undefined, and not UTF-8.
    "bytes that are neither UTF-8 nor Windows-1252": (
        csv_text(",2026,term,Autumn \x81,2026-09-01,2026-10-16").encode("latin-1"),
        ENCODING_MESSAGE,
    ),
    "a quote mark never closed": (
        csv_text(
            ROWS[0], ',2026,inset,"Staff training,2026-09-02,', *(["x" * 100] * 1400)
        ).encode(),
        "Line 3 has a value longer than 131,072 characters: check that every quote mark is closed",
    ),
    "a name starting with =": (
        csv_text(',2026,term,"=HYPERLINK(""http://example.com"")",2026-09-01,2026-10-16').encode(),
        "Row 2: the name starts with =, which a spreadsheet would run as a formula: remove it",
    ),
    "a description starting with @": (
        csv_text(",2026,inset,@SUM(1+1),2026-09-02,").encode(),
        "Row 2: the name starts with @, which a spreadsheet would run as a formula: remove it",
    ),
    "a description starting with +": (
        csv_text(",2026,inset,+1 day,2026-09-02,").encode(),
        "Row 2: the name starts with +, which a spreadsheet would run as a formula: remove it",
    ),
    "a description starting with -": (
        csv_text(",2026,inset, -2+3,2026-09-02,").encode(),
        "Row 2: the name starts with -, which a spreadsheet would run as a formula: remove it",
    ),
    "a description starting with a tab": (
        csv_text(',2026,inset,"\t=1",2026-09-02,').encode(),
        "Row 2: the name starts with a tab, which a spreadsheet would run as a formula: remove it",
    ),
}


def loader_errors(content):
    with pytest.raises(TermDatesFileError) as raised:
        load_term_dates(content)
    return raised.value.errors


def assert_nothing_saved():
    assert not Term.objects.exists()
    assert not NonSchoolDay.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


# The loader -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", BAD_FILES)
def test_the_loader_refuses_a_bad_file_with_one_clear_message(db, kind):
    content, message = BAD_FILES[kind]
    assert loader_errors(content) == [message]
    assert_nothing_saved()


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_every_kind_of_line_ending_is_read(db, newline):
    load_term_dates(("\ufeff" + csv_text(*ROWS, newline=newline)).encode())
    assert list(Term.objects.values_list("name", flat=True)) == ["Autumn 1"]
    assert list(NonSchoolDay.objects.values_list("description", flat=True)) == ["Staff training"]


def test_a_cr_only_file_numbers_its_rows_as_a_spreadsheet_does(db):
    content = csv_text(ROWS[0], ",2026,inset,,2026-09-05,", newline="\r").encode()
    assert loader_errors(content) == [
        "Row 3: 5 September 2026 is a Saturday: a non-school day must be a weekday"
    ]


def test_a_windows_1252_file_is_still_read_as_windows_1252(db):
    load_term_dates(
        csv_text(",2026,inset,Journée pédagogique – staff,2026-09-02,").encode("cp1252")
    )
    assert NonSchoolDay.objects.get().description == "Journée pédagogique – staff"


def test_a_negative_year_is_a_year_problem_not_a_formula(db):
    assert loader_errors(csv_text(",-2026,inset,,2026-09-02,").encode()) == [
        "Row 2: enter the academic_year as the year the school year starts, like 2026 for 2026/27"
    ]


def test_a_file_over_the_size_limit_is_refused(db, settings):
    settings.TERM_DATES_CSV_MAX_BYTES = 100
    content = csv_text(*ROWS, *ROWS).encode()
    assert len(content) > 100
    assert loader_errors(content) == ["The file must be smaller than 100 bytes"]
    assert_nothing_saved()


# The upload page --------------------------------------------------------------------


def upload(client, content, name="term-dates.csv"):
    return client.post(
        "/term-dates/upload/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "mode": "replace"},
    )


def file_errors(response):
    return response.context["form"].errors.get("file")


@pytest.mark.parametrize("kind", BAD_FILES)
def test_the_upload_page_shows_a_bad_files_problem_in_the_error_summary(client_for, manager, kind):
    content, message = BAD_FILES[kind]
    response = upload(client_for(manager), content)
    assert response.status_code == 200
    assert file_errors(response) == [message]
    page = page_text(response)
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_file">' in page
    assert_nothing_saved()


def test_the_upload_page_reads_a_cr_only_file(client_for, manager):
    response = upload(client_for(manager), csv_text(*ROWS, newline="\r").encode())
    assert response.status_code == 302
    assert Term.objects.get().name == "Autumn 1"


def test_the_upload_page_refuses_a_file_over_the_size_limit_without_reading_it(
    client_for, manager, settings
):
    settings.TERM_DATES_CSV_MAX_BYTES = 2 * 1024 * 1024
    content = GOOD.encode() + b"," * (2 * 1024 * 1024)
    response = upload(client_for(manager), content)
    assert file_errors(response) == ["The selected file must be smaller than 2MB"]
    assert "A CSV file smaller than 2MB" in page_text(response)
    assert_nothing_saved()


def test_a_file_name_with_control_characters_is_not_a_500(client_for, manager):
    response = upload(client_for(manager), GOOD.encode(), name="dates\x00\x07\u202e.csv")
    assert response.status_code in (200, 302)


# The command ------------------------------------------------------------------------


def run_command(path):
    err = StringIO()
    try:
        call_command("load_term_dates", str(path), stdout=StringIO(), stderr=err)
    except CommandError as error:
        return str(error), err.getvalue()
    raise AssertionError("the command loaded the file")


@pytest.mark.parametrize("kind", BAD_FILES)
def test_the_command_refuses_a_bad_file_with_a_clear_message(db, tmp_path, kind):
    content, message = BAD_FILES[kind]
    path = tmp_path / "dates.csv"
    path.write_bytes(content)
    assert run_command(path) == ("dates.csv has 1 problem. Nothing was saved.", message + "\n")
    assert_nothing_saved()


def test_the_command_reads_a_cr_only_file(db, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_bytes(csv_text(*ROWS, newline="\r").encode())
    call_command("load_term_dates", str(path), stdout=StringIO())
    assert Term.objects.get().name == "Autumn 1"


def test_the_command_refuses_a_file_over_the_size_limit(db, tmp_path, settings):
    settings.TERM_DATES_CSV_MAX_BYTES = 1024
    path = tmp_path / "dates.csv"
    path.write_bytes(GOOD.encode() + b"\n" * 1024)
    assert run_command(path) == (
        "dates.csv is larger than 1KB: split it into smaller files (or set "
        "TERM_DATES_CSV_MAX_BYTES). Nothing was saved.",
        "",
    )
    assert_nothing_saved()


def test_utf16_is_recognised_by_either_byte_order_mark(db):
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        assert loader_errors(bom + b"urn") == [UTF16_MESSAGE]


# Any file at all ----------------------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(
        ["", "2026", "2026/27", "term", "inset", "closure", "Autumn 1", "2026-09-01", "01/09/2026"]
    ),
    st.sampled_from(["990002", "31/02/2026", "0000-00-00", "-1", "99999", "=1+1", '"', '""']),
    st.text(max_size=20),
)
LINE_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def term_dates_files(draw) -> bytes:
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6))
    newline = draw(LINE_ENDINGS)
    text = newline.join([HEADER, *(",".join(row) for row in rows)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(content=st.one_of(term_dates_files(), st.binary(max_size=400)))
def test_any_file_is_loaded_or_refused_with_messages_never_an_exception(db, content):
    with transaction.atomic():
        try:
            load_term_dates(content)
        except TermDatesFileError as error:
            assert error.errors
            assert all(isinstance(message, str) and message for message in error.errors)
        transaction.set_rollback(True)
