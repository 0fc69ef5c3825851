import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.establishments.importer import GiasFileError, import_establishments
from inclusion_tracker.establishments.models import Establishment

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "edubasealldata_sample.csv"
LA_855_URNS = {f"99500{n}" for n in range(1, 9)}

pytestmark = pytest.mark.django_db


# Helpers ---------------------------------------------------------------------


def sample_table():
    """The sample's header and rows, as lists of strings, to build bad files from."""
    rows = list(csv.reader(io.StringIO(SAMPLE.read_bytes().decode("cp1252"), newline="")))
    return rows[0], rows[1:]


def to_bytes(header, rows, encoding="cp1252"):
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows([header, *rows])
    return text.getvalue().encode(encoding)


def sample_with(line, column, value):
    """The sample with one value changed; `line` counts the header as line 1."""
    header, rows = sample_table()
    rows[line - 2][header.index(column)] = value
    return to_bytes(header, rows)


def run(data: bytes, la_codes=("855",), **kwargs):
    return import_establishments(io.BytesIO(data), la_codes, **kwargs)


def run_command(*args):
    out = io.StringIO()
    call_command("import_establishments", *args, stdout=out)
    return out.getvalue()


def rejected(data: bytes) -> str:
    """Import `data`, expecting it to be rejected with nothing saved; returns the message."""
    before = list(Establishment.objects.values_list("urn", "name", "status").order_by("urn"))
    events_before = AuditEvent.objects.count()
    with pytest.raises(GiasFileError) as error:
        run(data)
    after = list(Establishment.objects.values_list("urn", "name", "status").order_by("urn"))
    assert after == before
    assert AuditEvent.objects.count() == events_before
    return str(error.value)


@pytest.fixture
def earlier_import():
    """An earlier import of the sample, with one name since changed locally,
    so a rejected file can be seen to change nothing."""
    run(SAMPLE.read_bytes())
    Establishment.objects.filter(urn="995001").update(name="Oakfield Primary (old name)")


# The sample file ---------------------------------------------------------------


def test_the_sample_file_is_windows_1252_not_utf8():
    data = SAMPLE.read_bytes()
    assert "’".encode("cp1252") in data
    assert "é".encode("cp1252") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


# Importing --------------------------------------------------------------------


def test_importing_the_sample_creates_the_establishments_in_the_local_authority():
    result = run(SAMPLE.read_bytes())
    assert (result.created, result.updated, result.unchanged, result.skipped) == (8, 0, 0, 2)
    assert set(Establishment.objects.values_list("urn", flat=True)) == LA_855_URNS


def test_rows_in_other_local_authorities_are_skipped():
    run(SAMPLE.read_bytes())
    assert not Establishment.objects.filter(la_code__in=["856", "857"]).exists()
    assert not Establishment.objects.filter(urn__in=["995009", "995010"]).exists()


def test_several_local_authorities_can_be_kept():
    result = run(SAMPLE.read_bytes(), la_codes=["855", "856"])
    assert (result.created, result.skipped) == (9, 1)
    assert Establishment.objects.get(urn="995009").la_name == "Leicester"


def test_a_primary_school_is_imported_with_every_field():
    run(SAMPLE.read_bytes())
    school = Establishment.objects.get(urn="995001")
    assert school.la_code == "855"
    assert school.la_name == "Leicestershire"
    assert school.establishment_number == "2001"
    assert school.dfe_number == "855/2001"
    assert school.name == "Oakfield Primary School"
    assert school.type_name == "Community school"
    assert school.type_group == "Local authority maintained schools"
    assert school.phase == "Primary"
    assert school.status == Establishment.Status.OPEN
    assert school.postcode == "LE18 1AA"
    assert school.open_date == date(1974, 9, 1)
    assert school.close_date is None
    assert (school.statutory_low_age, school.statutory_high_age) == (4, 11)
    assert school.is_special_school is False
    assert school.is_early_years_setting is False


def test_non_ascii_names_are_decoded_from_windows_1252():
    run(SAMPLE.read_bytes())
    assert (
        Establishment.objects.get(urn="995006").name == "St Mary’s Church of England Primary School"
    )
    assert Establishment.objects.get(urn="995008").name == "Sainte-Thérèse Catholic Free School"


def test_a_special_school_is_flagged_as_special():
    run(SAMPLE.read_bytes())
    special = Establishment.objects.get(urn="995003")
    assert special.is_special_school is True
    assert special.is_early_years_setting is False
    assert list(Establishment.objects.filter(is_special_school=True)) == [special]


