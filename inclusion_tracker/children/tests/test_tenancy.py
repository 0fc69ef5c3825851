"""Strict tenancy of children's records (issue 14): LA staff list, search and
pick only their own local authority's children.

Two LAs, Leicestershire (855: the conftest cast, whose LA is the
deployment's) and Leicester (856, with its own staff), a child in each."""

import pytest
from django.urls import reverse

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.children.tests.test_views import new_child_answers
from inclusion_tracker.core.tests.helpers import heading, page_text

pytestmark = pytest.mark.django_db

LIST = reverse("children:list")
ADD = reverse("children:add")


def record_url(child) -> str:
    return reverse("casework:child", args=[child.pk])


@pytest.fixture
def shire_child(db) -> Child:
    return ChildFactory(
        local_authority_id="855",
        legal_first_name="Amelia",
        legal_last_name="Shireling",
        upn=make_upn(1, la=855),
    )


@pytest.fixture
def city_child(db) -> Child:
    return ChildFactory(
        local_authority_id="856",
        legal_first_name="Bilal",
        legal_last_name="Citywell",
        upn=make_upn(1, la=856),
    )


@pytest.fixture
def city_officer(db):
    return UserFactory(role=Role.INCLUSION_OFFICER, local_authority_id="856")


@pytest.fixture
def city_manager(db):
    return UserFactory(role=Role.TEAM_MANAGER, local_authority_id="856")


@pytest.fixture
def city_admin(db):
    return UserFactory(role=Role.ADMINISTRATOR, local_authority_id="856")


@pytest.fixture
def staff(officer, manager, admin_user, city_officer, city_manager, city_admin):
    """Each LA's staff, by (LA code, role)."""
    return {
        ("855", "officer"): officer,
        ("855", "manager"): manager,
        ("855", "admin"): admin_user,
        ("856", "officer"): city_officer,
        ("856", "manager"): city_manager,
        ("856", "admin"): city_admin,
    }


@pytest.fixture(params=["855", "856"])
def sides(request, shire_child, city_child):
    """(the LA whose staff look, their child, the other LA's child)."""
    if request.param == "855":
        return "855", shire_child, city_child
    return "856", city_child, shire_child


ROLES = ["officer", "manager", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_la_staff_see_only_their_own_las_children(staff, sides, role):
    code, mine, theirs = sides
    assert list(Child.objects.visible_to(staff[code, role])) == [mine]


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_their_own_las_children(client_for, staff, sides, role):
    code, mine, theirs = sides
    page = page_text(client_for(staff[code, role]).get(LIST))
    assert "1 child" in page
    assert record_url(mine) in page
    assert record_url(theirs) not in page
    assert theirs.legal_last_name not in page


@pytest.mark.parametrize("words", ["name", "upn", "date_of_birth"])
def test_a_search_finds_nothing_of_another_la(client_for, staff, sides, words):
    code, mine, theirs = sides
    typed = {
        "name": theirs.legal_last_name,
        "upn": theirs.upn,
        "date_of_birth": theirs.date_of_birth.strftime("%d/%m/%Y"),
    }[words]
    page = page_text(client_for(staff[code, "officer"]).get(LIST, {"q": typed}))
    assert record_url(theirs) not in page
    if words == "date_of_birth":  # both children were born the same day
        assert record_url(mine) in page
    else:
        assert "No children match your search." in page
    assert AuditEvent.objects.get(action=Action.SEARCH).summary.startswith("Child search: ")


def test_lookup_picks_only_their_own_las_records(staff, sides):
    code, mine, theirs = sides
    officer = staff[code, "officer"]
    assert Child.objects.lookup(officer, theirs.legal_last_name, 10) == []
    assert Child.objects.lookup(officer, mine.legal_last_name, 10) == [mine]


def test_the_child_page_of_another_la_answers_404(client_for, staff, sides):
    code, mine, theirs = sides
    client = client_for(staff[code, "officer"])
    assert heading(page_text(client.get(record_url(mine)))) == mine.full_name
    page_text(client.get(record_url(theirs)), status=404)


def test_a_record_added_by_an_officer_belongs_to_their_la(client_for, city_officer):
    response = client_for(city_officer).post(ADD, new_child_answers())
    child = Child.objects.get()
    assert response["Location"] == record_url(child)
    assert child.local_authority_id == "856"


def test_adding_a_upn_held_by_another_las_record_does_not_name_it(client_for, officer, city_child):
    response = client_for(officer).post(ADD, new_child_answers(upn=city_child.upn))
    page = page_text(response)
    assert "A child with this UPN already exists" in page
    assert "This UPN is on a record in another local authority." in page
    assert record_url(city_child) not in page
    assert "Citywell" not in page and "Bilal" not in page
    assert not Child.objects.filter(legal_last_name="Nowak").exists()
    assert not AuditEvent.objects.filter(child=city_child).exists()


def test_adding_a_upn_held_by_their_own_las_record_links_to_it(
    client_for, city_officer, city_child
):
    page = page_text(client_for(city_officer).post(ADD, new_child_answers(upn=city_child.upn)))
    assert "A child with this UPN already exists" in page
    assert f'href="{record_url(city_child)}"' in page
    assert "in another local authority" not in page
    assert AuditEvent.objects.filter(
        action=Action.VIEW, child=city_child, actor=city_officer
    ).exists()
