"""Strict tenancy of notifications as LA staff see them (issue 14): a
notification belongs to its establishment's local authority until triage
links it to a child, and to the child's LA from then on. LA staff read only
their own LA's; school users keep seeing their establishments' whatever the
LA.

Two LAs, Leicestershire (855: the conftest cast, whose LA is the
deployment's) and Leicester (856, with its own staff), a school and a sent
notification in each."""

import pytest
from django.urls import reverse

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

RECEIVED = reverse("notifications:received")


def detail(notification) -> str:
    return reverse("notifications:detail", args=[notification.reference])


@pytest.fixture
def shire_school(db):
    return EstablishmentFactory(la_code="855", name="Shireling Primary School", urn="855001")


@pytest.fixture
def city_school(db):
    return EstablishmentFactory(la_code="856", name="Citywell Primary School", urn="856001")


@pytest.fixture
def shire_sent(shire_school):
    return submitted_notification(Kind.PART_TIME_TIMETABLE, establishment=shire_school)


@pytest.fixture
def city_sent(city_school):
    return submitted_notification(Kind.REMOVAL_FROM_ROLL, establishment=city_school)


@pytest.fixture
def staff(officer, manager, admin_user):
    """Each LA's staff, by (LA code, role)."""
    return {
        ("855", "officer"): officer,
        ("855", "manager"): manager,
        ("855", "admin"): admin_user,
        ("856", "officer"): UserFactory(role=Role.INCLUSION_OFFICER, local_authority_id="856"),
        ("856", "manager"): UserFactory(role=Role.TEAM_MANAGER, local_authority_id="856"),
        ("856", "admin"): UserFactory(role=Role.ADMINISTRATOR, local_authority_id="856"),
    }


@pytest.fixture(params=["855", "856"])
def sides(request, shire_sent, city_sent):
    """(the LA whose staff look, their LA's notification, the other LA's)."""
    if request.param == "855":
        return "855", shire_sent, city_sent
    return "856", city_sent, shire_sent


ROLES = ["officer", "manager", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_the_received_list_shows_only_their_own_las_notifications(client_for, staff, sides, role):
    code, mine, theirs = sides
    page = page_text(client_for(staff[code, role]).get(RECEIVED))
    assert detail(mine) in page
    assert detail(theirs) not in page
    assert theirs.establishment.name not in page


@pytest.mark.parametrize("role", ROLES)
def test_another_las_notification_answers_404(client_for, staff, sides, role):
    code, mine, theirs = sides
    client = client_for(staff[code, role])
    assert mine.reference in page_text(client.get(detail(mine)))
    page_text(client.get(detail(theirs)), status=404)


def test_filtering_by_another_las_school_finds_nothing(client_for, officer, city_sent):
    page = page_text(client_for(officer).get(RECEIVED, {"establishment": "Citywell"}))
    assert "No notifications match these filters." in page
    assert detail(city_sent) not in page


def test_a_linked_notification_belongs_to_its_childs_la(client_for, staff, city_sent):
    """A Leicester school tells of a child whose record is Leicestershire's:
    once linked, Leicestershire's staff read it, Leicester's no longer do."""
    child = ChildFactory(local_authority_id="855")
    Notification.objects.filter(pk=city_sent.pk).update(child=child)
    shire = client_for(staff["855", "officer"])
    assert city_sent.reference in page_text(shire.get(detail(city_sent)))
    assert detail(city_sent) in page_text(shire.get(RECEIVED))
    assert reverse("notifications:detail", args=[city_sent.reference]) in page_text(
        shire.get(reverse("casework:child", args=[child.pk]))
    )
    city = client_for(staff["856", "officer"])
    page_text(city.get(detail(city_sent)), status=404)
    assert detail(city_sent) not in page_text(city.get(RECEIVED))


def test_school_users_still_see_their_own_schools_notifications(client_for, city_sent):
    """A school's scope is its establishments, not an LA."""
    school_user = UserFactory(role=Role.SCHOOL_USER, establishments=[city_sent.establishment])
    child = ChildFactory(local_authority_id="855")
    Notification.objects.filter(pk=city_sent.pk).update(child=child)
    assert city_sent.reference in page_text(client_for(school_user).get(detail(city_sent)))


def test_visible_to_scopes_la_staff_by_the_establishment_then_the_child(staff, sides):
    code, mine, theirs = sides
    officer = staff[code, "officer"]
    assert list(Notification.objects.visible_to(officer)) == [mine]
    Notification.objects.filter(pk=theirs.pk).update(child=ChildFactory(local_authority_id=code))
    Notification.objects.filter(pk=mine.pk).update(
        child=ChildFactory(local_authority_id="856" if code == "855" else "855")
    )
    assert list(Notification.objects.visible_to(officer)) == [theirs]
