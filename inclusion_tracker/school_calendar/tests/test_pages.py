"""Team managers keep the term dates: the local authority's and any
establishment's. Every change is audited; nobody else may see the pages."""

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.school_calendar import school_days
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.school_calendar.school_days import is_school_day

LADDER = {
    "school_user_a": 403,
    "school_user_b": 403,
    "main_contact_a": 403,
    "officer": 403,
    "manager": 200,
    "admin": 403,
    "outsider": 403,
}
HEADER = "urn,academic_year,kind,name,first_day,last_day\n"


def term(establishment=None, year=2026, name="Autumn 1", first=(2026, 9, 1), last=(2026, 10, 16)):
    return Term.objects.create(
        establishment=establishment,
        academic_year=year,
        name=name,
        first_day=date(*first),
        last_day=date(*last),
    )


def date_fields(name, day):
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def term_data(**changes):
    data = {
        "academic_year": "2026",
        "name": "Autumn 2",
        **date_fields("first_day", date(2026, 10, 26)),
        **date_fields("last_day", date(2026, 12, 18)),
        "form_token": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def errors_of(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def summaries(action):
    return list(
        AuditEvent.objects.filter(action=action).order_by("pk").values_list("summary", flat=True)
    )


def page_urls(school):
    autumn = term()
    day = NonSchoolDay.objects.create(date=date(2026, 9, 1))
    return [
        "/term-dates/",
        "/term-dates/upload/",
        f"/term-dates/school/{school.urn}/",
        "/term-dates/terms/add/",
        f"/term-dates/school/{school.urn}/terms/add/",
        f"/term-dates/terms/{autumn.pk}/change/",
        f"/term-dates/terms/{autumn.pk}/delete/",
        "/term-dates/non-school-days/add/",
        f"/term-dates/school/{school.urn}/non-school-days/add/",
        f"/term-dates/non-school-days/{day.pk}/delete/",
    ]


# Permission ladder ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_every_term_dates_page(client_for, school_a):
    for url in page_urls(school_a):
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in/"), url


@pytest.mark.parametrize("who", LADDER)
def test_only_team_managers_may_use_the_term_dates_pages(client_for, cast, school_a, who):
    for url in page_urls(school_a):
        assert client_for(cast[who]).get(url).status_code == LADDER[who], url


def test_missing_terms_days_and_establishments_are_not_found(client_for, manager):
    client = client_for(manager)
    for url in [
        "/term-dates/school/123456/",
        "/term-dates/school/123456/terms/add/",
        "/term-dates/terms/999/change/",
        "/term-dates/terms/999/delete/",
        "/term-dates/non-school-days/999/delete/",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_navigation_offers_term_dates_to_team_managers(client_for, manager, officer):
    assert 'href="/term-dates/"' in page_text(client_for(manager).get("/"))
    officers_home = page_text(client_for(officer).get("/"))
    assert "Your work" in officers_home
    assert 'href="/term-dates/"' not in officers_home


# The list ---------------------------------------------------------------------------


def test_the_page_shows_each_year_its_terms_school_days_and_years_without_dates(
    client_for, manager, settings
):
    # Today is in 2026/27; 2027/28 has no term dates yet.
    term()
    NonSchoolDay.objects.create(date=date(2026, 9, 1), description="Staff training day")
    content = page_text(client_for(manager).get("/term-dates/"))
    assert "There are no local authority term dates for 2027/28" in content
    assert "Autumn 1" in content and "Tue 1 September 2026" in content
    assert "Staff training day" in content
    assert "There are no term dates for 2027/28" in content
    assert "33 school days in the year" in content  # 34 weekdays less the INSET day


def test_establishments_with_their_own_dates_are_listed_and_found_by_search(
    client_for, manager, school_a, school_b
):
    NonSchoolDay.objects.create(establishment=school_b, date=date(2026, 11, 23))
    client = client_for(manager)
    content = page_text(client.get("/term-dates/"))
    assert 'href="/term-dates/school/900002/">Beta Academy</a>' in content
    assert "Alpha Primary School" not in content
    content = page_text(client.get("/term-dates/?q=alpha"))
    assert 'href="/term-dates/school/900001/">Alpha Primary School</a>' in content
    content = page_text(client.get("/term-dates/school/900002/"))
    assert "Beta Academy follows the local authority's term dates this year" in content
    assert "Mon 23 November 2026" in content


def count_queries(client, url):
    school_days.clear_cache()  # each count includes loading the term data (2 queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_term_dates_page_takes_the_same_queries_for_3_or_30_rows(client_for, manager):
    client = client_for(manager)
    schools = [EstablishmentFactory() for _ in range(10)]
    for n in range(3):
        term(name=f"T{n}", first=(2026, 9, 1 + 7 * n), last=(2026, 9, 5 + 7 * n))
    NonSchoolDay.objects.create(establishment=schools[0], date=date(2026, 9, 2))
    few = count_queries(client, "/term-dates/")
    few_school = count_queries(client, f"/term-dates/school/{schools[1].urn}/")
    for n in range(3, 30):
        term(year=2027, name=f"T{n}", first=(2027, 9, 1 + n), last=(2027, 9, 1 + n))
    for school in schools:
        NonSchoolDay.objects.create(establishment=school, date=date(2026, 9, 3))
        term(establishment=school, name="Own", first=(2026, 9, 1), last=(2026, 12, 1))
    for n in range(10):
        NonSchoolDay.objects.create(date=date(2027, 1, 4 + n))
        NonSchoolDay.objects.create(establishment=schools[1], date=date(2026, 10, 1 + n))
    assert count_queries(client, "/term-dates/") == few
    assert count_queries(client, f"/term-dates/school/{schools[1].urn}/") == few_school


# Terms ------------------------------------------------------------------------------


def test_a_manager_adds_a_local_authority_term_and_it_is_audited(client_for, manager):
    response = client_for(manager).post("/term-dates/terms/add/", term_data())
    assert response.status_code == 302
    assert response["Location"] == "/term-dates/"
    added = Term.objects.get()
    assert (added.establishment, added.name, added.first_day) == (
        None,
        "Autumn 2",
        date(2026, 10, 26),
    )
    assert summaries(Action.CREATE) == [
        "Added term Autumn 2 2026/27 (26 October 2026 to 18 December 2026) for the local authority"
    ]
    assert is_school_day(date(2026, 10, 26))


def test_a_double_submitted_term_is_added_once(client_for, manager):
    client = client_for(manager)
    data = term_data()
    client.post("/term-dates/terms/add/", data)
    response = client.post("/term-dates/terms/add/", data)
    assert response.status_code == 302
    assert Term.objects.count() == 1
    assert len(summaries(Action.CREATE)) == 1


def test_a_manager_adds_an_establishments_own_term(client_for, manager, school_b):
    response = client_for(manager).post(
        f"/term-dates/school/{school_b.urn}/terms/add/", term_data()
    )
    assert response["Location"] == f"/term-dates/school/{school_b.urn}/"
    assert Term.objects.get().establishment == school_b
    assert summaries(Action.CREATE) == [
        "Added term Autumn 2 2026/27 (26 October 2026 to 18 December 2026) for Beta Academy (900002)"
    ]


@pytest.mark.parametrize(
    "changes, errors",
    [
        (
            {"academic_year": "", "name": "", "first_day_day": "", "first_day_month": "", "first_day_year": "",
             "last_day_day": "", "last_day_month": "", "last_day_year": ""},
            {"academic_year": ["Select the school year"], "name": ["Enter the term's name, like Autumn 1"],
             "first_day": ["Enter the first day"], "last_day": ["Enter the last day"]},
        ),
        ({"academic_year": "1990"}, {"academic_year": ["Select the school year from the list"]}),
        ({"name": "A" * 51}, {"name": ["The term's name must be 50 characters or fewer"]}),
        ({"first_day_day": "31", "first_day_month": "11"}, {"first_day": ["The first day must be a real date"]}),
        ({**date_fields("last_day", date(2026, 10, 1))},
         {"last_day": ["The last day must be the same as or after the first day"]}),
        ({"academic_year": "2027"},
         {"first_day": ["The term must be within the 2027/28 school year, from 1 August 2027 to 31 July 2028"]}),
        ({**date_fields("last_day", date(2027, 8, 2))},
         {"last_day": ["The term must be within the 2026/27 school year, from 1 August 2026 to 31 July 2027"]}),
        ({**date_fields("first_day", date(2026, 10, 16))},
         {"first_day": ["The term overlaps Autumn 1 2026/27 (1 September 2026 to 16 October 2026): "
                        "change the dates or change Autumn 1 first"]}),
        ({"name": "autumn 1"}, {"name": ["There is already a term called autumn 1 in 2026/27"]}),
    ],
)  # fmt: skip
def test_a_term_with_a_problem_is_not_saved_and_the_problem_is_named(
    client_for, manager, changes, errors
):
    term()
    response = client_for(manager).post("/term-dates/terms/add/", term_data(**changes))
    assert response.status_code == 200
    assert errors_of(response) == errors
    assert "There is a problem" in page_text(response)
    assert Term.objects.count() == 1


def test_another_owners_terms_do_not_clash(client_for, manager, school_b):
    term(establishment=school_b, name="Autumn 2", first=(2026, 10, 26), last=(2026, 12, 18))
    response = client_for(manager).post("/term-dates/terms/add/", term_data())
    assert response.status_code == 302
    assert Term.objects.count() == 2


def test_a_manager_changes_a_term_and_it_is_audited(client_for, manager):
    autumn = term()
    term(name="Autumn 2", first=(2026, 10, 26), last=(2026, 12, 18))
    url = f"/term-dates/terms/{autumn.pk}/change/"
    client = client_for(manager)
    state = loaded_state(client.get(url))
    response = client.post(url, term_data(name="Autumn 1", **date_fields("first_day", date(2026, 8, 26)),
                                          **date_fields("last_day", date(2026, 10, 16)), loaded_state=state))  # fmt: skip
    assert response.status_code == 302
    autumn.refresh_from_db()
    assert autumn.first_day == date(2026, 8, 26)
    assert summaries(Action.UPDATE) == [
        "Changed first_day: term Autumn 1 2026/27 (26 August 2026 to 16 October 2026) for the local authority"
    ]
    assert is_school_day(date(2026, 8, 27))
    # Stretching it over the next term is refused.
    state = loaded_state(client.get(url))
    response = client.post(url, term_data(name="Autumn 1", **date_fields("first_day", date(2026, 8, 26)),
                                          **date_fields("last_day", date(2026, 10, 30)), loaded_state=state))  # fmt: skip
    assert errors_of(response) == {
        "first_day": [
            "The term overlaps Autumn 2 2026/27 (26 October 2026 to 18 December 2026): "
            "change the dates or change Autumn 2 first"
        ]
    }


def loaded_state(response) -> str:
    return response.context["form"]["loaded_state"].value()


CONFLICT = (
    "Someone else changed this record after you opened this page. "
    "Their changes are shown below and yours have not been saved yet. "
    "Check your answers and save again to keep yours."
)


def test_a_stale_change_to_a_term_is_refused_showing_what_changed_and_keeping_what_was_typed(
    client_for, manager
):
    autumn = term()
    url = f"/term-dates/terms/{autumn.pk}/change/"
    mine, theirs = client_for(manager), client_for(manager)
    my_state = loaded_state(mine.get(url))
    # A colleague moves the last day while the page is open.
    their_state = loaded_state(theirs.get(url))
    response = theirs.post(url, term_data(name="Autumn 1", **date_fields("first_day", date(2026, 9, 1)),
                                          **date_fields("last_day", date(2026, 10, 23)), loaded_state=their_state))  # fmt: skip
    assert response.status_code == 302

    mine_typed = term_data(name="Autumn one", loaded_state=my_state,
                           **date_fields("first_day", date(2026, 9, 2)), **date_fields("last_day", date(2026, 10, 16)))  # fmt: skip
    response = mine.post(url, mine_typed)
    assert response.status_code == 200
    assert errors_of(response) == {"__all__": [CONFLICT]}
    form = response.context["form"]
    assert [(c.label, c.was, c.now) for c in form.conflicts] == [
        ("Last day", "16 October 2026", "23 October 2026")
    ]
    content = page_text(response)
    assert "What they changed" in content
    assert "23 October 2026" in content
    # Nothing of mine was saved; what I typed is still in the form.
    autumn.refresh_from_db()
    assert (autumn.name, autumn.first_day, autumn.last_day) == (
        "Autumn 1",
        date(2026, 9, 1),
        date(2026, 10, 23),
    )
    assert autumn.version == 2
    assert form["name"].value() == "Autumn one"
    assert form["first_day"].value() == ["2", "9", "2026"]
    assert len(summaries(Action.UPDATE)) == 1

    # Saving again is a deliberate choice: it goes through.
    response = mine.post(url, {**mine_typed, "loaded_state": loaded_state(response)})
    assert response.status_code == 302
    autumn.refresh_from_db()
    assert (autumn.name, autumn.first_day, autumn.last_day) == (
        "Autumn one",
        date(2026, 9, 2),
        date(2026, 10, 16),
    )
    assert autumn.version == 3
    assert summaries(Action.UPDATE)[-1] == (
        "Changed name, first_day, last_day: term Autumn one 2026/27 "
        "(2 September 2026 to 16 October 2026) for the local authority"
    )


def test_a_change_without_the_state_the_page_was_opened_with_is_refused(client_for, manager):
    autumn = term()
    response = client_for(manager).post(
        f"/term-dates/terms/{autumn.pk}/change/", term_data(name="Autumn 1")
    )
    assert errors_of(response) == {"__all__": [CONFLICT]}
    autumn.refresh_from_db()
    assert (autumn.last_day, autumn.version) == (date(2026, 10, 16), 1)


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="the database has no row locks"
)
@pytest.mark.parametrize("adding", [True, False])
def test_the_owners_terms_are_locked_before_the_overlap_check(client_for, manager, adding):
    autumn = term()
    term(name="Spring 1", first=(2027, 1, 5), last=(2027, 2, 12))
    client = client_for(manager)
    if adding:
        url, data = "/term-dates/terms/add/", term_data()
    else:
        url = f"/term-dates/terms/{autumn.pk}/change/"
        data = term_data(name="Autumn 1", loaded_state=loaded_state(client.get(url)))
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    on_terms = [q["sql"] for q in queries if '"school_calendar_term"' in q["sql"]]
    overlap_check = next(i for i, sql in enumerate(on_terms) if '"last_day" >=' in sql)
    locked = [sql for sql in on_terms[:overlap_check] if "FOR UPDATE" in sql]
    assert locked and '"establishment_id" IS NULL' in locked[0]


def test_a_manager_deletes_a_term_after_confirming_and_it_is_audited(client_for, manager, school_b):
    own = term(establishment=school_b)
    client = client_for(manager)
    content = page_text(client.get(f"/term-dates/terms/{own.pk}/delete/"))
    assert "Delete Autumn 1 2026/27?" in content
    assert Term.objects.count() == 1
    response = client.post(f"/term-dates/terms/{own.pk}/delete/")
    assert response["Location"] == "/term-dates/school/900002/"
    assert not Term.objects.exists()
    assert summaries(Action.DELETE) == [
        "Deleted term Autumn 1 2026/27 (1 September 2026 to 16 October 2026) for Beta Academy (900002)"
    ]


# Non-school days --------------------------------------------------------------------


def day_data(**changes):
    data = {**date_fields("date", date(2026, 11, 23)), "kind": "inset", "description": "Training",
            "form_token": str(uuid.uuid4())}  # fmt: skip
    data.update(changes)
    return data


def test_a_manager_adds_an_establishments_inset_day_and_it_applies_to_it_only(
    client_for, manager, school_a, school_b
):
    term(first=(2026, 11, 2), last=(2026, 12, 18), name="Autumn 2")
    client = client_for(manager)
    data = day_data()
    response = client.post(f"/term-dates/school/{school_b.urn}/non-school-days/add/", data)
    assert response["Location"] == "/term-dates/school/900002/"
    client.post(f"/term-dates/school/{school_b.urn}/non-school-days/add/", data)  # again
    assert NonSchoolDay.objects.get().establishment == school_b
    assert summaries(Action.CREATE) == [
        "Added non-school day: INSET day on 2026-11-23 for Beta Academy (900002)"
    ]
    assert not is_school_day(date(2026, 11, 23), establishment=school_b)
    assert is_school_day(date(2026, 11, 23), establishment=school_a)


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"date_day": "", "date_month": "", "date_year": "", "kind": ""},
         {"date": ["Enter the date"], "kind": ["Select what kind of day it is"]}),
        ({"description": "A" * 201}, {"description": ["The description must be 200 characters or fewer"]}),
        ({**date_fields("date", date(2026, 11, 21))},
         {"date": ["21 November 2026 is a Saturday: a non-school day must be a weekday"]}),
        ({**date_fields("date", date(2026, 9, 1))},
         {"date": ["1 September 2026 is already a non-school day for the local authority"]}),
    ],
)  # fmt: skip
def test_a_non_school_day_with_a_problem_is_not_saved(client_for, manager, changes, errors):
    NonSchoolDay.objects.create(date=date(2026, 9, 1))
    response = client_for(manager).post("/term-dates/non-school-days/add/", day_data(**changes))
    assert errors_of(response) == errors
    assert NonSchoolDay.objects.count() == 1


