"""Browsing the directory: who may, filtering by need, age and words, retired
services, and the service's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.core.tests.helpers import first_row, heading, page_text
from inclusion_tracker.support.models import Service, SuggestionRule
from inclusion_tracker.support.tests.factories import ServiceFactory

LIST_URL = "/support/"

# The directory has no children's data: school users and LA staff browse it.
BROWSE_LADDER = {
    "school_user_a": 200,
    "school_user_b": 200,
    "main_contact_a": 200,
    "officer": 200,
    "manager": 200,
    "admin": 200,
    "outsider": 403,
}


def names_in(response):
    assert response.status_code == 200
    return [service.name for service in response.context["services"]]


@pytest.fixture
def services(db):
    """Our own few services instead of the seed's ten."""
    SuggestionRule.objects.all().delete()  # they protect the seed's services
    Service.objects.all().delete()
    return {
        "hearing": ServiceFactory(
            name="Hearing support team",
            offers="Teachers of the deaf visit schools",
            who_for="Children with hearing loss",
            age_from=0,
            age_to=19,
            needs=["sensory", "send"],
        ),
        "travellers": ServiceFactory(
            name="Traveller education",
            offers="Help to get into school and stay there",
            who_for="Gypsy, Roma and Traveller families",
            age_from=4,
            age_to=16,
            needs=["gypsy_roma_traveller", "attendance"],
        ),
        "wellbeing": ServiceFactory(
            name="Wellbeing hub",
            offers="Counselling for young people",
            who_for="Secondary pupils feeling anxious",
            age_from=11,
            age_to=18,
            needs=["mental_health"],
        ),
    }


# Permission ladder ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_the_directory(client_for, db):
    service = first_row(Service.objects)
    for url in (LIST_URL, f"/support/{service.pk}/"):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response.url == f"/sign-in/?next={url}"


def test_school_users_and_la_staff_may_browse_the_directory(client_for, cast):
    seen = {who: client_for(user).get(LIST_URL).status_code for who, user in cast.items()}
    assert seen == BROWSE_LADDER


def test_school_users_and_la_staff_may_open_a_services_page(client_for, cast):
    url = f"/support/{first_row(Service.objects).pk}/"
    seen = {who: client_for(user).get(url).status_code for who, user in cast.items()}
    assert seen == BROWSE_LADDER


# The list and its filters -------------------------------------------------------------


def test_the_directory_lists_every_seed_service_by_name_with_a_count(client_for, school_user_a):
    response = client_for(school_user_a).get(LIST_URL)
    assert len(names_in(response)) == 10
    assert names_in(response) == sorted(names_in(response))
    assert "10 services" in page_text(response)


def test_filter_by_one_need(client_for, school_user_a, services):
    response = client_for(school_user_a).get(LIST_URL, {"need": "sensory"})
    assert names_in(response) == ["Hearing support team"]
    assert "1 service<" in page_text(response)


def test_filter_by_several_needs_finds_services_for_any_of_them(
    client_for, school_user_a, services
):
    response = client_for(school_user_a).get(LIST_URL, {"need": ["attendance", "mental_health"]})
    assert names_in(response) == ["Traveller education", "Wellbeing hub"]


@pytest.mark.parametrize(
    "age, expected",
    [
        ("3", ["Hearing support team"]),
        ("4", ["Hearing support team", "Traveller education"]),
        ("16", ["Hearing support team", "Traveller education", "Wellbeing hub"]),
        ("17", ["Hearing support team", "Wellbeing hub"]),
        (" 19 ", ["Hearing support team"]),
        ("20", []),
    ],
)
def test_filter_by_age_keeps_services_whose_range_includes_it(
    client_for, school_user_a, services, age, expected
):
    assert names_in(client_for(school_user_a).get(LIST_URL, {"age": age})) == expected


@pytest.mark.parametrize(
    "words, expected",
    [
        ("hearing", ["Hearing support team"]),
        ("TRAVELLER", ["Traveller education"]),  # name and who it is for, any case
        ("counselling", ["Wellbeing hub"]),  # what it offers
        ("anxious pupils", ["Wellbeing hub"]),  # every word, in any order
        ("anxious deaf", []),
        ("attendance", ["Traveller education"]),  # a need's name
        ("sensory", ["Hearing support team"]),
    ],
)
def test_search_by_words(client_for, officer, services, words, expected):
    assert names_in(client_for(officer).get(LIST_URL, {"q": words})) == expected


def test_filters_combine(client_for, school_user_a, services):
    response = client_for(school_user_a).get(
        LIST_URL, {"need": ["send", "attendance"], "age": "2", "q": "teachers"}
    )
    assert names_in(response) == ["Hearing support team"]


def test_a_filter_that_matches_nothing_says_so(client_for, school_user_a, services):
    response = client_for(school_user_a).get(LIST_URL, {"q": "Nowhere"})
    content = page_text(response)
    assert names_in(response) == []
    assert "0 services" in content
    assert "No services match your filters." in content


