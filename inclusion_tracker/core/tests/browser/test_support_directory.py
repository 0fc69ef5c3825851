"""The support directory in a real browser: a school user browses and filters
it, with and without JavaScript; a team manager adds a service through the
form, correcting a mistake, and retires it. axe-core finds no WCAG 2.2 A or
AA failures on any page on the way, error states included."""

import pytest
from playwright.sync_api import expect

from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.support.models import Service

pytestmark = pytest.mark.browser


def open_directory(page):
    with page.expect_navigation():
        page.locator("nav[aria-label='Menu']").get_by_role(
            "link", name="Support services", exact=True
        ).click()
    expect(page.locator("h1")).to_have_text("Support services")


def result_names(page):
    return page.locator("main ul.govuk-list h3 a").all_inner_texts()


def test_a_school_user_browses_and_filters_the_directory(
    page, sign_in, school_user_a, assert_accessible
):
    sign_in(page, school_user_a)
    open_directory(page)
    expect(page.locator("#results")).to_have_text("10 services")
    assert "Leicestershire Virtual School" in result_names(page)
    assert page.get_by_role("link", name="Add a service").count() == 0
    assert_accessible(page)

    # A wrong age is explained; the page stays accessible in its error state.
    page.get_by_label("Child's age", exact=True).fill("three")
    submit(page, "Apply filters")
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        "Enter the child's age as a whole number of years, like 8"
    )
    assert_accessible(page)

    page.get_by_label("Child's age", exact=True).fill("3")
    page.get_by_role("group", name="Needs").get_by_label(
        "Looked-after children", exact=True
    ).check()
    submit(page, "Apply filters")
    expect(page.locator("#results")).to_have_text("1 service")
    assert result_names(page) == ["Leicestershire Virtual School"]
    assert_accessible(page)

    page.get_by_label("Search words", exact=True).fill("astronomy")
    submit(page, "Apply filters")
    expect(page.locator("#results")).to_have_text("0 services")
    expect(page.get_by_text("No services match your filters.")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Clear filters").first.click()
    expect(page.locator("#results")).to_have_text("10 services")

    with page.expect_navigation():
        page.get_by_role("link", name="School-to-school outreach for children with SEND").click()
    expect(page.locator("h1")).to_have_text("School-to-school outreach for children with SEND")
    expect(page.get_by_text("No outreach schools have been recorded yet.")).to_be_visible()
    assert page.get_by_role("link", name="Change the outreach schools").count() == 0
    assert_accessible(page)


def test_the_directory_filters_work_without_javascript(new_page, sign_in, officer):
    page = new_page(java_script_enabled=False)
    sign_in(page, officer)
    page.goto("/support/")
    page.get_by_label("Search words", exact=True).fill("Traveller")
    page.get_by_label("Child's age", exact=True).fill("10")
    submit(page, "Apply filters")
    assert result_names(page) == ["Multi Agency Travellers Unit (MATU)"]
    assert "q=Traveller" in page.url


def test_a_manager_adds_a_service_correcting_a_mistake_then_retires_it(
    page, sign_in, manager, school_user_a, new_page, assert_accessible
):
    sign_in(page, manager)
    open_directory(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Add a service").click()
    expect(page.locator("h1")).to_have_text("Add a service")
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("Sleep clinic")
    page.get_by_label("What it offers", exact=True).fill("Advice on sleep and tiredness")
    page.get_by_label("Who it is for", exact=True).fill("Children who cannot sleep")
    needs = page.get_by_role("group", name="Which needs is it for?")
    needs.get_by_label("Health", exact=True).check()
    needs.get_by_label("Attendance", exact=True).check()
    page.get_by_label("Lowest age", exact=True).fill("12")
    page.get_by_label("Highest age", exact=True).fill("8")
    page.get_by_label("How to refer", exact=True).fill("Ask your school nurse")
    page.get_by_role("group", name="Can schools refer directly?").get_by_label(
        "Yes", exact=True
    ).check()
    submit(page, "Add service")

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        "The lowest age must be the same as or less than the highest age"
    )
    # What was typed is kept.
    expect(page.get_by_label("Name", exact=True)).to_have_value("Sleep clinic")
    expect(needs.get_by_label("Health", exact=True)).to_be_checked()
    assert_accessible(page)

    summary.get_by_role("link").click()  # a link within the page
    expect(page.get_by_label("Lowest age", exact=True)).to_be_focused()
    page.get_by_label("Lowest age", exact=True).fill("5")
    submit(page, "Add service")

    expect(page.locator("h1")).to_have_text("Sleep clinic")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Sleep clinic has been added to the directory"
    )
    assert_accessible(page)
    service = Service.objects.get(name="Sleep clinic")
    assert service.need_codes == ["health", "attendance"]
    assert service.age_range == "5 to 8"

    with page.expect_navigation():
        page.get_by_role("link", name="Retire Sleep clinic").click()
    expect(page.locator("h1")).to_have_text("Retire this service?")
    assert_accessible(page)
    submit(page, "Retire service")
    expect(page.get_by_text("This service is no longer offered.")).to_be_visible()
    assert_accessible(page)

    # A school user no longer finds it in the directory.
    school_page = new_page(bypass_csp=True)
    sign_in(school_page, school_user_a)
    school_page.goto("/support/?q=sleep")
    expect(school_page.locator("#results")).to_have_text("0 services")
