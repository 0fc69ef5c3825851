"""Term dates in a real browser: a team manager adds a term, correcting a
mistake, adds an INSET day and uploads a CSV file with a problem. axe-core
finds no WCAG 2.2 A or AA failures on any page, error states included."""

from datetime import date

import pytest
from playwright.sync_api import expect

from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term

pytestmark = pytest.mark.browser


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_manager_keeps_the_term_dates(new_page, sign_in, manager, tmp_path, assert_accessible):
    page = new_page(bypass_csp=True)  # only so that axe-core can be injected
    sign_in(page, manager)
    page.goto("/term-dates/")
    expect(page.locator("h1")).to_have_text("Term dates")
    expect(page.locator("main")).to_contain_text("There are no local authority term dates")
    assert_accessible(page)

    page.get_by_role("link", name="Add a term").click()
    page.get_by_label("School year").select_option(label="2026/27")
    page.get_by_label("Name", exact=True).fill("Autumn 1")
    fill_date(page, "First day", date(2026, 9, 1))
    fill_date(page, "Last day", date(2026, 8, 16))
    submit(page, "Add term")
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        "The last day must be the same as or after the first day"
    )
    assert_accessible(page)
    fill_date(page, "Last day", date(2026, 10, 16))
    submit(page, "Add term")
    expect(page.locator("h1")).to_have_text("Term dates")
    expect(page.locator("main")).to_contain_text("Tue 1 September 2026")
    assert Term.objects.count() == 1

    page.get_by_role("link", name="Add a non-school day").click()
    fill_date(page, "Date", date(2026, 9, 1))
    page.get_by_label("INSET day").check()
    assert_accessible(page)
    submit(page, "Add non-school day")
    expect(page.locator("main")).to_contain_text("33 school days in the year")
    assert NonSchoolDay.objects.count() == 1
    assert_accessible(page)

    path = tmp_path / "dates.csv"
    path.write_text("urn,academic_year,kind,name,first_day,last_day\n,2026,inset,,2026-09-05,\n")
    page.get_by_role("link", name="Upload a CSV file").click()
    page.get_by_label("Upload a CSV file").set_input_files(str(path))
    submit(page, "Upload term dates")
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        "Row 2: 5 September 2026 is a Saturday: a non-school day must be a weekday"
    )
    assert_accessible(page)
