import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.tests.factories import ChildFactory

LIST = reverse("children:list")


def detail(child):
    return reverse("children:detail", args=[child.pk])


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


# Permission ladders


def test_anonymous_users_are_sent_to_sign_in(client, child_a):
    for path in (LIST, detail(child_a)):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith("/sign-in/?next=")


def test_an_outsider_is_refused_the_list(client_for, outsider):
    assert client_for(outsider).get(LIST).status_code == 403


def test_an_outsider_gets_not_found_for_a_child(client_for, outsider, child_a):
    assert client_for(outsider).get(detail(child_a)).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 200),
        ("main_contact_a", 200),
        ("school_user_b", 404),
        ("officer", 200),
        ("manager", 200),
        ("admin", 200),
        ("outsider", 404),
    ],
)
def test_who_may_see_a_child_at_school_a(client_for, cast, child_a, who, status):
    assert client_for(cast[who]).get(detail(child_a)).status_code == status


def test_school_user_cannot_see_another_schools_child(client_for, school_user_a, child_b):
    assert client_for(school_user_a).get(detail(child_b)).status_code == 404


@pytest.mark.parametrize("who", ["officer", "manager", "admin"])
def test_la_staff_see_any_child(client_for, cast, who, child_a, child_b, child_nowhere):
    client = client_for(cast[who])
    for child in (child_a, child_b, child_nowhere):
        response = client.get(detail(child))
        assert response.status_code == 200
        assert child.full_name in response.content.decode()


def test_a_child_that_does_not_exist_is_not_found(client_for, officer):
    assert client_for(officer).get("/children/999999/").status_code == 404


@pytest.mark.parametrize("who", ["school_user_a", "main_contact_a", "officer", "manager", "admin"])
def test_the_list_is_open_to_school_and_la_staff(client_for, cast, who):
    assert client_for(cast[who]).get(LIST).status_code == 200


def test_a_school_user_lists_only_their_own_schools_children(
    client_for, school_user_a, child_a, child_b
):
    content = client_for(school_user_a).get(LIST).content.decode()
    assert detail(child_a) in content
    assert detail(child_b) not in content


def test_la_staff_list_every_child(client_for, officer, child_a, child_b, child_nowhere):
    content = client_for(officer).get(LIST).content.decode()
    for child in (child_a, child_b, child_nowhere):
        assert child.full_name in content


def test_a_search_shows_only_the_children_found(client_for, officer, child_a, child_b):
    content = client_for(officer).get(LIST, {"q": "Khan"}).content.decode()
    assert detail(child_a) in content
    assert detail(child_b) not in content


def test_a_school_users_search_never_finds_another_schools_child(
    client_for, school_user_a, child_b
):
    content = client_for(school_user_a).get(LIST, {"q": "Bilal Patel"}).content.decode()
    assert detail(child_b) not in content
    assert "No children match your search." in content


# The audit trail


def test_viewing_a_child_is_audited(client_for, officer, child_a):
    client_for(officer).get(detail(child_a), REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert event.child == child_a
    assert event.actor == officer
    assert event.ip_address == "203.0.113.9"
    assert (event.object_type, event.object_id) == ("child", str(child_a.pk))


def test_every_view_of_a_child_is_audited(client_for, school_user_a, child_a):
    client = client_for(school_user_a)
    client.get(detail(child_a))
    client.get(detail(child_a))
    events = AuditEvent.objects.filter(action=Action.VIEW, child=child_a, actor=school_user_a)
    assert events.count() == 2
    assert all(event.ip_address == "127.0.0.1" for event in events)


def test_a_refused_view_is_not_recorded_as_a_view(client_for, school_user_a, child_b):
    client_for(school_user_a).get(detail(child_b))
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


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
    client_for(officer).get(LIST)
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()


# No N+1


def list_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["officer", "school_user_a"])
def test_the_list_runs_the_same_queries_for_3_and_30_children(client_for, cast, school_a, who):
    client = client_for(cast[who])
    ChildFactory.create_batch(3, current_establishment=school_a, with_upn=True)
    client.get(LIST)  # warm up: the first request may load the session, permissions...
    few = list_queries(client)
    ChildFactory.create_batch(27, current_establishment=school_a, with_upn=True)
    many = list_queries(client)
    assert few == many
    content = client.get(LIST).content.decode()
    assert "30 children" in content


def test_a_search_runs_the_same_queries_for_3_and_30_children(client_for, officer, school_a):
    client = client_for(officer)
    ChildFactory.create_batch(3, current_establishment=school_a, legal_last_name="Smith")
    client.get(LIST, {"q": "Smith"})
    few = list_queries(client, {"q": "Smith"})
    ChildFactory.create_batch(27, current_establishment=school_a, legal_last_name="Smith")
    many = list_queries(client, {"q": "Smith"})
    assert few == many
