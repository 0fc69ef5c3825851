import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/sign-in/", {"username": email, "password": password}, **extra)


def test_a_user_signs_in_with_email_and_password_and_lands_on_home(client, officer):
    response = sign_in(client, "Officer@Example.com")
    assert response.status_code == 302
    assert response.url == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert officer.full_name in page_text(home)


def test_sign_in_writes_an_audit_event_with_the_ip_address(client, officer):
    sign_in(client, officer.email, REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert event.actor == officer
    assert event.ip_address == "203.0.113.9"


def test_a_wrong_password_shows_an_error_and_is_audited(client, officer):
    response = sign_in(client, officer.email, "wrong-password")
    assert response.status_code == 200
    content = page_text(response)
    assert "There is a problem" in content
    assert "Enter the email address and password for your account" in content
    assert "<title>Error: Sign in" in content
    event = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert event.actor == officer
    assert "wrong-password" not in event.summary


def test_an_empty_sign_in_names_each_missing_field(client, db):
    content = page_text(client.post("/sign-in/", {"username": "", "password": ""}))
    assert '<a href="#id_username">Enter your email address</a>' in content
    assert '<a href="#id_password">Enter your password</a>' in content


def test_the_email_typed_is_kept_after_an_error(client, officer):
    content = page_text(sign_in(client, "officer@example.com", "nope"))
    assert 'value="officer@example.com"' in content


def test_a_deactivated_user_cannot_sign_in(client, officer):
    officer.is_active = False
    officer.save()
    response = sign_in(client, officer.email)
    assert "Enter the email address and password for your account" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_sign_in_only_follows_a_next_link_on_this_site(client, officer):
    response = client.post(
        "/sign-in/?next=https://evil.example.net/",
        {"username": officer.email, "password": PASSWORD},
    )
    assert response.url == "/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_with_a_clear_message(client, officer):
    for _ in range(2):
        assert sign_in(client, officer.email, "wrong").status_code == 200
    locked = sign_in(client, officer.email, "wrong")
    assert locked.status_code == 429
    assert "Your account is locked" in page_text(locked, status=429)
    assert "try again in 15 minutes" in page_text(locked, status=429)
    # The right password is refused while the account is locked.
    again = sign_in(client, officer.email)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor=officer).count() == 2


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_affects_only_the_account_tried(client, officer, manager):
    for _ in range(3):
        sign_in(client, officer.email, "wrong")
    assert sign_in(client, manager.email).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_administrator_can_unlock_a_locked_account(client, client_for, officer, admin_user):
    for _ in range(3):
        sign_in(client, officer.email, "wrong")
    client_for(admin_user).post(f"/users/{officer.pk}/unlock/")
    client.logout()
    assert sign_in(client, officer.email).status_code == 302


def browser_with_session(key: str) -> Client:
    """Another browser, sending a copy of a session cookie."""
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = key
    return browser


def test_signing_in_gives_the_session_a_new_key(client, officer):
    # A session from before signing in: one another person could have planted
    # in this browser, and so knows the key of (session fixation).
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    sign_in(client, officer.email)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert browser_with_session(before).get("/").status_code == 302


def test_a_copied_session_cookie_no_longer_works_after_signing_out(client, officer):
    sign_in(client, officer.email)
    copied = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert browser_with_session(copied).get("/").status_code == 200
    client.post("/sign-out/")
    assert not Session.objects.filter(session_key=copied).exists()
    response = browser_with_session(copied).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_sign_out_needs_a_post_and_ends_the_session(client_for, officer):
    client = client_for(officer)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.url == "/signed-out/"
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=officer).exists()


@pytest.mark.parametrize("path", ["/", "/account/", "/children/", "/users/", "/audit/", "/team/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/?next=")


def test_the_session_expires_after_the_idle_timeout(client_for, officer, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = client_for(officer)
    assert client.get("/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    session = Session.objects.get(session_key=client.session.session_key)
    # Each request pushes the expiry forward by the idle timeout...
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES - 1) < remaining
    # ...and once it passes, the user must sign in again.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").status_code == 302
