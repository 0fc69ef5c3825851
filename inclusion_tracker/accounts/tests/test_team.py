import pytest
from django.core import mail

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 403),
        ("school_user_b", 403),
        ("officer", 403),
        ("manager", 403),
        ("admin", 403),
        ("outsider", 403),
        ("main_contact_a", 200),
    ],
)
@pytest.mark.parametrize("path", ["/team/", "/team/invite/"])
def test_only_a_school_main_contact_manages_their_team(client_for, cast, who, status, path):
    assert client_for(cast[who]).get(path).status_code == status


def test_the_team_page_lists_only_users_of_the_main_contacts_establishments(client_for, cast):
    content = page_text(client_for(cast["main_contact_a"]).get("/team/"))
    assert cast["school_user_a"].email in content
    assert cast["school_user_b"].email not in content


def test_a_main_contact_invites_a_colleague_to_their_own_establishment(
    client_for, main_contact_a, school_a
):
    response = client_for(main_contact_a).post(
        "/team/invite/",
        {"full_name": "Kim Ng", "email": "kim@example.com", "establishments": [school_a.pk]},
    )
    assert response.url == "/team/"
    kim = User.objects.get(email="kim@example.com")
    assert kim.role == Role.SCHOOL_USER
    assert list(kim.establishments.all()) == [school_a]
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action=Action.INVITE, object_id=str(kim.pk)).exists()


def test_a_main_contact_cannot_invite_to_another_establishment(
    client_for, main_contact_a, school_b
):
    response = client_for(main_contact_a).post(
        "/team/invite/",
        {"full_name": "Kim Ng", "email": "kim@example.com", "establishments": [school_b.pk]},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert not User.objects.filter(email="kim@example.com").exists()


def test_removing_a_colleague_deactivates_them_when_they_have_no_establishment_left(
    client_for, main_contact_a, school_user_a
):
    client = client_for(main_contact_a)
    assert client.get(f"/team/{school_user_a.pk}/remove/").status_code == 200
    client.post(f"/team/{school_user_a.pk}/remove/")
    school_user_a.refresh_from_db()
    assert not school_user_a.is_active
    assert not school_user_a.establishments.exists()


def test_removing_a_colleague_who_works_elsewhere_keeps_their_other_establishment(
    client_for, main_contact_a, school_a, school_b
):
    shared = UserFactory(role=Role.SCHOOL_USER, establishments=[school_a, school_b])
    client_for(main_contact_a).post(f"/team/{shared.pk}/remove/")
    shared.refresh_from_db()
    assert shared.is_active
    assert list(shared.establishments.all()) == [school_b]


@pytest.mark.parametrize("target", ["school_user_b", "officer", "main_contact_a"])
def test_a_main_contact_gets_404_for_users_outside_their_establishments(client_for, cast, target):
    assert (
        client_for(cast["main_contact_a"]).get(f"/team/{cast[target].pk}/remove/").status_code
        == 404
    )
