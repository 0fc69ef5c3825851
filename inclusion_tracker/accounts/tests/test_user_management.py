import pytest
from django.core import mail
from django.test import Client

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import PASSWORD, UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text

ADMIN_PAGES = ["/users/", "/users/new/"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 403),
        ("school_user_b", 403),
        ("main_contact_a", 403),
        ("officer", 403),
        ("manager", 403),
        ("outsider", 403),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_only_administrators_manage_users(client_for, cast, who, status, path):
    assert client_for(cast[who]).get(path).status_code == status


@pytest.mark.parametrize(
    "who", ["school_user_a", "main_contact_a", "officer", "manager", "outsider"]
)
def test_non_administrators_cannot_reach_a_user_page(client_for, cast, who):
    target = cast["school_user_b"]
    assert client_for(cast[who]).get(f"/users/{target.pk}/").status_code == 403


def test_an_administrator_gets_404_for_their_own_or_a_missing_user(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(f"/users/{admin_user.pk}/").status_code == 404
    assert client.get("/users/999999/").status_code == 404


def test_an_administrator_invites_a_school_user_to_two_establishments(
    client_for, admin_user, school_a, school_b
):
    response = client_for(admin_user).post(
        "/users/new/",
        {
            "full_name": "Robin Hart",
            "email": "Robin.Hart@Example.com",
            "job_title": "SENCo",
            "role": Role.SCHOOL_USER,
            "establishment_urns": f"{school_a.urn}\n{school_b.urn}",
        },
    )
    user = User.objects.get(email="robin.hart@example.com")
    assert response.url == f"/users/{user.pk}/"
    assert user.role == Role.SCHOOL_USER
    assert set(user.establishments.all()) == {school_a, school_b}
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/password-reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=Action.INVITE, object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Enter the user's full name"),
        (
            {"email": "not-an-email"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            {"email": "officer@example.com"},
            "email",
            "There is already a user with this email address",
        ),
        ({"role": ""}, "role", "Select the user's role"),
        (
            {"establishment_urns": ""},
            "establishment_urns",
            "Enter the URN of at least one establishment for a school user",
        ),
        (
            {"establishment_urns": "12ab"},
            "establishment_urns",
            "Enter URNs as numbers only, like 120001 – check 12ab",
        ),
        (
            {"establishment_urns": "123456"},
            "establishment_urns",
            "There is no establishment with URN 123456",
        ),
        (
            {"role": Role.INCLUSION_OFFICER},
            "establishment_urns",
            "Only school users act for establishments: remove the URNs or choose a school role",
        ),
        (
            {"role": Role.SCHOOL_MAIN_CONTACT},
            "role",
            "Alpha Primary School already has a main contact: change their role first",
        ),
    ],
)
def test_bad_user_details_get_a_clear_message_and_nothing_is_saved(
    client_for, admin_user, officer, main_contact_a, school_a, data, field, message
):
    before = User.objects.count()
    payload = {
        "full_name": "Robin Hart",
        "email": "robin@example.com",
        "role": Role.SCHOOL_USER,
        "establishment_urns": school_a.urn,
        **data,
    }
    response = client_for(admin_user).post("/users/new/", payload)
    content = page_text(response)
    assert response.status_code == 200
    assert message in content
    assert f'id="id_{field}_error"' in content
    assert User.objects.count() == before
    # What the user typed is kept.
    if payload["full_name"]:
        assert 'value="Robin Hart"' in content


def test_an_administrator_changes_a_role_and_it_is_audited(client_for, admin_user, officer):
    response = client_for(admin_user).post(
        f"/users/{officer.pk}/edit/",
        {
            "full_name": officer.full_name,
            "email": officer.email,
            "role": Role.TEAM_MANAGER,
            "establishment_urns": "",
        },
    )
    assert response.url == f"/users/{officer.pk}/"
    officer = User.objects.get(pk=officer.pk)
    assert officer.role == Role.TEAM_MANAGER
    assert officer.has_perm("accounts.manage_team")
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(officer.pk)).exists()


def test_a_deactivated_user_can_no_longer_sign_in_and_can_be_reactivated(
    client, client_for, admin_user, officer
):
    admin = client_for(admin_user)
    admin.post(f"/users/{officer.pk}/active/", {"active": "0"})
    officer.refresh_from_db()
    assert not officer.is_active
    assert AuditEvent.objects.filter(action=Action.DEACTIVATE, object_id=str(officer.pk)).exists()
    admin.post(f"/users/{officer.pk}/active/", {"active": "1"})
    officer.refresh_from_db()
    assert officer.is_active


def test_a_deactivated_users_open_session_is_signed_out_on_its_next_request(
    client_for, admin_user, officer
):
    officers_browser = Client()
    officers_browser.post("/sign-in/", {"username": officer.email, "password": PASSWORD})
    assert officers_browser.get("/").status_code == 200
    client_for(admin_user).post(f"/users/{officer.pk}/active/", {"active": "0"})
    response = officers_browser.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_user_list_uses_the_same_number_of_queries_for_many_users(
    client_for, admin_user, school_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin_user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/users/").status_code == 200
        return len(queries)

    UserFactory.create_batch(3, role=Role.SCHOOL_USER, establishments=[school_a])
    few = count()
    UserFactory.create_batch(30, role=Role.SCHOOL_USER, establishments=[school_a])
    assert count() == few


def test_the_user_list_filters_by_role(client_for, admin_user, officer, school_user_a):
    content = page_text(client_for(admin_user).get("/users/", {"role": Role.INCLUSION_OFFICER}))
    assert officer.email in content
    assert school_user_a.email not in content
