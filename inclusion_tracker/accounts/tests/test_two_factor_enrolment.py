"""Setting up two-factor sign-in for the first time needs, besides the
password, proof that the e-mail address is the user's: a code we e-mail, or
a password chosen through an emailed link."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion_tracker.accounts.models import TwoFactorEmailCode
from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.accounts.tests.test_two_factor import code_for
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import first_group, page_text

EMAIL_CODE = "/two-factor/email-code/"
SET_UP = "/two-factor/set-up/"


def sign_in(client, user, password=PASSWORD):
    response = client.post("/sign-in/", {"username": user.email, "password": password})
    assert response.status_code == 302
    return response


def emailed_code(message=None) -> str:
    message = message or mail.outbox[-1]
    return first_group(r"^(\d{6})$", message.body, re.MULTILINE)


def another_code(code: str) -> str:
    return str((int(code) + 1) % 1_000_000).zfill(6)


@pytest.fixture
def two_factor_required(settings):
    settings.REQUIRE_2FA_FOR_STAFF = True


@pytest.fixture
def client_factory():
    """Another browser."""
    return Client


@pytest.fixture
def signed_in_officer(client, officer, two_factor_required):
    sign_in(client, officer)
    return client


def test_no_qr_code_or_key_is_shown_before_the_emailed_code(signed_in_officer, officer):
    client = signed_in_officer
    assert client.get("/").url == SET_UP
    response = client.get(SET_UP)
    assert response.url == EMAIL_CODE
    page = client.get(EMAIL_CODE)
    content = page_text(page)
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l">Check your email</h1>' in content
    assert "<svg" not in content
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # The code went to the account's address, and nowhere else.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert mail.outbox[0].subject == "Your security code for Inclusion Tracker"
    # Still no QR code when asked for the set-up page directly.
    assert client.get(SET_UP).url == EMAIL_CODE
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_the_emailed_code_leads_to_the_qr_code_and_set_up(signed_in_officer, officer):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    response = client.post(EMAIL_CODE, {"token": emailed_code()})
    assert response.url == SET_UP
    page = client.get(SET_UP)
    assert "<svg" in page_text(page)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert client.post(SET_UP, {"token": code_for(device)}).url == "/"
    assert client.get("/").status_code == 200
    summaries = list(
        AuditEvent.objects.filter(actor=officer, action=Action.UPDATE).values_list(
            "summary", flat=True
        )
    )
    assert "Emailed a two-factor set-up code" in summaries
    assert "Confirmed their email address with a two-factor set-up code" in summaries
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_ENROLLED, actor=officer).exists()


def test_a_wrong_emailed_code_is_refused_and_audited(signed_in_officer, officer):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    response = client.post(EMAIL_CODE, {"token": another_code(emailed_code())})
    content = page_text(response)
    assert response.status_code == 200
    assert (
        "The security code is not right: enter the code from the latest email we sent you"
        in content
    )
    assert "<title>Error: Check your email" in content
    assert client.get(SET_UP).url == EMAIL_CODE
    assert AuditEvent.objects.filter(
        action=Action.TWO_FACTOR_FAILED, actor=officer, summary="Emailed set-up code: wrong"
    ).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit security code from the email"),
        ("12ab56", "Enter the security code as 6 digits, like 123456"),
    ],
)
def test_a_badly_typed_emailed_code_gets_a_clear_message(signed_in_officer, typed, message):
    signed_in_officer.get(EMAIL_CODE)
    content = page_text(signed_in_officer.post(EMAIL_CODE, {"token": typed}))
    assert message in content


def test_an_expired_emailed_code_is_refused(signed_in_officer, officer):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    code = emailed_code()
    TwoFactorEmailCode.objects.filter(user=officer).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    content = page_text(client.post(EMAIL_CODE, {"token": code}))
    assert "The security code has expired or has been used: send a new code" in content
    assert client.get(SET_UP).url == EMAIL_CODE


def test_the_code_expires_after_the_minutes_set(signed_in_officer, officer, settings):
    settings.TWO_FACTOR_EMAIL_CODE_MINUTES = 15
    signed_in_officer.get(EMAIL_CODE)
    code = TwoFactorEmailCode.objects.get(user=officer)
    assert code.expires_at - code.created_at == timedelta(minutes=15)
    assert "expires in 15 minutes" in mail.outbox[0].body


def test_an_emailed_code_works_only_once(signed_in_officer, officer, client_factory):
    signed_in_officer.get(EMAIL_CODE)
    code = emailed_code()
    assert signed_in_officer.post(EMAIL_CODE, {"token": code}).url == SET_UP
    # Someone else who has the password and saw the code cannot use it again.
    other = client_factory()
    sign_in(other, officer)
    content = page_text(other.post(EMAIL_CODE, {"token": code}))
    assert "The security code has expired or has been used: send a new code" in content
    assert other.get(SET_UP).url == EMAIL_CODE


def test_five_wrong_codes_wear_the_code_out(signed_in_officer, officer):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    code = emailed_code()
    for _ in range(4):
        client.post(EMAIL_CODE, {"token": another_code(code)})
    content = page_text(client.post(EMAIL_CODE, {"token": another_code(code)}))
    assert "You have entered a wrong code too many times: send a new code" in content
    # Even the right code no longer works.
    content = page_text(client.post(EMAIL_CODE, {"token": code}))
    assert "You have entered a wrong code too many times: send a new code" in content
    assert client.get(SET_UP).url == EMAIL_CODE


def test_only_the_newest_code_works(signed_in_officer, officer):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    first = emailed_code()
    TwoFactorEmailCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    response = client.post(EMAIL_CODE, {"send": "1"}, follow=True)
    assert f"We have sent a new code to {officer.email}" in page_text(response)
    assert len(mail.outbox) == 2
    second = emailed_code()
    if second != first:
        content = page_text(client.post(EMAIL_CODE, {"token": first}))
        assert "The security code is not right" in content
    assert client.post(EMAIL_CODE, {"token": second}).url == SET_UP


def test_a_new_code_waits_a_minute_after_the_last(signed_in_officer):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    response = client.post(EMAIL_CODE, {"send": "1"}, follow=True)
    assert "Wait a minute before you ask for another" in page_text(response)
    assert len(mail.outbox) == 1


def test_no_more_than_five_codes_are_sent_in_an_hour(signed_in_officer, officer):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    for _ in range(4):
        TwoFactorEmailCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
        client.post(EMAIL_CODE, {"send": "1"})
    assert len(mail.outbox) == 5
    TwoFactorEmailCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    response = client.post(EMAIL_CODE, {"send": "1"}, follow=True)
    assert "You have asked for 5 codes in the last hour" in page_text(response)
    assert len(mail.outbox) == 5


def test_revisiting_the_page_does_not_send_another_code(signed_in_officer):
    signed_in_officer.get(EMAIL_CODE)
    signed_in_officer.get(EMAIL_CODE)
    assert len(mail.outbox) == 1


def test_the_code_is_kept_only_as_a_keyed_hash(signed_in_officer, officer):
    signed_in_officer.get(EMAIL_CODE)
    code = emailed_code()
    stored = TwoFactorEmailCode.objects.get(user=officer)
    assert code not in stored.code_hash
    assert len(stored.code_hash) == 64


def test_neither_the_code_nor_the_address_is_logged(signed_in_officer, officer, caplog):
    caplog.set_level(logging.DEBUG)
    signed_in_officer.get(EMAIL_CODE)
    code = emailed_code()
    signed_in_officer.post(EMAIL_CODE, {"token": another_code(code)})
    assert signed_in_officer.post(EMAIL_CODE, {"token": code}).url == SET_UP
    # Each record whole, with the fields a formatter may add to its message.
    logged = "\n".join(str(vars(record)) for record in caplog.records)
    assert EMAIL_CODE in logged  # the requests were logged
    assert code not in logged
    assert officer.email not in logged


def test_the_email_holds_the_code_and_nothing_about_children(signed_in_officer, officer):
    signed_in_officer.get(EMAIL_CODE)
    body = mail.outbox[0].body
    assert f"Hello {officer.full_name}," in body
    assert "child" not in body.lower()


def test_a_password_chosen_through_an_emailed_link_stands_in_for_the_code(
    client, officer, two_factor_required
):
    officer.set_unusable_password()
    officer.save()
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    token = default_token_generator.make_token(officer)
    link = client.get(f"/password-reset/{uid}/{token}/")
    new_password = "a-fresh-password-2026"
    client.post(link.url, {"new_password1": new_password, "new_password2": new_password})
    sign_in(client, officer, new_password)

    page = client.get(SET_UP)
    assert page.status_code == 200
    assert "<svg" in page_text(page)
    assert mail.outbox == []


def test_an_emailed_link_counts_only_for_the_account_it_was_for(
    client, officer, manager, two_factor_required
):
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    token = default_token_generator.make_token(officer)
    link = client.get(f"/password-reset/{uid}/{token}/")
    new_password = "a-fresh-password-2026"
    client.post(link.url, {"new_password1": new_password, "new_password2": new_password})
    # Someone else signs in on the same browser.
    sign_in(client, manager)
    assert client.get(SET_UP).url == EMAIL_CODE


def test_after_an_administrator_resets_two_factor_a_new_emailed_code_is_needed(
    signed_in_officer, officer, client_factory, admin_user, settings
):
    client = signed_in_officer
    client.get(EMAIL_CODE)
    client.post(EMAIL_CODE, {"token": emailed_code()})
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    client.post(SET_UP, {"token": code_for(device)})

    admin = client_factory()
    admin.force_login(admin_user)
    settings.REQUIRE_2FA_FOR_STAFF = False  # so the administrator needs no code here
    admin.post(f"/users/{officer.pk}/two-factor/reset/")
    assert not TOTPDevice.objects.filter(user=officer).exists()
    settings.REQUIRE_2FA_FOR_STAFF = True

    assert client.get("/").url == SET_UP
    assert client.get(SET_UP).url == EMAIL_CODE


@pytest.mark.parametrize(("setting", "status"), [(True, 302), (False, 200)])
def test_school_main_contacts_use_two_factor_when_the_setting_says(
    client, main_contact_a, school_user_a, settings, setting, status
):
    settings.REQUIRE_2FA_FOR_STAFF = True
    settings.REQUIRE_2FA_FOR_MAIN_CONTACTS = setting
    sign_in(client, main_contact_a)
    response = client.get("/team/")
    assert response.status_code == status
    if setting:
        assert response.url == SET_UP
    # Other school users stay free to choose.
    client.logout()
    sign_in(client, school_user_a)
    assert client.get("/").status_code == 200


def test_a_main_contact_required_to_use_two_factor_sees_why(client, main_contact_a, settings):
    settings.REQUIRE_2FA_FOR_MAIN_CONTACTS = True
    sign_in(client, main_contact_a)
    content = page_text(client.get(EMAIL_CODE))
    assert "Everyone in your role must use two-factor sign-in" in content
    profile = client.get("/account/")
    assert profile.url == SET_UP


def test_a_school_user_may_choose_two_factor_from_their_account_page(client, school_user_a):
    sign_in(client, school_user_a)
    profile = page_text(client.get("/account/"))
    assert "Not set up (optional)" in profile
    assert f'href="{SET_UP}"' in profile
    assert client.get(SET_UP).url == EMAIL_CODE
    client.get(EMAIL_CODE)
    client.post(EMAIL_CODE, {"token": emailed_code()})
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=school_user_a, confirmed=False)
    client.post(SET_UP, {"token": code_for(device)})
    client.logout()
    sign_in(client, school_user_a)
    assert client.get("/").url == "/two-factor/code/"


def test_the_emailed_code_page_is_only_for_users_setting_up(client, officer, two_factor_required):
    assert client.get(EMAIL_CODE).url.startswith("/sign-in/")
    TOTPDevice.objects.create(user=officer, name="App", confirmed=True)
    sign_in(client, officer)
    # A user with an app enters its code; the e-mailed code is not a way round it.
    assert client.get(EMAIL_CODE).url == "/account/"
    assert client.get("/account/").url == "/two-factor/code/"
    assert mail.outbox == []
