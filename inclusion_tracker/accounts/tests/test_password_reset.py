import pytest
from django.core import mail
from django.test import Client

from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import first_group, page_text

# Django's password validators (AUTH_PASSWORD_VALIDATORS), as the pages show them.
TOO_SHORT = "This password is too short. It must contain at least 12 characters."
TOO_COMMON = "This password is too common."


def reset_link_page(client, user) -> str:
    """The page an emailed reset (or invitation) link opens, where the user
    chooses a new password."""
    client.post("/password-reset/", {"email": user.email})
    link = first_group(r"https?://[^/]+(/password-reset/[^\s]+)", mail.outbox[-1].body)
    return client.get(link, follow=True).redirect_chain[-1][0]


def test_a_user_resets_their_password_from_an_emailed_link(client, officer):
    response = client.post("/password-reset/", {"email": "officer@example.com"})
    assert response.url == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = first_group(r"https?://[^/]+(/password-reset/[^\s]+)", mail.outbox[0].body)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in page_text(form_page)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done.url == "/password-reset/done/"
    officer.refresh_from_db()
    assert officer.check_password("a-brand-new-passphrase")
    assert AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED, actor=officer).exists()


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post("/password-reset/", {"email": "nobody@example.com"})
    assert response.url == "/password-reset/sent/"
    assert mail.outbox == []


def test_mismatched_new_passwords_get_a_clear_message(client, officer):
    client.post("/password-reset/", {"email": officer.email})
    link = first_group(r"https?://[^/]+(/password-reset/[^\s]+)", mail.outbox[0].body)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    content = page_text(
        client.post(
            set_url,
            {"new_password1": "a-brand-new-passphrase", "new_password2": "different-passphrase"},
        )
    )
    assert "Enter the same password in both boxes" in content


def test_an_empty_reset_request_names_the_field(client, db):
    content = page_text(client.post("/password-reset/", {"email": ""}))
    assert '<a href="#id_email">Enter your email address</a>' in content


def test_a_user_changes_their_own_password(client_for, school_user_a):
    client = client_for(school_user_a)
    wrong = client.post(
        "/account/password/",
        {"current_password": "nope", "new_password": "another-long-passphrase"},
    )
    assert "Your current password is not right: enter it again" in page_text(wrong)
    from inclusion_tracker.accounts.tests.factories import PASSWORD

    response = client.post(
        "/account/password/",
        {"current_password": PASSWORD, "new_password": "another-long-passphrase"},
    )
    assert response.url == "/account/"
    school_user_a.refresh_from_db()
    assert school_user_a.check_password("another-long-passphrase")
    # Still signed in after the change.
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize(
    ("new_password", "message"),
    [("eleven-char", TOO_SHORT), ("password1234", TOO_COMMON)],
)
def test_a_short_or_common_new_password_is_refused_when_changing_it(
    client_for, officer, new_password, message
):
    response = client_for(officer).post(
        "/account/password/", {"current_password": PASSWORD, "new_password": new_password}
    )
    assert response.status_code == 200
    assert message in page_text(response)
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new_password", "message"),
    [("eleven-char", TOO_SHORT), ("password1234", TOO_COMMON)],
)
def test_a_short_or_common_new_password_is_refused_from_an_emailed_link(
    client, officer, new_password, message
):
    set_url = reset_link_page(client, officer)
    response = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 200
    assert message in page_text(response)
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_new_password_of_12_characters_is_long_enough(client_for, officer):
    response = client_for(officer).post(
        "/account/password/", {"current_password": PASSWORD, "new_password": "twelve-chars"}
    )
    assert response.url == "/account/"


def test_changing_the_password_signs_out_the_users_other_browsers(officer):
    this_browser, other_browser = Client(), Client()
    for browser in (this_browser, other_browser):
        browser.post("/sign-in/", {"username": officer.email, "password": PASSWORD})
        assert browser.get("/account/").status_code == 200
    this_browser.post(
        "/account/password/",
        {"current_password": PASSWORD, "new_password": "another-long-passphrase"},
    )
    assert this_browser.get("/account/").status_code == 200
    response = other_browser.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_resetting_the_password_signs_out_the_users_open_browsers(client, officer):
    signed_in = Client()
    signed_in.post("/sign-in/", {"username": officer.email, "password": PASSWORD})
    assert signed_in.get("/account/").status_code == 200
    set_url = reset_link_page(client, officer)
    client.post(
        set_url,
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    response = signed_in.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
