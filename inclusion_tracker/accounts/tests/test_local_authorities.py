"""Administrators across two local authorities (855 Leicestershire, 856
Leicester) see and manage only their own LAs' users: LA staff of their LA
(none set meaning the deployment's, 855 here) and school users of their
LAs' establishments. Another LA's user pages answer 404; new LA staff work
for the administrator's LA, or the one chosen when they have several."""

import pytest

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

LEICESTER = "856"


@pytest.fixture
def leicester_school(db):
    return EstablishmentFactory(urn="956001", name="Leicester City School", la_code=LEICESTER)


@pytest.fixture
def leicester(leicester_school):
    """Leicester's administrator, officer and school user."""
    return {
        "admin": UserFactory(
            email="admin.856@example.com", role=Role.ADMINISTRATOR, local_authority_id=LEICESTER
        ),
        "officer": UserFactory(
            email="officer.856@example.com",
            role=Role.INCLUSION_OFFICER,
            local_authority_id=LEICESTER,
        ),
        "school_user": UserFactory(
            email="school.856@example.com",
            role=Role.SCHOOL_USER,
            establishments=[leicester_school],
        ),
    }


@pytest.fixture
def leicestershire(officer, manager, school_user_a):
    """Leicestershire's officer (no LA set: the deployment's), a manager and
    an officer with the LA set, and a school user."""
    return {
        "officer": officer,
        "manager": manager,
        "officer_855": UserFactory(
            email="officer.855@example.com", role=Role.INCLUSION_OFFICER, local_authority_id="855"
        ),
        "school_user": school_user_a,
    }


def user_pages(user) -> list[tuple[str, str]]:
    return [
        ("get", f"/users/{user.pk}/"),
        ("get", f"/users/{user.pk}/edit/"),
        ("post", f"/users/{user.pk}/edit/"),
        ("post", f"/users/{user.pk}/active/"),
        ("post", f"/users/{user.pk}/two-factor/reset/"),
        ("post", f"/users/{user.pk}/unlock/"),
    ]


def test_the_user_list_shows_only_the_administrators_las_users(
    client_for, admin_user, leicestershire, leicester
):
    ours = page_text(client_for(admin_user).get("/users/"))
    theirs = page_text(client_for(leicester["admin"]).get("/users/"))
    for user in leicestershire.values():
        assert user.email in ours
        assert user.email not in theirs
    for user in leicester.values():
        assert user.email in theirs
        assert user.email not in ours
    assert admin_user.email in ours and admin_user.email not in theirs


def test_a_deactivated_school_user_with_no_establishment_stays_with_their_la(
    client_for, admin_user, leicester, leicester_school
):
    gone = leicester["school_user"]
    gone.establishments.clear()
    gone.is_active = False
    gone.save()
    assert gone.local_authority_id == LEICESTER
    theirs = page_text(client_for(leicester["admin"]).get("/users/", {"status": "all"}))
    ours = page_text(client_for(admin_user).get("/users/", {"status": "all"}))
    assert gone.email in theirs and gone.email not in ours


@pytest.mark.parametrize("who", ["officer", "school_user"])
def test_another_las_user_pages_answer_404(client_for, admin_user, leicester, who):
    target = leicester[who]
    client = client_for(admin_user)
    for method, url in user_pages(target):
        assert getattr(client, method)(url).status_code == 404, url
    target.refresh_from_db()
    assert target.is_active


@pytest.mark.parametrize("who", ["officer", "school_user"])
def test_an_administrator_reaches_their_own_las_user_pages(client_for, leicester, who):
    client = client_for(leicester["admin"])
    for url in (f"/users/{leicester[who].pk}/", f"/users/{leicester[who].pk}/edit/"):
        assert client.get(url).status_code == 200


def test_an_administrator_of_both_las_sees_both(client_for, admin_user, leicester, leicestershire):
    admin_user.other_local_authorities.add(LEICESTER)
    client = client_for(admin_user)
    page = page_text(client.get("/users/"))
    for user in (*leicester.values(), *leicestershire.values()):
        assert user.email in page
        assert client.get(f"/users/{user.pk}/").status_code == 200


