"""A main contact's invitations give the same answer for every address, and
never attach an account from elsewhere until its owner accepts."""

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from inclusion_tracker.accounts import invitations
from inclusion_tracker.accounts.models import EstablishmentInvitation, User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import PASSWORD, UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import first_group, page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory


def invite(client, email, establishment, name="Kim Ng"):
    return client.post(
        "/team/invite/",
        {"full_name": name, "email": email, "establishments": [establishment.pk]},
    )


def join_link(message) -> str:
    return first_group(r"http://testserver(/team/join/[^/\s]+/)", message.body)


@pytest.fixture
def main_contact_b(school_b):
    return UserFactory(
        email="contact.b@example.com", role=Role.SCHOOL_MAIN_CONTACT, establishments=[school_b]
    )


@pytest.fixture
def deactivated(school_b):
    return UserFactory(
        email="left@example.com",
        role=Role.SCHOOL_USER,
        establishments=[school_b],
        is_active=False,
    )


@pytest.fixture
def no_role(db):
    return UserFactory(email="nobody@example.com")


@pytest.fixture
def addresses(
    school_user_a, school_user_b, officer, admin_user, main_contact_b, deactivated, no_role
):
    """An address of each kind a main contact might type."""
    return {
        "new address": "new.person@example.com",
        "this school's user": school_user_a.email,
        "another school's user": school_user_b.email,
        "inclusion officer": officer.email,
        "administrator": admin_user.email,
        "another school's main contact": main_contact_b.email,
        "deactivated user": deactivated.email,
        "account with no role": no_role.email,
    }


def test_every_address_gets_the_same_answer(client_for, main_contact_a, school_a, addresses):
    answers = {}
    for kind, email in addresses.items():
        client = client_for(main_contact_a)
        response = invite(client, email, school_a)
        page = client.get(response.url)
        banner = first_group(
            r'<p class="govuk-notification-banner__heading">(.*?)</p>', page_text(page)
        )
        answers[kind] = (
            response.status_code,
            response.url,
            dict(response.headers),
            sorted(response.cookies),
            banner.replace(email, "<address>"),
            page.status_code,
        )
    assert answers["new address"][4] == "We have sent an invitation to <address>"
    for kind, answer in answers.items():
        assert answer == answers["new address"], kind


def test_the_team_page_shows_every_invitation_alike(
    client_for, main_contact_a, school_a, addresses
):
    client = client_for(main_contact_a)
    outside = {k: v for k, v in addresses.items() if k != "this school's user"}
    names = {kind: f"Invited person {n}" for n, kind in enumerate(outside)}
    for kind, email in outside.items():
        invite(client, email, school_a, name=names[kind])
    client.get("/team/")  # shows, and so clears, the confirmations
    content = page_text(client.get("/team/"))
    team, waiting = content.split("Invitations waiting", 1)
    for kind, email in outside.items():
        assert email not in team, kind
        assert names[kind] in waiting, kind
        assert email in waiting, kind
    assert waiting.count('<tr class="govuk-table__row">') == len(outside) + 1  # and the header


def test_no_account_from_elsewhere_is_attached_before_it_is_accepted(
    client_for, main_contact_a, school_user_b, officer, main_contact_b, school_a, school_b
):
    client = client_for(main_contact_a)
    for user in (school_user_b, officer, main_contact_b):
        invite(client, user.email, school_a)
    assert list(school_user_b.establishments.all()) == [school_b]
    assert not officer.establishments.exists()
    assert list(main_contact_b.establishments.all()) == [school_b]


