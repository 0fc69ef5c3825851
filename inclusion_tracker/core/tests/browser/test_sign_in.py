"""Signing in through the real form, in a real browser, for every role: the
landing page, the header navigation each role may use, and no WCAG 2.2 AA
failures that axe-core can find."""

import re

import pytest
from playwright.sync_api import expect

from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.core.tests.test_home import NAV

pytestmark = pytest.mark.browser

# What each role sees in the header: the same table the page tests use.
EXPECTED_NAVIGATION = {
    ("admin_user" if who == "admin" else who): labels
    for who, labels in NAV.items()
    if who in {"school_user_a", "main_contact_a", "officer", "manager", "admin"}
}


def navigation_labels(page):
    return [
        text.strip()
        for text in page.locator(
            "nav[aria-label='Menu'] a.govuk-service-navigation__link"
        ).all_inner_texts()
    ]


def test_sign_in_page_is_styled_by_the_built_govuk_frontend_css(page):
    response = page.goto("/sign-in/")
    assert response.status == 200
    css = page.request.get("/static/dist/application.css")
    assert css.status == 200, "the live server does not serve the built GOV.UK styles"
    assert "govuk-skip-link" in css.text()

    skip_link = page.get_by_role("link", name="Skip to main content")
    # Visually hidden until it has focus: the GOV.UK styles are applied.
    assert skip_link.evaluate("el => getComputedStyle(el).position") == "absolute"
    assert skip_link.bounding_box()["width"] <= 1
    page.keyboard.press("Tab")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.bounding_box()["width"] > 1
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert "GDS Transport" in font


def test_sign_in_page_has_no_accessibility_violations(page, assert_accessible):
    page.goto("/sign-in/")
    assert page.locator("h1").inner_text() == "Sign in to Inclusion Tracker"
    assert_accessible(page)


def test_sign_in_submitted_empty_shows_accessible_errors(page, assert_accessible):
    page.goto("/sign-in/")
    submit(page, "Sign in")

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    assert summary.get_by_role("link").all_inner_texts() == [
        "Enter your email address",
        "Enter your password",
    ]
    errors = page.locator(".govuk-error-message").all_inner_texts()
    assert [" ".join(e.split()) for e in errors] == [
        "Error: Enter your email address",
        "Error: Enter your password",
    ]
    # Each field says which error describes it.
    email = page.get_by_label("Email address", exact=True)
    assert "_error" in (email.get_attribute("aria-describedby") or "")
    assert_accessible(page)


def test_wrong_password_is_refused_with_an_accessible_error(
    page, sign_in, officer, assert_accessible
):
    sign_in(page, officer, password="not-the-password")
    assert page.url.endswith("/sign-in/")
    assert (
        page.locator(".govuk-error-summary")
        .get_by_text("Enter the email address and password for your account")
        .is_visible()
    )
    assert_accessible(page)


@pytest.mark.parametrize("who", EXPECTED_NAVIGATION)
def test_each_role_signs_in_to_an_accessible_home_page_with_its_own_navigation(
    page, sign_in, assert_accessible, request, who
):
    user = request.getfixturevalue(who)
    if user.establishments.exists():
        ChildFactory(current_establishment=user.establishments.first())

    sign_in(page, user)

    assert page.url == f"{request.getfixturevalue('live_server').url}/"
    assert page.locator("h1").inner_text() == user.full_name
    assert navigation_labels(page) == EXPECTED_NAVIGATION[who]
    current = page.locator("nav[aria-label='Menu'] a[aria-current='page']")
    assert current.all_inner_texts() == ["Home"]
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert_accessible(page)


def test_a_school_user_sees_their_own_establishment_on_the_home_page(
    page, sign_in, school_user_a, school_b
):
    sign_in(page, school_user_a)
    main = page.locator("main")
    assert main.get_by_text("Alpha Primary School (URN 900001").is_visible()
    assert main.get_by_text("Beta Academy").count() == 0


def test_sign_in_and_out_work_without_javascript(new_page, sign_in, officer, live_server):
    page = new_page(java_script_enabled=False)
    sign_in(page, officer)
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == officer.full_name
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")

    submit(page, "Sign out")
    assert page.url.endswith("/signed-out/")
    page.goto("/")
    assert re.search(r"/sign-in/\?next=/?$", page.url.replace("%2F", "/"))


def test_the_content_security_policy_lets_the_pages_own_scripts_run(new_page, officer):
    page = new_page()  # the policy is enforced in this context
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/sign-in/")
    # The inline script carries the nonce; GOV.UK Frontend's module loads from 'self'.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    submit(page, "Sign in")
    # GOV.UK Frontend's error summary moves focus to itself once initialised.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert refused == []
