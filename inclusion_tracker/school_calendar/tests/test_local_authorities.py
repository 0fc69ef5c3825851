"""Each local authority has its own term dates: a school counts its own LA's
school days, and each LA's team managers see and change only their LA's
calendar and their LA's establishments' (another LA's answer 404)."""

import uuid
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.school_calendar.loader import TermDatesFileError, load_term_dates
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.school_calendar.school_days import (
    calendar_for,
    count_school_days,
    is_school_day,
    la_calendar,
)

HEADER = "urn,academic_year,kind,name,first_day,last_day\n"


def add_term(
    la_code=None, establishment=None, name="Summer 2", first=(2025, 6, 2), last=(2025, 7, 22)
):
    return Term.objects.create(
        local_authority_id=la_code,
        establishment=establishment,
        academic_year=2024,
        name=name,
        first_day=date(*first),
        last_day=date(*last),
    )


@pytest.fixture
def two_calendars(db):
    """Leicestershire (855): half-term 26 to 30 May 2025. Leicester (856):
    half-term 2 to 6 June 2025, and an INSET day on Monday 16 June."""
    add_term("855", name="Summer 1", first=(2025, 4, 22), last=(2025, 5, 23))
    add_term("855", name="Summer 2", first=(2025, 6, 2), last=(2025, 7, 22))
    add_term("856", name="Summer 1", first=(2025, 4, 22), last=(2025, 5, 30))
    add_term("856", name="Summer 2", first=(2025, 6, 9), last=(2025, 7, 18))
    NonSchoolDay.objects.create(local_authority_id="856", date=date(2025, 6, 16))


@pytest.fixture
def county_school(db):
    return EstablishmentFactory(name="County Primary School", la_code="855")


@pytest.fixture
def city_school(db):
    return EstablishmentFactory(name="City Primary School", la_code="856", la_name="Leicester")


@pytest.fixture
def city_manager(db):
    return UserFactory(
        email="city.manager@example.com", role=Role.TEAM_MANAGER, local_authority_id="856"
    )


# School days ---------------------------------------------------------------------


def test_a_school_counts_its_own_local_authoritys_school_days(
    two_calendars, county_school, city_school
):
    # Wednesday 4 June 2025: term in Leicestershire, half-term in Leicester.
    assert is_school_day(date(2025, 6, 4), establishment=county_school)
    assert not is_school_day(date(2025, 6, 4), establishment=city_school)
    # Wednesday 28 May 2025: the other way round.
    assert not is_school_day(date(2025, 5, 28), establishment=county_school)
    assert is_school_day(date(2025, 5, 28), establishment=city_school)
    # 2 to 20 June: 15 school days in Leicestershire; 9 in Leicester (from
    # 9 June, less its INSET day on 16 June).
    assert count_school_days(date(2025, 6, 2), date(2025, 6, 20), establishment=county_school) == 15
    assert count_school_days(date(2025, 6, 2), date(2025, 6, 20), establishment=city_school) == 9
    # The same by the establishment's id, and as the LA's own calendar.
    assert calendar_for(city_school.pk) is calendar_for(city_school) is la_calendar("856")
    assert calendar_for(None) is la_calendar("855") is calendar_for(county_school)


def test_a_school_of_a_local_authority_without_term_dates_counts_weekdays_less_bank_holidays(
    two_calendars,
):
    elsewhere = EstablishmentFactory(la_code="857")
    # Half-term in both LAs with dates, a weekday for a Rutland school.
    assert is_school_day(date(2025, 5, 28), establishment=elsewhere)
    assert is_school_day(date(2025, 6, 4), establishment=elsewhere)
    assert not is_school_day(date(2025, 5, 26), establishment=elsewhere)  # bank holiday
    assert not la_calendar("857").has_term_dates(2024)


def test_an_establishments_own_days_add_to_its_own_local_authoritys(two_calendars):
    academy = EstablishmentFactory(la_code="856")
    NonSchoolDay.objects.create(establishment=academy, date=date(2025, 6, 10))
    assert not is_school_day(date(2025, 6, 10), establishment=academy)
    assert not is_school_day(date(2025, 6, 16), establishment=academy)  # Leicester's INSET day
    assert not is_school_day(date(2025, 6, 4), establishment=academy)  # Leicester's half-term
    assert count_school_days(date(2025, 6, 9), date(2025, 6, 13), establishment=academy) == 4
    # Its own terms replace Leicester's for the year, INSET days with them.
    add_term(establishment=academy, name="Summer 2", first=(2025, 6, 3), last=(2025, 7, 20))
    assert is_school_day(date(2025, 6, 4), establishment=academy)
    assert is_school_day(date(2025, 6, 16), establishment=academy)