def test_a_manager_deletes_a_non_school_day_and_it_is_audited(client_for, manager):
    day = NonSchoolDay.objects.create(date=date(2026, 9, 1), kind=NonSchoolDay.Kind.CLOSURE)
    client = client_for(manager)
    assert "Delete the Closure on 1 September 2026?" in page_text(
        client.get(f"/term-dates/non-school-days/{day.pk}/delete/")
    )
    response = client.post(f"/term-dates/non-school-days/{day.pk}/delete/")
    assert response["Location"] == "/term-dates/"
    assert not NonSchoolDay.objects.exists()
    assert summaries(Action.DELETE) == [
        "Deleted non-school day: Closure on 2026-09-01 for the local authority"
    ]


# Upload -----------------------------------------------------------------------------


def csv_file(text, name="term-dates.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_manager_uploads_term_dates(client_for, manager, school_b):
    text = HEADER + ",2026,term,Autumn 1,2026-09-01,2026-10-16\n900002,2026,inset,,2026-09-02,\n"
    client = client_for(manager)
    response = client.post(
        "/term-dates/upload/", {"file": csv_file(text), "mode": "replace"}, follow=True
    )
    content = page_text(response)
    assert "Loaded 2026/27 for the local authority: 1 term and 0 non-school days" in content
    assert "Loaded 2026/27 for Beta Academy (900002): 0 terms and 1 non-school day" in content
    assert Term.objects.count() == 1
    assert summaries(Action.IMPORT) == [
        "Loaded term dates from term-dates.csv: 2026/27 for the local authority: 1 term and 0 non-school days",
        "Loaded term dates from term-dates.csv: 2026/27 for Beta Academy (900002): 0 terms and 1 non-school day",
    ]


def test_an_upload_with_problems_lists_them_in_the_error_summary_and_saves_nothing(
    client_for, manager
):
    text = (
        HEADER
        + ",2026,term,Autumn 1,2026-09-01,2026-10-16\n,2026,inset,,2026-09-05,\n123,2026,inset,,2026-09-07,\n"
    )
    response = client_for(manager).post(
        "/term-dates/upload/", {"file": csv_file(text), "mode": "replace"}
    )
    assert errors_of(response) == {
        "file": [
            "Row 3: 5 September 2026 is a Saturday: a non-school day must be a weekday",
            "Row 4: there is no establishment with URN 123",
        ]
    }
    content = page_text(response)
    assert "govuk-error-summary" in content
    assert '<a href="#id_file">Row 3: 5 September 2026 is a Saturday' in content
    assert not Term.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


@pytest.mark.parametrize(
    "post, errors",
    [
        ({"mode": "replace"}, {"file": ["Select a CSV file"]}),
        ({"file": csv_file("", "dates.csv"), "mode": "replace"}, {"file": ["The selected file is empty"]}),
        ({"file": csv_file(HEADER, "dates.xlsx"), "mode": "replace"}, {"file": ["The selected file must be a CSV"]}),
        ({"file": csv_file(HEADER + "x" * 1024 * 1024), "mode": "replace"},
         {"file": ["The selected file must be smaller than 1MB"]}),
        ({"file": csv_file(HEADER)}, {"mode": ["Select what should happen to the dates already saved"]}),
    ],
)  # fmt: skip
def test_an_upload_without_a_good_file_says_what_to_fix(client_for, manager, post, errors):
    response = client_for(manager).post("/term-dates/upload/", post)
    assert errors_of(response) == errors