def test_a_school_user_of_both_las_is_seen_by_both(client_for, admin_user, leicester, school_a):
    both = leicester["school_user"]
    both.establishments.add(school_a)
    for admin in (admin_user, leicester["admin"]):
        assert client_for(admin).get(f"/users/{both.pk}/").status_code == 200


# New users and changes -------------------------------------------------------------


def new_user(**changes) -> dict:
    return {
        "full_name": "Robin Hart",
        "email": "robin@example.com",
        "role": Role.INCLUSION_OFFICER,
        "establishment_urns": "",
        **changes,
    }


def test_new_la_staff_work_for_the_administrators_la(client_for, leicester):
    response = client_for(leicester["admin"]).post("/users/new/", new_user())
    robin = User.objects.get(email="robin@example.com")
    assert response.url == f"/users/{robin.pk}/"
    assert robin.local_authority_id == LEICESTER
    assert robin.la_codes == [LEICESTER]


def test_new_la_staff_of_the_deployments_administrator_are_the_deployments(client_for, admin_user):
    client_for(admin_user).post("/users/new/", new_user())
    assert User.objects.get(email="robin@example.com").la_code == "855"


def test_an_administrator_of_one_la_is_not_asked_which(client_for, admin_user):
    page = page_text(client_for(admin_user).get("/users/new/"))
    assert 'name="local_authority"' not in page


def test_an_administrator_of_several_las_chooses_which(client_for, admin_user):
    admin_user.other_local_authorities.add(LEICESTER)
    client = client_for(admin_user)
    page = page_text(client.get("/users/new/"))
    assert 'name="local_authority"' in page
    assert ">Leicester<" in page

    client.post("/users/new/", new_user(local_authority=LEICESTER))
    assert User.objects.get(email="robin@example.com").local_authority_id == LEICESTER


@pytest.mark.parametrize("chosen", ["", "857"])
def test_la_staff_need_one_of_the_administrators_las(client_for, admin_user, chosen):
    admin_user.other_local_authorities.add(LEICESTER)
    response = client_for(admin_user).post("/users/new/", new_user(local_authority=chosen))
    page = page_text(response)
    assert response.status_code == 200
    assert "Select the local authority they work for" in page
    assert 'id="id_local_authority_error"' in page
    assert not User.objects.filter(email="robin@example.com").exists()


def test_a_school_user_acts_only_for_the_administrators_las_establishments(
    client_for, admin_user, leicester_school
):
    response = client_for(admin_user).post(
        "/users/new/",
        new_user(role=Role.SCHOOL_USER, establishment_urns=leicester_school.urn),
    )
    page = page_text(response)
    assert "Leicester City School (URN 956001) is not in your local authority" in page
    assert not User.objects.filter(email="robin@example.com").exists()


def test_changing_a_school_user_keeps_another_las_establishments(
    client_for, leicester, leicester_school, school_a
):
    both = leicester["school_user"]
    both.establishments.add(school_a)
    client = client_for(leicester["admin"])
    form = page_text(client.get(f"/users/{both.pk}/edit/"))
    assert school_a.urn not in form
    client.post(
        f"/users/{both.pk}/edit/",
        new_user(
            full_name=both.full_name,
            email=both.email,
            role=Role.SCHOOL_USER,
            establishment_urns=leicester_school.urn,
        ),
    )
    assert set(both.establishments.all()) == {school_a, leicester_school}


def test_a_school_user_made_la_staff_works_for_the_administrators_la(
    client_for, admin_user, leicester, school_a
):
    both = leicester["school_user"]
    both.establishments.add(school_a)
    client_for(admin_user).post(
        f"/users/{both.pk}/edit/", new_user(full_name=both.full_name, email=both.email)
    )
    both = User.objects.get(pk=both.pk)
    assert both.role == Role.INCLUSION_OFFICER
    assert both.la_code == "855"
    assert not both.establishments.exists()
    assert client_for(admin_user).get(f"/users/{both.pk}/").status_code == 200
    assert client_for(leicester["admin"]).get(f"/users/{both.pk}/").status_code == 404