def test_one_local_authoritys_inset_day_is_not_anothers(two_calendars, county_school, city_school):
    assert is_school_day(date(2025, 6, 16), establishment=county_school)
    assert not is_school_day(date(2025, 6, 16), establishment=city_school)


def test_each_local_authority_may_have_terms_and_days_of_the_same_name_and_date(two_calendars):
    # Both LAs have a Summer 2 2024/25 (the fixture); the same INSET day is fine too.
    NonSchoolDay.objects.create(local_authority_id="855", date=date(2025, 6, 16))
    assert Term.objects.filter(name="Summer 2").count() == 2
    assert NonSchoolDay.objects.filter(date=date(2025, 6, 16)).count() == 2


def test_a_term_saved_without_an_owner_is_the_deployments_local_authoritys(db):
    term = Term.objects.create(
        academic_year=2024, name="Summer 2", first_day=date(2025, 6, 2), last_day=date(2025, 7, 22)
    )
    assert (term.local_authority_id, term.establishment) == ("855", None)
    assert term.owner_label == "the local authority"


# The pages ----------------------------------------------------------------------


def test_each_team_manager_sees_only_their_own_local_authoritys_term_dates(
    client_for, manager, city_manager, two_calendars, county_school, city_school
):
    add_term("855", name="County autumn", first=(2025, 9, 3), last=(2025, 10, 17))
    add_term("856", name="City autumn", first=(2025, 9, 4), last=(2025, 10, 24))
    NonSchoolDay.objects.create(establishment=county_school, date=date(2025, 9, 8))
    NonSchoolDay.objects.create(establishment=city_school, date=date(2025, 9, 8))
    client = client_for(manager)
    county = page_text(client.get("/term-dates/?all=1"))
    assert "County autumn" in county and "City autumn" not in county
    assert "County Primary School" in county and "City Primary School" not in county
    assert "County Primary School" in page_text(client.get("/term-dates/?q=primary"))
    assert "City Primary School" not in page_text(client.get("/term-dates/?q=primary"))
    client = client_for(city_manager)
    city = page_text(client.get("/term-dates/?all=1"))
    assert "City autumn" in city and "County autumn" not in city
    assert "City Primary School" in city and "County Primary School" not in city
    assert "City Primary School" in page_text(client.get("/term-dates/?q=primary"))
    assert "County Primary School" not in page_text(client.get("/term-dates/?q=primary"))


def other_las_urls(la_code, school):
    term = Term.objects.get(local_authority_id=la_code, name="Summer 2")
    day = NonSchoolDay.objects.create(local_authority_id=la_code, date=date(2025, 6, 17))
    own_term = add_term(establishment=school, name="Own", first=(2025, 6, 2), last=(2025, 6, 6))
    own_day = NonSchoolDay.objects.create(establishment=school, date=date(2025, 6, 18))
    return [
        f"/term-dates/terms/{term.pk}/change/",
        f"/term-dates/terms/{term.pk}/delete/",
        f"/term-dates/non-school-days/{day.pk}/delete/",
        f"/term-dates/school/{school.urn}/",
        f"/term-dates/school/{school.urn}/terms/add/",
        f"/term-dates/school/{school.urn}/non-school-days/add/",
        f"/term-dates/terms/{own_term.pk}/change/",
        f"/term-dates/terms/{own_term.pk}/delete/",
        f"/term-dates/non-school-days/{own_day.pk}/delete/",
    ]


@pytest.mark.parametrize("who, other_la", [("manager", "856"), ("city_manager", "855")])
def test_another_local_authoritys_term_dates_are_not_found(
    client_for, manager, city_manager, two_calendars, county_school, city_school, who, other_la
):
    user = {"manager": manager, "city_manager": city_manager}[who]
    school = city_school if other_la == "856" else county_school
    urls = other_las_urls(other_la, school)
    terms, days = Term.objects.count(), NonSchoolDay.objects.count()
    client = client_for(user)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"form_token": str(uuid.uuid4())}).status_code == 404, url
    assert (Term.objects.count(), NonSchoolDay.objects.count()) == (terms, days)
    # Their own LA's and establishments' pages are theirs.
    own = county_school if other_la == "856" else city_school
    assert client.get(f"/term-dates/school/{own.urn}/").status_code == 200
    own_term = Term.objects.exclude(local_authority_id=other_la).filter(name="Summer 2").get()
    assert client.get(f"/term-dates/terms/{own_term.pk}/change/").status_code == 200


