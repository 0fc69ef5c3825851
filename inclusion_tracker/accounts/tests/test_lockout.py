"""Lockout by account at an address and by address alone (accounts/lockout.py)."""

import pytest
from axes.checks import axes_lockout_params_check

from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text

STRANGER = "198.51.100.7"
OFFICE = "203.0.113.9"
SCHOOL = "192.0.2.44"


def sign_in(client, email, password=PASSWORD, address=OFFICE):
    return client.post("/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_IP_FAILURE_LIMIT = 30
    return settings


def test_five_failures_lock_the_account_at_the_address_they_came_from(client, admin_user, limits):
    for _ in range(4):
        assert sign_in(client, admin_user.email, "wrong", STRANGER).status_code == 200
    assert sign_in(client, admin_user.email, "wrong", STRANGER).status_code == 429
    refused = sign_in(client, admin_user.email, PASSWORD, STRANGER)
    assert refused.status_code == 429
    assert "Your account is locked" in page_text(refused, status=429)
    assert "_auth_user_id" not in client.session


def test_a_stranger_failing_for_the_administrator_does_not_lock_them_out_at_their_desk(
    client, admin_user, limits
):
    for _ in range(5):
        sign_in(client, admin_user.email, "wrong", STRANGER)
    assert sign_in(client, admin_user.email, PASSWORD, STRANGER).status_code == 429
    response = sign_in(client, admin_user.email, PASSWORD, OFFICE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_spraying_one_password_across_many_accounts_from_one_address_is_stopped(
    client, officer, limits
):
    responses = [
        sign_in(client, f"person{n}@example.com", "Summer2026!", STRANGER) for n in range(30)
    ]
    assert [r.status_code for r in responses[:29]] == [200] * 29
    assert responses[29].status_code == 429
    # Every account is now refused from that address, even with the right password...
    refused = sign_in(client, officer.email, PASSWORD, STRANGER)
    assert refused.status_code == 429
    content = page_text(refused, status=429)
    assert "Too many failed sign-ins from your network" in content
    assert "30 failed attempts to sign in from your network" in content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action=Action.LOCKED_OUT,
        actor=officer,
        summary="Sign-in refused: too many failed attempts from this address",
    ).exists()
    # ...while the same account signs in from anywhere else.
    assert sign_in(client, officer.email, PASSWORD, OFFICE).status_code == 302


def test_a_few_typos_behind_a_schools_shared_address_do_not_lock_the_school_out(
    client, school_user_a, main_contact_a, limits
):
    for n in range(29):
        sign_in(client, f"teacher{n}@example.com", "typo", SCHOOL)
    assert sign_in(client, school_user_a.email, PASSWORD, SCHOOL).status_code == 302
    client.logout()
    assert sign_in(client, main_contact_a.email, PASSWORD, SCHOOL).status_code == 302


def test_signing_in_to_one_account_does_not_clear_the_addresses_failures_on_others(
    client, school_user_a, officer, limits
):
    for n in range(29):
        sign_in(client, f"person{n}@example.com", "Summer2026!", STRANGER)
    # A sprayer who owns one account signs in with it...
    assert sign_in(client, school_user_a.email, PASSWORD, STRANGER).status_code == 302
    client.logout()
    # ...and the next failure still locks the address.
    assert sign_in(client, "person29@example.com", "Summer2026!", STRANGER).status_code == 429
    assert sign_in(client, officer.email, PASSWORD, STRANGER).status_code == 429


def test_an_administrators_unlock_ends_both_kinds_of_lockout(
    client, client_for, officer, admin_user, limits
):
    for _ in range(5):
        sign_in(client, officer.email, "wrong", OFFICE)
    for n in range(30):
        sign_in(client, f"person{n}@example.com", "wrong", STRANGER)
    # The officer tried from the sprayed address too, and was refused.
    assert sign_in(client, officer.email, PASSWORD, STRANGER).status_code == 429
    assert sign_in(client, officer.email, PASSWORD, OFFICE).status_code == 429

    client_for(admin_user).post(f"/users/{officer.pk}/unlock/")
    client.logout()

    assert sign_in(client, officer.email, PASSWORD, OFFICE).status_code == 302
    client.logout()
    assert sign_in(client, officer.email, PASSWORD, STRANGER).status_code == 302


def test_the_lockout_parameters_include_the_address_so_axes_has_no_warning(settings):
    assert axes_lockout_params_check(None) == []
    assert not settings.SILENCED_SYSTEM_CHECKS
