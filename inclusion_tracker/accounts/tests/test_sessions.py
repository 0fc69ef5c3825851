"""Caching and sessions: no page is stored by the browser; a session ends a
fixed time after signing in however busy the user is; password reset links
last at most a day."""

import time
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail

from inclusion_tracker.accounts.middleware import SIGNED_IN_AT
from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import first_group, page_text

SIGNED_OUT_MESSAGE = (
    "For your security, we sign you out 10 hours after you sign in. Sign in again to continue."
)


def sign_in(client, user):
    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def signed_in_ago(client, seconds: int) -> None:
    """Pretend this session signed in `seconds` ago."""
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - seconds
    session.save()


# Cache-Control: no-store


@pytest.mark.parametrize(
    "path",
    ["/", "/children/?q=Khan", "/children/{pk}/", "/sign-in/", "/nowhere/", "/account/"],
)
def test_pages_tell_the_browser_not_to_store_them(client_for, officer, path):
    child = ChildFactory(legal_last_name="Khan")
    response = client_for(officer).get(path.format(pk=child.pk))
    assert "no-store" in response.headers["Cache-Control"]


def test_a_child_page_is_not_stored_for_the_anonymous_redirect_either(client, db):
    response = client.get("/children/1/")
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_own_caching(client, db):
    response = client.get("/static/css/service.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


# Absolute session lifetime


def test_signing_in_records_when_the_session_started(client, officer):
    before = int(time.time())
    sign_in(client, officer)
    assert before <= client.session[SIGNED_IN_AT] <= int(time.time())


def test_a_busy_user_is_still_signed_in_just_under_10_hours_after_signing_in(client, officer):
    sign_in(client, officer)
    signed_in_ago(client, 10 * 3600 - 60)
    assert client.get("/children/").status_code == 200


def test_a_user_is_signed_out_10_hours_after_signing_in_however_busy(client, officer):
    sign_in(client, officer)
    assert client.get("/children/").status_code == 200
    signed_in_ago(client, 10 * 3600)
    response = client.get("/children/?q=Khan")
    assert response.status_code == 302
    assert response.url == "/sign-in/?next=/children/%3Fq%3DKhan"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert SIGNED_OUT_MESSAGE in page_text(page)
    event = AuditEvent.objects.get(action=Action.SIGN_OUT)
    assert event.actor == officer
    assert event.summary == "Signed out automatically 10 hours after signing in"
    # Signing in again starts a new 10 hours.
    sign_in(client, officer)
    assert client.get("/children/").status_code == 200


def test_the_absolute_lifetime_is_a_setting(client, officer, settings):
    settings.SESSION_ABSOLUTE_LIFETIME_HOURS = 2
    sign_in(client, officer)
    signed_in_ago(client, 2 * 3600)
    response = client.get("/")
    assert response.url == "/sign-in/?next=/"
    assert "we sign you out 2 hours after you sign in" in page_text(client.get(response.url))


def test_the_lifetime_is_checked_before_two_factor_sign_in(client, officer, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    sign_in(client, officer)
    signed_in_ago(client, 10 * 3600)
    response = client.get("/")
    assert response.url == "/sign-in/?next=/"


def test_a_session_without_a_sign_in_time_starts_counting_at_its_next_request(client_for, officer):
    client = client_for(officer)  # force_login: not through the sign-in page
    assert client.get("/").status_code == 200
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60


def test_the_idle_timeout_is_unchanged_beside_the_absolute_lifetime(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 == 30 * 60
    assert settings.SESSION_ABSOLUTE_LIFETIME_HOURS == 10


# Password reset links


def test_a_password_reset_link_works_for_24_hours_and_no_longer(client, officer, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 24 * 3600
    client.post("/password-reset/", {"email": officer.email})
    link = first_group(r"https?://[^/]+(/password-reset/[^\s]+)", mail.outbox[0].body)
    # Django's tokens carry the time they were made, to the second.
    now = datetime.now()
    with mock.patch.object(
        default_token_generator, "_now", return_value=now + timedelta(hours=24, seconds=-5)
    ):
        assert "Choose a new password" in page_text(client.get(link, follow=True))
    with mock.patch.object(
        default_token_generator, "_now", return_value=now + timedelta(hours=24, seconds=5)
    ):
        assert "This link has expired" in page_text(client.get(link, follow=True))