def term_form(name="Autumn 1", first=date(2025, 9, 3), last=date(2025, 10, 17)):
    return {
        "academic_year": "2025",
        "name": name,
        "first_day_day": str(first.day),
        "first_day_month": str(first.month),
        "first_day_year": str(first.year),
        "last_day_day": str(last.day),
        "last_day_month": str(last.month),
        "last_day_year": str(last.year),
        "form_token": str(uuid.uuid4()),
    }


def test_a_managers_new_terms_and_days_are_their_own_local_authoritys(
    client_for, manager, city_manager, city_school
):
    add_term("855", name="Autumn 1", first=(2025, 9, 3), last=(2025, 10, 17))
    client = client_for(city_manager)
    # The same name and dates as Leicestershire's: no clash, another LA's.
    response = client.post("/term-dates/terms/add/", term_form())
    assert response.status_code == 302 and response["Location"] == "/term-dates/"
    added = Term.objects.get(local_authority_id="856")
    assert (added.name, added.establishment) == ("Autumn 1", None)
    response = client.post(
        "/term-dates/non-school-days/add/",
        {
            "date_day": "8",
            "date_month": "9",
            "date_year": "2025",
            "kind": "inset",
            "form_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    assert NonSchoolDay.objects.get().local_authority_id == "856"
    assert not is_school_day(date(2025, 9, 8), establishment=city_school)
    assert is_school_day(date(2025, 9, 8))  # Leicestershire's
    # A clash with their own LA's term is refused.
    response = client.post("/term-dates/terms/add/", term_form(name="Autumn 2"))
    assert "The term overlaps Autumn 1 2025/26" in page_text(response)


# Loading a file -----------------------------------------------------------------


def test_a_file_is_loaded_for_one_local_authority_and_replaces_only_its_dates(
    two_calendars, county_school, city_school
):
    text = (
        HEADER
        + ",2024,term,Summer 2,2025-06-10,2025-07-18\n"
        + f"{city_school.urn},2024,inset,,2025-06-11,\n"
    )
    city = city_school.local_authority
    loaded = load_term_dates(text, local_authority=city)
    assert [owner_year.summary for owner_year in loaded] == [
        "2024/25 for the local authority: 1 term and 0 non-school days, "
        "replacing 2 terms and 1 non-school day",
        f"2024/25 for City Primary School ({city_school.urn}): 0 terms and 1 non-school day",
    ]
    assert list(Term.objects.filter(local_authority_id="856").values_list("name", "first_day")) == [
        ("Summer 2", date(2025, 6, 10))
    ]
    assert Term.objects.filter(local_authority_id="855").count() == 2  # untouched
    assert not is_school_day(date(2025, 6, 9), establishment=city_school)
    assert is_school_day(date(2025, 6, 9), establishment=county_school)


def test_a_file_may_not_give_another_local_authoritys_establishments(
    two_calendars, county_school, city_school
):
    text = HEADER + f"{county_school.urn},2024,inset,,2025-06-11,\n"
    with pytest.raises(TermDatesFileError) as raised:
        load_term_dates(text, local_authority=city_school.local_authority)
    assert raised.value.errors == [
        f"Row 2: County Primary School (URN {county_school.urn}) is not in Leicester's area"
    ]


def test_the_upload_page_loads_the_managers_local_authoritys_dates(
    client_for, city_manager, two_calendars, city_school
):
    text = HEADER + ",2024,term,Summer 2,2025-06-10,2025-07-18\n"
    response = client_for(city_manager).post(
        "/term-dates/upload/",
        {"file": SimpleUploadedFile("dates.csv", text.encode()), "mode": "replace"},
    )
    assert response.status_code == 302
    assert Term.objects.get(local_authority_id="856").first_day == date(2025, 6, 10)
    assert Term.objects.filter(local_authority_id="855").count() == 2


def test_the_command_loads_the_local_authority_it_is_given(two_calendars, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text(HEADER + ",2025,term,Autumn 1,2025-09-03,2025-10-17\n")
    call_command("load_term_dates", str(path), "--la", "856", stdout=StringIO())
    assert Term.objects.get(academic_year=2025).local_authority_id == "856"
    call_command("load_term_dates", str(path), stdout=StringIO())  # the deployment's own
    assert Term.objects.filter(academic_year=2025, local_authority_id="855").exists()
    with pytest.raises(CommandError, match="There is no local authority with code 999"):
        call_command("load_term_dates", str(path), "--la", "999", stdout=StringIO())
