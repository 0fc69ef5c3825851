"""The CSV loader: the whole file is checked first, every problem is named
with its row number, and nothing is saved unless every row is right."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.school_calendar import demo
from inclusion_tracker.school_calendar.loader import (
    Mode,
    TermDatesFileError,
    load_term_dates,
)
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.school_calendar.school_days import is_school_day

HEADER = "urn,academic_year,kind,name,first_day,last_day\n"
GOOD = HEADER + (
    ",2026,term,Autumn 1,2026-08-26,2026-10-16\n"
    ",2026,term,Autumn 2,26/10/2026,18/12/2026\n"
    ",2026/27,inset,Staff training day,2026-08-26,\n"
    "990002,2026,inset,,2026-11-23,\n"
)


@pytest.fixture
def academy(db):
    return EstablishmentFactory(urn="990002", name="Hallam Fields Academy")


def errors_for(text, mode=Mode.REPLACE):
    with pytest.raises(TermDatesFileError) as raised:
        load_term_dates(text, mode=mode)
    return raised.value.errors


def test_a_good_file_is_loaded_with_one_audit_event_per_owner_and_year(academy):
    loaded = load_term_dates(GOOD.encode(), source="dates.csv")
    assert [owner_year.summary for owner_year in loaded] == [
        "2026/27 for the local authority: 2 terms and 1 non-school day",
        "2026/27 for Hallam Fields Academy (990002): 0 terms and 1 non-school day",
    ]
    assert list(Term.objects.values_list("name", "first_day", "last_day")) == [
        ("Autumn 1", date(2026, 8, 26), date(2026, 10, 16)),
        ("Autumn 2", date(2026, 10, 26), date(2026, 12, 18)),
    ]
    assert NonSchoolDay.objects.get(establishment=academy).kind == NonSchoolDay.Kind.INSET
    assert sorted(
        AuditEvent.objects.filter(action=Action.IMPORT).values_list("summary", flat=True)
    ) == [
        "Loaded term dates from dates.csv: 2026/27 for Hallam Fields Academy (990002): 0 terms and 1 non-school day",
        "Loaded term dates from dates.csv: 2026/27 for the local authority: 2 terms and 1 non-school day",
    ]
    # The school days follow at once.
    assert not is_school_day(date(2026, 8, 26))
    assert is_school_day(date(2026, 8, 27))
    assert not is_school_day(date(2026, 11, 23), establishment=academy)


def test_loading_the_same_file_again_replaces_the_years_it_gives(academy):
    load_term_dates(GOOD)
    Term.objects.create(
        academic_year=2027, name="Autumn 1", first_day=date(2027, 9, 1), last_day=date(2027, 10, 15)
    )
    loaded = load_term_dates(GOOD)
    assert loaded[0].summary == (
        "2026/27 for the local authority: 2 terms and 1 non-school day, "
        "replacing 2 terms and 1 non-school day"
    )
    assert Term.objects.count() == 3  # 2027/28 was not in the file: kept
    assert NonSchoolDay.objects.count() == 2


def test_adding_keeps_what_is_saved_and_refuses_clashes(academy):
    load_term_dates(GOOD)
    assert errors_for(GOOD, Mode.ADD) == [
        "Row 2: the term overlaps Autumn 1 2026/27 (26 August 2026 to 16 October 2026), "
        "already saved for the local authority",
        "Row 3: the term overlaps Autumn 2 2026/27 (26 October 2026 to 18 December 2026), "
        "already saved for the local authority",
        "Row 4: 26 August 2026 is already a non-school day for the local authority",
        "Row 5: 23 November 2026 is already a non-school day for Hallam Fields Academy (990002)",
    ]
    load_term_dates(HEADER + ",2026,term,Spring 1,2027-01-04,2027-02-12\n", mode=Mode.ADD)
    assert Term.objects.count() == 3


def test_a_term_name_already_saved_is_refused_when_adding(db):
    load_term_dates(HEADER + ",2026,term,Autumn 1,2026-08-26,2026-10-16\n")
    assert errors_for(HEADER + ",2026,term,autumn 1,2027-01-04,2027-02-12\n", Mode.ADD) == [
        "Row 2: there is already a term called Autumn 1 in 2026/27 for the local authority"
    ]


@pytest.mark.parametrize(
    "row, error",
    [
        ("123456,2026,term,Autumn 1,2026-09-01,2026-10-16", "Row 2: there is no establishment with URN 123456"),
        (",26,term,Autumn 1,2026-09-01,2026-10-16", "Row 2: enter the academic_year as the year the school year starts, like 2026 for 2026/27"),
        (",2026/28,term,Autumn 1,2026-09-01,2026-10-16", "Row 2: enter the academic_year as the year the school year starts, like 2026 for 2026/27"),
        (",2026,holiday,Autumn 1,2026-09-01,2026-10-16", "Row 2: the kind must be term, inset, closure or other"),
        (",2026,term,Autumn 1,,2026-10-16", "Row 2: enter the first_day"),
        (",2026,term,Autumn 1,2026-09-31,2026-10-16", "Row 2: the first_day must be a real date, like 2026-09-01"),
        (",2026,term,,2026-09-01,2026-10-16", "Row 2: enter the term's name, like Autumn 1"),
        (",2026,term," + "A" * 51 + ",2026-09-01,2026-10-16", "Row 2: the term's name must be 50 characters or fewer"),
        (",2026,term,Autumn 1,2026-09-01,", "Row 2: enter the last_day of the term"),
        (",2026,term,Autumn 1,2026-09-01,16 October", "Row 2: the last_day must be a real date, like 2026-10-16"),
        (",2026,term,Autumn 1,2026-10-16,2026-09-01", "Row 2: the last_day must be the same as or after the first_day"),
        (",2026,term,Autumn 1,2026-07-20,2026-10-16", "Row 2: the term must be within the 2026/27 school year, from 1 August 2026 to 31 July 2027"),
        (",2026,inset,,2026-09-01,2026-09-02", "Row 2: leave the last_day blank for a non-school day (one row for each day)"),
        (",2026,inset," + "A" * 201 + ",2026-09-01,", "Row 2: the description must be 200 characters or fewer"),
        (",2027,inset,,2026-09-01,", "Row 2: 1 September 2026 is not in the 2027/28 school year"),
        (",2026,closure,,2026-09-05,", "Row 2: 5 September 2026 is a Saturday: a non-school day must be a weekday"),
    ],
)  # fmt: skip
def test_each_bad_row_is_named_with_its_problem(db, row, error):
    assert errors_for(HEADER + row + "\n") == [error]


def test_clashes_within_the_file_are_named(db):
    assert errors_for(
        HEADER
        + ",2026,term,Autumn 1,2026-09-01,2026-10-16\n"
        + ",2026,term,Autumn 2,2026-10-12,2026-12-18\n"
        + ",2026,term,AUTUMN 1,2027-01-04,2027-02-12\n"
        + ",2026,inset,,2026-09-01,\n"
        + ",2026,inset,,01/09/2026,\n"
    ) == [
        "Row 3: the term overlaps Autumn 1 on row 2",
        "Row 4: AUTUMN 1 is already on row 2 for the same school year",
        "Row 6: 1 September 2026 is already on row 5",
    ]


@pytest.mark.parametrize(
    "text, error",
    [
        ("", "The file is empty: it needs a first row naming the columns"),
        (HEADER, "The file has no term dates in it, only the first row"),
        (
            "urn,academic_year,name,first_day\n,2026,Autumn 1,2026-09-01\n",
            "The first row must name the columns urn, academic_year, kind, name, first_day "
            "and last_day: kind, last_day are missing",
        ),
        (
            "urn,academic_year,kind,name,first_day\n",
            "The first row must name the columns urn, academic_year, kind, name, first_day "
            "and last_day: last_day is missing",
        ),
    ],
)
def test_a_file_without_its_columns_or_rows_is_refused(db, text, error):
    assert errors_for(text) == [error]


def test_nothing_is_saved_when_any_row_is_wrong(db):
    load_term_dates(HEADER + ",2026,term,Autumn 1,2026-08-26,2026-10-16\n")
    errors = errors_for(
        HEADER
        + ",2026,term,Autumn 1,2026-09-01,2026-10-16\n"
        + ",2026,term,Autumn 2,2026-10-26,2026-12-18\n"
        + ",2026,inset,,2026-09-05,\n"
    )
    assert errors == ["Row 4: 5 September 2026 is a Saturday: a non-school day must be a weekday"]
    assert list(Term.objects.values_list("name", "first_day")) == [("Autumn 1", date(2026, 8, 26))]
    assert AuditEvent.objects.filter(action=Action.IMPORT).count() == 1


def test_blank_rows_extra_columns_any_column_order_and_windows_1252_are_accepted(db):
    text = (
        "Name,URN,Kind,Academic_Year,Notes,First_Day,Last_Day\n"
        "Autumn 1,,term,2026,café,2026-09-01,2026-10-16\n"
        ",,,,,,\n"
    )
    load_term_dates(text.encode("cp1252"))
    assert Term.objects.get().name == "Autumn 1"


def test_the_demo_loads_190_school_days_a_year_and_can_run_twice(db):
    from inclusion_tracker.school_calendar.school_days import calendar_for

    EstablishmentFactory(urn="990002")
    demo.load()
    demo.load()
    calendar = calendar_for(None)
    for year in (2025, 2026, 2027):
        assert Term.objects.filter(establishment=None, academic_year=year).count() == 6
        assert calendar.count_school_days(date(year, 8, 1), date(year + 1, 7, 31)) == 190
    assert NonSchoolDay.objects.filter(establishment__urn="990002").count() == 2


# The management command -----------------------------------------------------------


def test_the_command_loads_a_file_and_reports_what_it_loaded(db, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text(HEADER + ",2026,term,Autumn 1,2026-08-26,2026-10-16\n")
    out = StringIO()
    call_command("load_term_dates", str(path), stdout=out)
    assert (
        out.getvalue() == "Loaded 2026/27 for the local authority: 1 term and 0 non-school days\n"
    )
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert event.actor is None
    assert event.summary.startswith("Loaded term dates from dates.csv:")


def test_the_command_lists_every_problem_and_saves_nothing(db, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text(
        HEADER + ",2026,term,Autumn 1,2026-08-26,2026-10-16\n,2026,inset,,2026-09-05,\n"
        "999999,2026,inset,,2026-09-07,\n"
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"^dates.csv has 2 problems. Nothing was saved.$"):
        call_command("load_term_dates", str(path), stderr=err)
    assert err.getvalue().splitlines() == [
        "Row 3: 5 September 2026 is a Saturday: a non-school day must be a weekday",
        "Row 4: there is no establishment with URN 999999",
    ]
    assert not Term.objects.exists()


def test_the_command_adds_with_add(db, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text(HEADER + ",2026,term,Autumn 1,2026-08-26,2026-10-16\n")
    call_command("load_term_dates", str(path), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("load_term_dates", str(path), "--add", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_term_dates", str(tmp_path / "missing.csv"))
