"""The LA staff's list pages, in a real browser, with no WCAG 2.2 AA failures
that axe-core can find."""

import pytest
from playwright.sync_api import expect

from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def records(school_a, school_b):
    EstablishmentFactory(name="Gamma Special School", phase="Not applicable")
    ChildFactory(legal_first_name="Amelia", legal_last_name="Khan", current_establishment=school_a)
    ChildFactory(legal_first_name="Oliver", legal_last_name="Brown", current_establishment=school_b)


def open_from_navigation(page, label):
    with page.expect_navigation():
        page.locator("nav[aria-label='Menu']").get_by_role("link", name=label, exact=True).click()
    assert page.locator("h1").inner_text() == label
    current = page.locator("nav[aria-label='Menu'] a[aria-current='page']")
    assert current.all_inner_texts() == [label]


def test_the_officers_children_page_is_accessible(
    page, sign_in, officer, records, assert_accessible
):
    sign_in(page, officer)
    open_from_navigation(page, "Children")
    names = page.locator("table tbody tr td:first-child").all_inner_texts()
    assert len(names) == 2
    assert_accessible(page)

    page.get_by_label("UPN, name or date of birth").fill("Amelia")
    submit(page, "Search")
    assert page.locator("table tbody tr").count() == 1
    assert_accessible(page)


def test_the_officers_establishments_page_is_accessible(
    page, sign_in, officer, records, assert_accessible
):
    sign_in(page, officer)
    open_from_navigation(page, "Establishments")
    assert page.locator("table tbody").get_by_text("Alpha Primary School").is_visible()
    assert_accessible(page)


def test_the_administrators_users_page_is_accessible(page, sign_in, cast, assert_accessible):
    sign_in(page, cast["admin"])
    open_from_navigation(page, "Users")
    assert page.locator("table tbody").get_by_text("officer@example.com").is_visible()
    assert_accessible(page)


def test_the_administrators_audit_log_is_accessible(
    page, sign_in, admin_user, officer, assert_accessible
):
    sign_in(page, officer, password="not-the-password")
    sign_in(page, admin_user)
    open_from_navigation(page, "Audit log")
    assert page.locator("table tbody tr").count() >= 2
    assert_accessible(page)


def test_on_a_small_screen_the_header_navigation_is_an_accessible_menu(
    new_page, sign_in, admin_user, assert_accessible
):
    # 320 CSS pixels wide: WCAG 1.4.10 reflow.
    page = new_page(bypass_csp=True, viewport={"width": 320, "height": 640})
    sign_in(page, admin_user)
    menu = page.get_by_role("button", name="Menu")
    users = page.locator("nav[aria-label='Menu']").get_by_role("link", name="Users")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(users).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(users).to_be_visible()
    assert_accessible(page)