def test_another_schools_user_accepts_joining_after_signing_in(
    client, client_for, main_contact_a, school_user_b, school_a, school_b
):
    invite(client_for(main_contact_a), school_user_b.email, school_a)
    message = mail.outbox[-1]
    assert message.to == [school_user_b.email]
    assert message.subject == "You have been invited to act for Alpha Primary School"
    link = join_link(message)

    client.logout()
    assert client.get(link).url.startswith("/sign-in/?next=/team/join/")
    client.post("/sign-in/", {"username": school_user_b.email, "password": PASSWORD})
    page = client.get(link)
    assert page.status_code == 200
    assert "Act for Alpha Primary School?" in page_text(page)
    assert list(school_user_b.establishments.all()) == [school_b]

    response = client.post(link)
    assert response.url == "/"
    assert set(school_user_b.establishments.all()) == {school_a, school_b}
    assert "You can now act for Alpha Primary School" in page_text(client.get("/"))
    assert AuditEvent.objects.filter(
        action=Action.INVITE,
        actor=main_contact_a,
        object_id=str(school_user_b.pk),
        summary="Invited by main contact to 900001: asked to join",
    ).exists()
    assert AuditEvent.objects.filter(
        action=Action.UPDATE,
        actor=school_user_b,
        summary="Accepted an invitation to 900001",
    ).exists()
    # They now appear in the team, and no longer among the invitations waiting.
    team = page_text(client_for(main_contact_a).get("/team/"))
    assert "There are no invitations waiting to be accepted." in team
    assert school_user_b.email in team


def test_an_accept_link_works_once(
    client, client_for, main_contact_a, school_user_b, school_a, school_b
):
    invite(client_for(main_contact_a), school_user_b.email, school_a)
    link = join_link(mail.outbox[-1])
    client = client_for(school_user_b)
    client.post(link)
    # Removed by the main contact, they cannot use the old link to come back.
    client_for(main_contact_a).post(f"/team/{school_user_b.pk}/remove/")
    client = client_for(school_user_b)
    page = client.get(link)
    assert "This invitation link does not work" in page_text(page, status=404)
    assert client.post(link).status_code == 404
    assert list(school_user_b.establishments.all()) == [school_b]


@pytest.mark.parametrize("who", ["school_user_a", "officer", "main_contact_a"])
def test_an_accept_link_is_only_for_the_person_invited(
    client_for, cast, main_contact_a, school_user_b, school_a, who
):
    invite(client_for(main_contact_a), school_user_b.email, school_a)
    link = join_link(mail.outbox[-1])
    someone_else = client_for(cast[who])
    assert someone_else.get(link).status_code == 404
    assert someone_else.post(link).status_code == 404
    assert not EstablishmentInvitation.objects.filter(accepted_at__isnull=False).exists()


def test_an_expired_accept_link_does_not_work(client_for, main_contact_a, school_user_b, school_a):
    invite(client_for(main_contact_a), school_user_b.email, school_a)
    link = join_link(mail.outbox[-1])
    EstablishmentInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client = client_for(school_user_b)
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert school_a not in school_user_b.establishments.all()


def test_a_changed_accept_link_does_not_work(client_for, main_contact_a, school_user_b, school_a):
    invite(client_for(main_contact_a), school_user_b.email, school_a)
    invitation = EstablishmentInvitation.objects.get()
    forged = signing.dumps(invitation.pk, salt="another-salt")
    client = client_for(school_user_b)
    assert client.post(f"/team/join/{forged}/").status_code == 404
    assert client.post(f"/team/join/{invitation.pk}/").status_code == 404
    assert school_a not in school_user_b.establishments.all()


def test_an_invitation_stops_working_when_its_main_contact_no_longer_manages_the_school(
    client_for, main_contact_a, school_user_b, school_a
):
    invite(client_for(main_contact_a), school_user_b.email, school_a)
    link = join_link(mail.outbox[-1])
    main_contact_a.set_role(Role.SCHOOL_USER)
    assert client_for(school_user_b).post(link).status_code == 404
    assert school_a not in school_user_b.establishments.all()


@pytest.mark.parametrize("who", ["officer", "admin_user", "main_contact_b", "no_role"])
def test_an_account_a_main_contact_cannot_add_is_told_by_email_and_never_attached(
    request, client_for, main_contact_a, school_a, who
):
    user = request.getfixturevalue(who)
    theirs = set(user.establishments.all())
    invite(client_for(main_contact_a), user.email, school_a)
    message = mail.outbox[-1]
    assert message.to == [user.email]
    assert message.subject == "A school tried to add you to its team on Inclusion Tracker"
    assert "Nothing has changed" in message.body
    assert "/team/join/" not in message.body
    # Even a link made for the invitation would not let them accept it.
    invitation = EstablishmentInvitation.objects.get(user=user)
    link = f"/team/join/{signing.dumps(invitation.pk, salt=invitations.TOKEN_SALT)}/"
    assert client_for(user).post(link).status_code == 404
    assert set(user.establishments.all()) == theirs
    assert AuditEvent.objects.filter(
        action=Action.INVITE,
        object_id=str(user.pk),
        summary="Invited by main contact to 900001: cannot join",
    ).exists()


