"""Account security pages in a real browser, each checked with axe-core: the
emailed code before a first two-factor set-up, a main contact's invitations
and accepting one, and the lockout page for an address."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.core.tests.helpers import first_group

pytestmark = pytest.mark.browser


def emailed_code() -> str:
    return first_group(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE)


def test_a_first_two_factor_set_up_asks_for_the_emailed_code_first(
    page, sign_in, officer, settings, assert_accessible
):
    settings.REQUIRE_2FA_FOR_STAFF = True
    sign_in(page, officer)
    expect(page.locator("h1")).to_have_text("Check your email")
    assert page.locator("svg").count() == 0
    assert mail.outbox[-1].to == [officer.email]
    assert_accessible(page)

    wrong = str((int(emailed_code()) + 1) % 1_000_000).zfill(6)
    page.get_by_label("Security code").fill(wrong)
    submit(page, "Continue")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        "The security code is not right: enter the code from the latest email we sent you"
    )
    assert_accessible(page)

    page.get_by_label("Security code").fill(emailed_code())
    submit(page, "Continue")
    expect(page.locator("h1")).to_have_text("Set up two-factor sign-in")
    assert page.locator(".app-qr-code svg").count() == 1
    assert_accessible(page)


def test_a_main_contacts_invitation_is_accepted_by_someone_from_another_school(
    page, new_page, sign_in, main_contact_a, school_user_b, assert_accessible
):
    sign_in(page, main_contact_a)
    page.goto("/team/invite/")
    page.get_by_label("Full name").fill("Sam Jones")
    page.get_by_label("Email address").fill(school_user_b.email)
    page.get_by_label("Alpha Primary School").check()
    submit(page, "Send invitation")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"We have sent an invitation to {school_user_b.email}"
    )
    waiting = page.locator("table").nth(1)
    expect(waiting).to_contain_text("Sam Jones")
    assert_accessible(page)

    link = first_group(r"http://[^/\s]+(/team/join/[^/\s]+/)", mail.outbox[-1].body)
    theirs = new_page(bypass_csp=True)
    sign_in(theirs, school_user_b)
    theirs.goto(link)
    expect(theirs.locator("h1")).to_have_text("Act for Alpha Primary School?")
    assert_accessible(theirs)
    submit(theirs, "Accept and join")
    expect(theirs.locator(".govuk-notification-banner")).to_contain_text(
        "You can now act for Alpha Primary School"
    )

    theirs.goto(link)
    expect(theirs.locator("h1")).to_have_text("This invitation link does not work")
    assert_accessible(theirs)


def test_the_lockout_page_for_an_address_is_accessible(
    page, sign_in, officer, settings, assert_accessible
):
    settings.AXES_IP_FAILURE_LIMIT = 2
    for email in ("someone@example.com", "someone.else@example.com"):
        page.goto("/sign-in/")
        page.get_by_label("Email address", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill("Summer2026!")
        submit(page, "Sign in")
    expect(page.locator("h1")).to_have_text("Too many failed sign-ins from your network")
    assert_accessible(page)
