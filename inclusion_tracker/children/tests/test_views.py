import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text

LIST = reverse("children:list")


def detail(child):
    """The child's page, in casework (its tests are casework/tests/test_child_page.py)."""
    return reverse("casework:child", args=[child.pk])


@pytest.fixture
def child_a(school_a):
    return ChildFactory(
        current_establishment=school_a, legal_first_name="Amelia", legal_last_name="Khan"
    )


@pytest.fixture
def child_b(school_b):
    return ChildFactory(
        current_establishment=school_b, legal_first_name="Bilal", legal_last_name="Patel"
    )


@pytest.fixture
def child_nowhere(db):
    return ChildFactory(
        current_establishment=None, legal_first_name="Nadia", legal_last_name="Begum"
    )


# Permission ladders: the list is for LA staff only


def test_anonymous_users_are_sent_to_sign_in(client, child_a):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/?next=")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 404),
        ("school_user_b", 404),
        ("main_contact_a", 404),
        ("outsider", 404),
        ("officer", 200),
        ("manager", 200),
        ("admin", 200),
    ],
)
def test_only_la_staff_reach_the_list(client_for, cast, who, status):
    assert client_for(cast[who]).get(LIST).status_code == status


def test_a_school_users_search_is_not_found_either(client_for, school_user_a, child_a):
    response = client_for(school_user_a).get(LIST, {"q": "Amelia Khan"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()


@pytest.mark.parametrize("who", ["officer", "manager", "admin"])
def test_la_staff_list_every_child(client_for, cast, who, child_a, child_b, child_nowhere):
    content = page_text(client_for(cast[who]).get(LIST))
    for child in (child_a, child_b, child_nowhere):
        assert child.full_name in content
        assert detail(child) in content


def test_a_search_shows_only_the_children_found(client_for, officer, child_a, child_b):
    content = page_text(client_for(officer).get(LIST, {"q": "Khan"}))
    assert detail(child_a) in content
    assert detail(child_b) not in content


def test_a_search_that_finds_nobody_says_so(client_for, officer, child_a):
    content = page_text(client_for(officer).get(LIST, {"q": "Nobody"}))
    assert "No children match your search." in content


def test_merged_children_are_not_listed_or_found(client_for, officer, child_a):
    merged = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan", merged_into=child_a)
    client = client_for(officer)
    for params in ({}, {"q": "Amelia Khan"}, {"q": "12/03/2015"}):
        content = page_text(client.get(LIST, params))
        assert detail(child_a) in content
        assert detail(merged) not in content


def test_a_merged_childs_upn_does_not_find_it(client_for, officer, child_a):
    merged = ChildFactory(upn="B801200005001", merged_into=child_a)
    content = page_text(client_for(officer).get(LIST, {"q": "B801200005001"}))
    assert detail(merged) not in content
    assert "No children match your search." in content


# The audit trail


def test_a_search_is_audited_without_the_search_words(client_for, officer, child_a):
    client_for(officer).get(LIST, {"q": "Amelia Khan"}, REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(action=Action.SEARCH)
    assert event.actor == officer
    assert event.ip_address == "203.0.113.9"
    assert event.summary == "Child search: 1 found"
    assert "Amelia" not in event.summary
    assert "Khan" not in event.summary


def test_a_search_by_upn_or_date_of_birth_does_not_store_them(client_for, officer):
    child = ChildFactory(upn="B801200005001")
    client = client_for(officer)
    client.get(LIST, {"q": child.upn})
    client.get(LIST, {"q": "12/03/2015"})
    summaries = list(
        AuditEvent.objects.filter(action=Action.SEARCH).values_list("summary", flat=True)
    )
    assert len(summaries) == 2
    for summary in summaries:
        assert child.upn not in summary
        assert "12/03/2015" not in summary and "2015" not in summary


def test_opening_the_list_without_a_search_is_not_a_search(client_for, officer, child_a):
    assert detail(child_a) in page_text(client_for(officer).get(LIST))
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()


# No N+1


def list_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, params or {}).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_3_and_30_children(client_for, officer, school_a):
    client = client_for(officer)
    ChildFactory.create_batch(3, current_establishment=school_a, with_upn=True)
    client.get(LIST)  # warm up: the first request may load the session, permissions...
    few = list_queries(client)
    ChildFactory.create_batch(27, current_establishment=school_a, with_upn=True)
    many = list_queries(client)
    assert few == many
    content = page_text(client.get(LIST))
    assert "30 children" in content


def test_a_search_runs_the_same_queries_for_3_and_30_children(client_for, officer, school_a):
    client = client_for(officer)
    ChildFactory.create_batch(3, current_establishment=school_a, legal_last_name="Smith")
    client.get(LIST, {"q": "Smith"})
    few = list_queries(client, {"q": "Smith"})
    ChildFactory.create_batch(27, current_establishment=school_a, legal_last_name="Smith")
    many = list_queries(client, {"q": "Smith"})
    assert few == many


ADD = reverse("children:add")


def new_child_answers(**overrides):
    return {
        "legal_first_name": "Tomasz",
        "legal_last_name": "Nowak",
        "date_of_birth_day": "4",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2014",
        "sex": "M",
        "form_token": "5b6f3c7e-1111-4a2b-9c3d-000000000001",
        **overrides,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 404),
        ("main_contact_a", 404),
        ("outsider", 404),
        ("officer", 200),
        ("manager", 200),
        ("admin", 200),
    ],
)
def test_only_la_staff_add_a_childs_record(client_for, cast, who, status):
    assert client_for(cast[who]).get(ADD).status_code == status
    assert client_for(cast[who]).post(ADD, new_child_answers()).status_code in (status, 302)
    from inclusion_tracker.children.models import Child

    assert Child.objects.exists() == (status == 200)


def test_anonymous_visitors_are_sent_to_sign_in_to_add_a_child(client, db):
    assert client.get(ADD)["Location"].startswith("/sign-in/")


def test_adding_a_child_opens_their_record_once_however_often_it_is_sent(client_for, officer):
    from inclusion_tracker.children.models import Child

    client = client_for(officer)
    first = client.post(ADD, new_child_answers())
    second = client.post(ADD, new_child_answers())
    child = Child.objects.get()
    assert first["Location"] == second["Location"] == f"/children/{child.pk}/"
    assert child.created_by == officer
    event = AuditEvent.objects.get(action=Action.CREATE, child=child)
    assert "Nowak" not in event.summary


def test_a_child_with_missing_details_is_not_added_and_the_answers_stay(client_for, officer):
    from inclusion_tracker.children.models import Child

    response = client_for(officer).post(ADD, new_child_answers(legal_last_name="", sex=""))
    content = page_text(response)
    assert response.status_code == 200
    assert "Enter the child's last name" in content
    assert "Select the child's sex" in content
    assert 'value="Tomasz"' in content
    assert not Child.objects.exists()
