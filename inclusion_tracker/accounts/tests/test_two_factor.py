import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import first_group, heading, page_text


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def sign_in(client, user):
    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def emailed_code() -> str:
    return first_group(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE)


def confirm_email(client):
    """The code e-mailed before a first set-up, entered."""
    assert client.get("/two-factor/email-code/").status_code == 200
    response = client.post("/two-factor/email-code/", {"token": emailed_code()})
    assert response.url == "/two-factor/set-up/"


@pytest.fixture
def two_factor_required(settings):
    settings.REQUIRE_2FA_FOR_STAFF = True


@pytest.mark.parametrize("who", ["officer", "manager", "admin"])
def test_la_staff_must_set_up_two_factor_when_the_setting_is_on(
    client, cast, who, two_factor_required
):
    sign_in(client, cast[who])
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/two-factor/set-up/"
    # Nothing else is reachable either.
    assert client.get("/children/").url == "/two-factor/set-up/"


def test_la_staff_are_not_asked_for_two_factor_when_the_setting_is_off(client, officer, settings):
    settings.REQUIRE_2FA_FOR_STAFF = False
    sign_in(client, officer)
    assert client.get("/").status_code == 200


def test_school_users_are_not_forced_to_use_two_factor(client, school_user_a, two_factor_required):
    sign_in(client, school_user_a)
    assert client.get("/").status_code == 200


def test_setting_up_two_factor_with_a_right_code_lets_the_user_in(
    client, officer, two_factor_required
):
    sign_in(client, officer)
    confirm_email(client)
    page = client.get("/two-factor/set-up/")
    assert page.status_code == 200
    assert "<svg" in page_text(page)  # the QR code
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post("/two-factor/set-up/", {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_ENROLLED, actor=officer).exists()


def test_setting_up_two_factor_with_a_wrong_code_says_so(client, officer, two_factor_required):
    sign_in(client, officer)
    confirm_email(client)
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    content = page_text(client.post("/two-factor/set-up/", {"token": wrong}))
    assert "The security code is not right: enter the code your app shows now" in content
    device.refresh_from_db()
    assert not device.confirmed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit security code from your authenticator app"),
        ("12ab56", "Enter the security code as 6 digits, like 123456"),
    ],
)
def test_a_badly_typed_code_gets_a_clear_message(
    client, officer, two_factor_required, typed, message
):
    sign_in(client, officer)
    confirm_email(client)
    content = page_text(client.post("/two-factor/set-up/", {"token": typed}))
    assert message in content


def test_a_user_with_two_factor_must_enter_a_code_at_each_sign_in(
    client, officer, two_factor_required
):
    device = TOTPDevice.objects.create(user=officer, name="App", confirmed=True)
    sign_in(client, officer)
    assert client.get("/").url == "/two-factor/code/"
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    content = page_text(client.post("/two-factor/code/", {"token": wrong}))
    assert "The security code is not right" in content
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_FAILED, actor=officer).exists()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post("/two-factor/code/", {"token": code_for(device)})
    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_entering_the_two_factor_code_gives_the_session_a_new_key(
    client, officer, two_factor_required
):
    device = TOTPDevice.objects.create(user=officer, name="App", confirmed=True)
    sign_in(client, officer)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/two-factor/code/", {"token": code_for(device)}).url == "/"
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/").status_code == 200


def test_setting_up_two_factor_gives_the_session_a_new_key(client, officer, two_factor_required):
    sign_in(client, officer)
    confirm_email(client)
    client.get("/two-factor/set-up/")
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert client.post("/two-factor/set-up/", {"token": code_for(device)}).status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/").status_code == 200


def test_a_school_user_who_set_up_two_factor_is_challenged(client, school_user_a, settings):
    settings.REQUIRE_2FA_FOR_STAFF = False
    TOTPDevice.objects.create(user=school_user_a, name="App", confirmed=True)
    sign_in(client, school_user_a)
    assert client.get("/").url == "/two-factor/code/"


def test_navigation_is_hidden_until_two_factor_is_complete(client, officer, two_factor_required):
    sign_in(client, officer)
    # Each step of setting it up: the code e-mailed first, then the app.
    email_code = page_text(client.get("/two-factor/email-code/"))
    assert heading(email_code) == "Check your email"
    assert "/children/" not in email_code
    confirm_email(client)
    set_up = page_text(client.get("/two-factor/set-up/"))
    assert heading(set_up) == "Set up two-factor sign-in"
    assert "/children/" not in set_up


def test_an_administrator_can_reset_a_users_two_factor(client_for, officer, admin_user):
    TOTPDevice.objects.create(user=officer, name="App", confirmed=True)
    response = client_for(admin_user).post(f"/users/{officer.pk}/two-factor/reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_RESET).exists()