@pytest.mark.parametrize(
    "age, message",
    [
        ("eight", "Enter the child's age as a whole number of years, like 8"),
        ("8.5", "Enter the child's age as a whole number of years, like 8"),
        ("-1", "Enter an age from 0 to 25"),
        ("26", "Enter an age from 0 to 25"),
    ],
)
def test_a_wrong_age_is_explained_and_the_other_filters_still_apply(
    client_for, school_user_a, services, age, message
):
    response = client_for(school_user_a).get(LIST_URL, {"age": age, "need": "mental_health"})
    content = page_text(response)
    assert message in content
    assert "There is a problem" in content
    assert "<title>Error: Support services" in content
    assert names_in(response) == ["Wellbeing hub"]


def test_an_unknown_need_is_explained(client_for, school_user_a, services):
    response = client_for(school_user_a).get(LIST_URL, {"need": "astrology"})
    assert "Select needs from the list" in page_text(response)


def test_the_filters_are_a_get_form_that_keeps_what_was_chosen(client_for, school_user_a, services):
    content = page_text(
        client_for(school_user_a).get(LIST_URL, {"need": "autism", "age": "7", "q": "deaf"})
    )
    assert '<form method="get" action="/support/" novalidate>' in content
    assert 'value="autism" checked' in content
    assert 'name="age" value="7"' in content
    assert 'name="q" value="deaf"' in content


def test_retired_services_are_hidden_unless_asked_for(client_for, school_user_a, services):
    services["wellbeing"].retire()
    client = client_for(school_user_a)
    assert "Wellbeing hub" not in names_in(client.get(LIST_URL))
    response = client.get(LIST_URL, {"retired": "on"})
    assert "Wellbeing hub" in names_in(response)
    assert "No longer offered" in page_text(response)


def test_the_list_page_query_count_does_not_grow_with_services(client_for, school_user_a):
    SuggestionRule.objects.all().delete()
    Service.objects.all().delete()
    client = client_for(school_user_a)
    ServiceFactory.create_batch(3, needs=["send", "autism"])
    client.get(LIST_URL)  # warm up: session and permission caches
    with CaptureQueriesContext(connection) as three:
        assert len(names_in(client.get(LIST_URL, {"need": "send", "q": "advice"}))) == 3
    ServiceFactory.create_batch(27, needs=["send", "health", "learning"])
    with CaptureQueriesContext(connection) as thirty:
        assert len(names_in(client.get(LIST_URL, {"need": "send", "q": "advice"}))) == 30
    assert len(thirty.captured_queries) == len(three.captured_queries)


# A service's page ---------------------------------------------------------------------


def test_a_services_page_shows_what_it_offers_and_how_to_refer(client_for, school_user_a):
    service = Service.objects.get(name="Specialist Teaching Service")
    content = page_text(client_for(school_user_a).get(f"/support/{service.pk}/"))
    assert '<h1 class="govuk-heading-l">Specialist Teaching Service</h1>' in content
    assert "assistive technology" in content
    assert "Sensory impairment (hearing or vision)" in content
    assert "0 to 25" in content
    assert "Ask the Inclusion service for this service's contact details" in content
    assert "Not recorded" in content  # no web address


def test_a_web_address_is_a_link_only_when_it_is_a_web_address(client_for, officer):
    linked = ServiceFactory(web_address="https://example.org/help")
    unlinked = ServiceFactory(web_address="javascript:alert(1)")
    client = client_for(officer)
    assert 'href="https://example.org/help"' in page_text(client.get(f"/support/{linked.pk}/"))
    content = page_text(client.get(f"/support/{unlinked.pk}/"))
    assert 'href="javascript' not in content
    assert "javascript:alert(1)" in content


def test_a_retired_services_page_still_opens_and_says_it_is_no_longer_offered(
    client_for, school_user_a
):
    service = Service.objects.get(name="ADHD Solutions")
    service.retire()
    response = client_for(school_user_a).get(f"/support/{service.pk}/")
    assert response.status_code == 200
    assert "This service is no longer offered." in page_text(response)


def test_school_users_and_officers_see_no_editing_links(client_for, school_user_a, officer):
    service = Service.objects.get(is_school_outreach=True)
    for user in (school_user_a, officer):
        content = page_text(client_for(user).get(f"/support/{service.pk}/"))
        assert heading(content) == service.name
        assert "/change/" not in content
        assert "/retire/" not in content
        assert "/outreach-schools/" not in content
        directory = page_text(client_for(user).get(LIST_URL))
        assert heading(directory) == "Support services"
        assert "Add a service" not in directory


def test_an_unknown_service_is_not_found(client_for, officer):
    assert client_for(officer).get("/support/999999/").status_code == 404


def test_the_outreach_service_says_its_schools_are_not_yet_recorded(client_for, school_user_a):
    service = Service.objects.get(is_school_outreach=True)
    content = page_text(client_for(school_user_a).get(f"/support/{service.pk}/"))
    assert "No outreach schools have been recorded yet." in content
    assert "says 6 special schools offer this support but does not name them" in content