def test_a_local_authority_account_is_told_why(client_for, main_contact_a, officer, school_a):
    invite(client_for(main_contact_a), officer.email, school_a)
    assert "Your account is a local authority account" in mail.outbox[-1].body


def test_inviting_someone_already_in_the_team_changes_nothing(
    client_for, main_contact_a, school_user_a, school_a
):
    invite(client_for(main_contact_a), school_user_a.email, school_a)
    assert list(school_user_a.establishments.all()) == [school_a]
    assert not EstablishmentInvitation.objects.exists()
    assert "You can already act for them" in mail.outbox[-1].body


def test_a_deactivated_user_is_asked_to_join_and_told_to_get_reactivated_first(
    client_for, main_contact_a, deactivated, school_a, school_b
):
    invite(client_for(main_contact_a), deactivated.email, school_a)
    deactivated.refresh_from_db()
    assert not deactivated.is_active
    assert list(deactivated.establishments.all()) == [school_b]
    assert "Your account is deactivated at the moment" in mail.outbox[-1].body


def test_a_new_colleague_joins_the_team_when_they_choose_a_password(
    client, client_for, main_contact_a, school_a
):
    invite(client_for(main_contact_a), "kim@example.com", school_a)
    kim = User.objects.get(email="kim@example.com")
    team = page_text(client_for(main_contact_a).get("/team/"))
    assert "kim@example.com" in team.split("Invitations waiting", 1)[1]

    client.logout()
    uid = urlsafe_base64_encode(force_bytes(kim.pk))
    link = client.get(f"/password-reset/{uid}/{default_token_generator.make_token(kim)}/")
    new_password = "kims-own-password-2026"
    client.post(link.url, {"new_password1": new_password, "new_password2": new_password})

    team = page_text(client_for(main_contact_a).get("/team/"))
    members, waiting = team.split("Invitations waiting", 1)
    assert "kim@example.com" in members
    assert "kim@example.com" not in waiting


def test_inviting_a_colleague_who_never_chose_a_password_sends_a_new_link(
    client_for, main_contact_a, school_a
):
    client = client_for(main_contact_a)
    invite(client, "kim@example.com", school_a)
    invite(client, "kim@example.com", school_a)
    assert [m.subject for m in mail.outbox] == ["You have been invited to Inclusion Tracker"] * 2
    waiting = page_text(client.get("/team/")).split("Invitations waiting", 1)[1]
    assert waiting.count("kim@example.com") == 1


def test_an_invitation_to_a_second_school_of_the_main_contact_names_only_that_one(
    client_for, school_a, school_user_b
):
    school_c = EstablishmentFactory(urn="900003", name="Gamma School")
    contact = UserFactory(role=Role.SCHOOL_MAIN_CONTACT, establishments=[school_a, school_c])
    invite(client_for(contact), school_user_b.email, school_c)
    link = join_link(mail.outbox[-1])
    client_for(school_user_b).post(link)
    assert school_c in school_user_b.establishments.all()
    assert school_a not in school_user_b.establishments.all()


def test_the_team_page_does_not_grow_its_queries_with_invitations(
    client_for, main_contact_a, school_a
):
    client = client_for(main_contact_a)

    def queries_for_team_page():
        client.get("/team/")  # clears the confirmations
        with CaptureQueriesContext(connection) as captured:
            client.get("/team/")
        return len(captured.captured_queries)

    for n in range(2):
        invite(client, f"person{n}@example.com", school_a)
    few = queries_for_team_page()
    for n in range(2, 8):
        invite(client, f"person{n}@example.com", school_a)
    assert queries_for_team_page() == few