@pytest.mark.parametrize(
    "type_name, type_group",
    [
        ("Foundation special school", "Local authority maintained schools"),
        ("Academy special converter", "Special schools"),
        ("Non-maintained special school", "Special schools"),
        ("Free schools special", "Free Schools"),
        ("Other independent special school", "Independent schools"),
    ],
)
def test_special_school_types_are_flagged_as_special(type_name, type_group):
    header, rows = sample_table()
    rows[0][header.index("TypeOfEstablishment (name)")] = type_name
    rows[0][header.index("EstablishmentTypeGroup (name)")] = type_group
    run(to_bytes(header, rows))
    assert Establishment.objects.get(urn="995001").is_special_school is True


def test_a_nursery_school_is_flagged_as_an_early_years_setting():
    run(SAMPLE.read_bytes())
    nursery = Establishment.objects.get(urn="995004")
    assert nursery.is_early_years_setting is True
    assert nursery.is_special_school is False
    assert nursery.open_date is None
    assert list(Establishment.objects.filter(is_early_years_setting=True)) == [nursery]


def test_a_nursery_type_is_an_early_years_setting_whatever_its_phase():
    data = sample_with(2, "TypeOfEstablishment (name)", "Local authority nursery school")
    run(data)
    assert Establishment.objects.get(urn="995001").is_early_years_setting is True


def test_a_pupil_referral_unit_is_imported_without_flags():
    run(SAMPLE.read_bytes())
    pru = Establishment.objects.get(urn="995005")
    assert pru.type_name == "Pupil referral unit"
    assert pru.phase == "Not applicable"
    assert (pru.is_special_school, pru.is_early_years_setting) == (False, False)


def test_each_gias_status_is_mapped_to_the_model():
    run(SAMPLE.read_bytes())
    statuses = dict(Establishment.objects.values_list("urn", "status"))
    assert statuses["995001"] == Establishment.Status.OPEN
    assert statuses["995006"] == Establishment.Status.OPEN_PROPOSED_TO_CLOSE
    assert statuses["995007"] == Establishment.Status.CLOSED
    assert statuses["995008"] == Establishment.Status.PROPOSED_TO_OPEN


def test_a_closed_school_keeps_its_close_date():
    run(SAMPLE.read_bytes())
    closed = Establishment.objects.get(urn="995007")
    assert closed.close_date == date(2019, 8, 31)
    assert closed not in Establishment.objects.open()


def test_reimporting_the_same_file_changes_nothing():
    run(SAMPLE.read_bytes())
    result = run(SAMPLE.read_bytes())
    assert (result.created, result.updated, result.unchanged, result.skipped) == (0, 0, 8, 2)
    assert Establishment.objects.count() == 8


