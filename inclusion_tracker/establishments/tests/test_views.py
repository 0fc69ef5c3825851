import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory

LIST_URL = "/establishments/"

# Who gets what. The whole cast is checked in one test per page: creating the
# cast hashes seven passwords, which is slow to repeat for every parameter.
LADDER = {
    "school_user_a": 403,
    "school_user_b": 403,
    "main_contact_a": 403,
    "outsider": 403,
    "officer": 200,
    "manager": 200,
    "admin": 200,
}


def names_in(response):
    assert response.status_code == 200
    return [e.name for e in response.context["page"]]


# Permission ladder ------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, "/establishments/900001/"])
def test_anonymous_visitors_are_sent_to_sign_in(client_for, school_a, url):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response.url == f"/sign-in/?next={url}"


def test_only_la_staff_can_see_the_establishment_list(client_for, cast):
    seen = {who: client_for(user).get(LIST_URL).status_code for who, user in cast.items()}
    assert seen == LADDER


def test_only_la_staff_can_see_an_establishment(client_for, cast, school_a):
    url = f"/establishments/{school_a.urn}/"
    seen = {who: client_for(user).get(url).status_code for who, user in cast.items()}
    assert seen == LADDER


# List and search ----------------------------------------------------------------------


@pytest.fixture
def schools(db):
    return [
        EstablishmentFactory(urn="995001", establishment_number="2001", name="Oakfield Primary"),
        EstablishmentFactory(urn="995002", establishment_number="4001", name="Brook Hill Academy"),
        EstablishmentFactory(urn="995003", establishment_number="2002", name="Oak Tree Infants"),
        EstablishmentFactory(
            urn="995007",
            establishment_number="2003",
            name="Oakmill Primary (closed)",
            status=Establishment.Status.CLOSED,
        ),
    ]


def test_the_list_shows_open_establishments_by_name(client_for, officer, schools):
    response = client_for(officer).get(LIST_URL)
    assert names_in(response) == ["Brook Hill Academy", "Oak Tree Infants", "Oakfield Primary"]


def test_the_list_includes_closed_establishments_when_asked(client_for, officer, schools):
    response = client_for(officer).get(LIST_URL, {"closed": "1"})
    assert "Oakmill Primary (closed)" in names_in(response)


def test_search_by_part_of_the_name(client_for, officer, schools):
    response = client_for(officer).get(LIST_URL, {"q": "oak"})
    assert names_in(response) == ["Oak Tree Infants", "Oakfield Primary"]


def test_search_by_urn(client_for, officer, schools):
    response = client_for(officer).get(LIST_URL, {"q": "995002"})
    assert names_in(response) == ["Brook Hill Academy"]


@pytest.mark.parametrize("query", ["855/2001", "855-2001", "8552001", " 855/2001 "])
def test_search_by_dfe_number(client_for, officer, schools, query):
    response = client_for(officer).get(LIST_URL, {"q": query})
    assert names_in(response) == ["Oakfield Primary"]


def test_a_search_that_matches_nothing_says_so(client_for, officer, schools):
    response = client_for(officer).get(LIST_URL, {"q": "Nowhere"})
    assert names_in(response) == []
    assert "No establishments match your search." in page_text(response)


def test_the_list_page_query_count_does_not_grow_with_rows(client_for, officer):
    client = client_for(officer)
    EstablishmentFactory.create_batch(5)
    client.get(LIST_URL)  # warm up: session and permission caches
    with CaptureQueriesContext(connection) as five:
        assert len(names_in(client.get(LIST_URL))) == 5
    EstablishmentFactory.create_batch(25)
    with CaptureQueriesContext(connection) as thirty:
        assert len(names_in(client.get(LIST_URL))) == 30
    assert len(thirty.captured_queries) == len(five.captured_queries)


# Detail -----------------------------------------------------------------------------


def test_the_detail_page_shows_the_establishment(client_for, officer, schools):
    content = page_text(client_for(officer).get("/establishments/995001/"))
    assert "Oakfield Primary" in content
    assert "855/2001" in content


def test_an_unknown_urn_is_not_found(client_for, officer, db):
    assert client_for(officer).get("/establishments/123456/").status_code == 404