def test_a_changed_row_is_updated_and_the_others_left_alone():
    run(SAMPLE.read_bytes())
    header, rows = sample_table()
    rows[0][header.index("EstablishmentName")] = "Oakfield Community Primary School"
    rows[0][header.index("EstablishmentStatus (name)")] = "Closed"
    rows[0][header.index("CloseDate")] = "31-08-2025"
    result = run(to_bytes(header, rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 7)
    school = Establishment.objects.get(urn="995001")
    assert school.name == "Oakfield Community Primary School"
    assert school.status == Establishment.Status.CLOSED
    assert school.close_date == date(2025, 8, 31)


def test_a_change_to_an_ignored_column_is_not_an_update():
    run(SAMPLE.read_bytes())
    result = run(sample_with(2, "NumberOfPupils", "250"))
    assert (result.updated, result.unchanged) == (0, 8)


def test_establishments_missing_from_the_file_are_left_alone():
    other = Establishment.objects.create(
        urn="995999", la_code="855", la_name="Leicestershire", name="Kept", type_name="X"
    )
    run(SAMPLE.read_bytes())
    other.refresh_from_db()
    assert other.name == "Kept"


def test_a_utf8_file_with_a_byte_order_mark_is_read_as_utf8():
    header, rows = sample_table()
    run(b"\xef\xbb\xbf" + to_bytes(header, rows, encoding="utf-8"))
    assert Establishment.objects.get(urn="995008").name == "Sainte-Thérèse Catholic Free School"


def test_a_blank_line_at_the_end_is_ignored():
    result = run(SAMPLE.read_bytes() + b"\r\n")
    assert result.created == 8


def test_a_dry_run_counts_the_changes_and_saves_nothing():
    result = run(SAMPLE.read_bytes(), dry_run=True)
    assert (result.created, result.skipped) == (8, 2)
    assert Establishment.objects.count() == 0
    assert not AuditEvent.objects.exists()


# Audit --------------------------------------------------------------------------


def test_an_import_writes_one_audit_event_with_the_counts():
    run(SAMPLE.read_bytes(), source="edubasealldata20250602.csv")
    event = AuditEvent.objects.get()
    assert event.action == Action.IMPORT
    assert event.actor is None
    assert event.summary == (
        "GIAS establishments from edubasealldata20250602.csv for LA 855: "
        "Created 8, updated 0, unchanged 0, skipped 2 (other local authorities)"
    )


# Malformed files ------------------------------------------------------------------


def test_an_empty_file_is_rejected():
    assert rejected(b"") == "Line 1: the file is empty; expected a GIAS establishment CSV"


def test_a_file_of_blank_lines_is_rejected_as_empty():
    assert rejected(b"\r\n\r\n") == "Line 1: the file is empty; expected a GIAS establishment CSV"


def test_a_header_missing_a_required_column_is_rejected():
    header, rows = sample_table()
    header[header.index("OpenDate")] = "DateOpened"
    assert rejected(to_bytes(header, rows)) == 'Line 1: the header row has no column "OpenDate"'


def test_a_header_missing_several_columns_names_them_all():
    assert rejected(b"URN,EstablishmentName\r\n995001,Oakfield\r\n") == (
        'Line 1: the header row has no columns "LA (code)", "LA (name)", '
        '"EstablishmentNumber", "TypeOfEstablishment (name)", '
        '"EstablishmentTypeGroup (name)", "EstablishmentStatus (name)", "OpenDate", '
        '"CloseDate", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge", '
        '"Postcode"'
    )


def test_a_header_written_without_the_space_before_code_is_rejected():
    header, rows = sample_table()
    header[header.index("LA (code)")] = "LA(code)"
    assert rejected(to_bytes(header, rows)) == 'Line 1: the header row has no column "LA (code)"'


def test_a_row_with_too_few_fields_is_rejected(earlier_import):
    header, rows = sample_table()
    rows[3] = rows[3][:-1]
    assert rejected(to_bytes(header, rows)) == "Line 5: the row has 61 fields but the header has 62"


def test_a_row_with_too_many_fields_is_rejected(earlier_import):
    header, rows = sample_table()
    rows[2] = [*rows[2], "extra"]
    assert rejected(to_bytes(header, rows)) == "Line 4: the row has 63 fields but the header has 62"


@pytest.mark.parametrize(
    "line, column, value, message",
    [
        (3, "URN", "99500X", '"99500X" is not a URN; expected up to 8 digits'),
        (3, "URN", "", "is empty"),
        (4, "LA (code)", "85", '"85" is not an LA code; expected 3 digits'),
        (4, "LA (code)", "E10000018", '"E10000018" is not an LA code; expected 3 digits'),
        (
            5,
            "EstablishmentNumber",
            "20O1",
            '"20O1" is not an establishment number; expected 4 digits',
        ),
        (6, "EstablishmentName", "", "is empty"),
        (6, "TypeOfEstablishment (name)", "", "is empty"),
        (7, "OpenDate", "31-02-2020", '"31-02-2020" is not a date in the form DD-MM-YYYY'),
        (7, "OpenDate", "2020-09-01", '"2020-09-01" is not a date in the form DD-MM-YYYY'),
        (8, "CloseDate", "31/08/2019", '"31/08/2019" is not a date in the form DD-MM-YYYY'),
        (8, "StatutoryLowAge", "four", '"four" is not an age in whole years'),
        (8, "StatutoryHighAge", "11.5", '"11.5" is not an age in whole years'),
        (8, "StatutoryHighAge", "-1", '"-1" is not an age in whole years'),
        (
            9,
            "EstablishmentStatus (name)",
            "Shut",
            '"Shut" is not a GIAS establishment status (one of: Open; Closed; '
            "Open, but proposed to close; Proposed to open)",
        ),
        (9, "Postcode", "LE1 1AA LE2 2BB", "is longer than 10 characters"),
    ],
)
def test_a_bad_value_is_rejected_naming_its_line_and_column(
    earlier_import, line, column, value, message
):
    assert (
        rejected(sample_with(line, column, value)) == f'Line {line}, column "{column}": {message}'
    )


def test_a_row_with_several_problems_reports_the_first_column(earlier_import):
    header, rows = sample_table()
    rows[0][header.index("EstablishmentName")] = ""
    rows[0][header.index("URN")] = ""
    assert rejected(to_bytes(header, rows)) == 'Line 2, column "URN": is empty'


def test_a_bad_value_in_the_last_row_after_good_rows_is_rejected(earlier_import):
    data = sample_with(11, "StatutoryHighAge", "eleven")
    assert (
        rejected(data)
        == 'Line 11, column "StatutoryHighAge": "eleven" is not an age in whole years'
    )


def test_a_bad_value_in_a_skipped_local_authority_still_rejects_the_file(earlier_import):
    data = sample_with(10, "OpenDate", "1-9-1980")
    assert (
        rejected(data)
        == 'Line 10, column "OpenDate": "1-9-1980" is not a date in the form DD-MM-YYYY'
    )


def test_bytes_that_are_not_windows_1252_are_rejected(earlier_import):
    # 0x81 is one of the five bytes Windows-1252 leaves undefined.
    data = SAMPLE.read_bytes().replace(b"Riverside Short", b"Riverside \x81Short")
    assert rejected(data) == (
        'Line 6, column "EstablishmentName": has bytes that are not Windows-1252 (cp1252) text'
    )


def test_a_urn_that_appears_twice_is_rejected(earlier_import):
    header, rows = sample_table()
    rows[4][header.index("URN")] = "995002"
    assert rejected(to_bytes(header, rows)) == (
        'Line 6, column "URN": URN 995002 appears twice (first on line 3)'
    )


def test_a_quoted_value_over_several_lines_counts_from_its_first_line(earlier_import):
    header, rows = sample_table()
    rows[0][header.index("Street")] = "Oak Lane\r\nWigston"
    rows[1][header.index("OpenDate")] = "someday"
    assert rejected(to_bytes(header, rows)) == (
        'Line 4, column "OpenDate": "someday" is not a date in the form DD-MM-YYYY'
    )


# The command ------------------------------------------------------------------------


def test_the_command_imports_and_prints_a_summary():
    output = run_command(str(SAMPLE), "--la", "855")
    assert output == "Created 8, updated 0, unchanged 0, skipped 2 (other local authorities)\n"
    assert Establishment.objects.count() == 8


def test_the_command_reports_nothing_created_or_updated_on_a_second_run():
    run_command(str(SAMPLE))
    output = run_command(str(SAMPLE))
    assert output == "Created 0, updated 0, unchanged 8, skipped 2 (other local authorities)\n"


def test_the_command_keeps_the_la_codes_setting_when_none_are_given(settings):
    settings.LA_CODES = ["857"]
    output = run_command(str(SAMPLE))
    assert output == "Created 1, updated 0, unchanged 0, skipped 9 (other local authorities)\n"
    assert Establishment.objects.get().la_name == "Rutland"


def test_the_command_takes_several_la_codes():
    output = run_command(str(SAMPLE), "--la", "856", "--la", "857")
    assert output == "Created 2, updated 0, unchanged 0, skipped 8 (other local authorities)\n"
    assert AuditEvent.objects.get().summary.startswith(
        "GIAS establishments from edubasealldata_sample.csv for LA 856, 857: Created 2"
    )


def test_the_command_dry_run_saves_nothing():
    output = run_command(str(SAMPLE), "--dry-run")
    assert output == (
        "Created 8, updated 0, unchanged 0, skipped 2 (other local authorities)\n"
        "Dry run: nothing was saved.\n"
    )
    assert Establishment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_command_rejects_a_malformed_file_with_the_line_and_column(tmp_path):
    path = tmp_path / "edubasealldata20250602.csv"
    path.write_bytes(sample_with(7, "OpenDate", "31-02-2020"))
    with pytest.raises(CommandError) as error:
        run_command(str(path))
    assert str(error.value) == (
        'Line 7, column "OpenDate": "31-02-2020" is not a date in the form DD-MM-YYYY. '
        "Nothing was saved."
    )
    assert Establishment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_command_rejects_a_file_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError) as error:
        run_command(str(tmp_path / "missing.csv"))
    assert str(error.value) == f"Cannot read {tmp_path / 'missing.csv'}: No such file or directory"


def test_the_command_rejects_an_la_code_that_is_not_three_digits():
    with pytest.raises(CommandError) as error:
        run_command(str(SAMPLE), "--la", "Leicestershire")
    assert str(error.value) == (
        'Error: argument --la: "Leicestershire" is not an LA code; expected 3 digits'
    )
