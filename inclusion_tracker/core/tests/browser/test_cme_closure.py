"""Closing a CME enquiry in a real browser with JavaScript switched off: the
officer says the child was found on roll, gets errors first (a part of a
school's name offers the schools that match), chooses the school, gives the
date and a note, and the enquiry page shows where the child is. axe-core
checks the same pages (it needs JavaScript to run): the form, its error
state with the schools offered, and the closed enquiry."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.tests.browser.support import submit

pytestmark = pytest.mark.browser


def follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def open_enquiry(child) -> Episode:
    return Episode.objects.create(
        child=child,
        kind=EpisodeKind.CME_ENQUIRY,
        reason="Not seen since half-term",
        opened_on=timezone.localdate() - timedelta(days=7),
    )


def choose_found_on_roll_at(page, typed: str) -> None:
    page.get_by_label("Found on roll at an establishment", exact=True).check()
    page.get_by_label("Name, URN or DfE number of the establishment", exact=True).fill(typed)


def fill_found_on(page, day) -> None:
    page.locator("input[name='found_on_day']").fill(str(day.day))
    page.locator("input[name='found_on_month']").fill(str(day.month))
    page.locator("input[name='found_on_year']").fill(str(day.year))


def test_an_officer_closes_a_cme_enquiry_as_found_on_roll_without_javascript(
    new_page, sign_in, school_a, school_b, officer, assert_accessible
):
    enquiry = open_enquiry(ChildFactory(current_establishment=school_a))
    found_on = timezone.localdate() - timedelta(days=1)

    page = new_page(java_script_enabled=False)
    sign_in(page, officer)
    page.goto(f"/episodes/{enquiry.pk}/")
    follow(page, "Change status")
    expect(page.locator("h1")).to_have_text("Change status")
    # Every outcome's details are on the page without JavaScript.
    expect(page.get_by_label("Local authority the child moved to", exact=True)).to_be_visible()

    choose_found_on_roll_at(page, "Beta")
    submit(page, "Save status")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Select the establishment the child was found on roll at from the list, or enter its name"
    )
    expect(summary).to_contain_text("Enter the date the child was found on roll")
    expect(summary).to_contain_text("Enter a note about how the enquiry ended")
    # What was typed is still there.
    expect(
        page.get_by_label("Name, URN or DfE number of the establishment", exact=True)
    ).to_have_value("Beta")
    expect(page.get_by_label("Found on roll at an establishment", exact=True)).to_be_checked()

    page.get_by_label("Beta Academy", exact=True).check()
    fill_found_on(page, found_on)
    page.get_by_label("Note about how the enquiry ended", exact=True).fill(
        "Admissions confirmed he started there"
    )
    submit(page, "Save status")

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Closed: Found on roll at Beta Academy on {govuk_date(found_on)}"
    )
    expect(page.locator("main")).to_contain_text("Beta Academy (URN 900002, Leicestershire)")
    enquiry.refresh_from_db()
    assert enquiry.is_closed
    assert (enquiry.found_at, enquiry.found_on) == (school_b, found_on)

    # The same pages, checked by axe-core (which needs JavaScript).
    checked = new_page(bypass_csp=True)
    sign_in(checked, officer)
    another = open_enquiry(ChildFactory(current_establishment=school_a))
    checked.goto(f"/episodes/{another.pk}/status/")
    assert_accessible(checked)
    choose_found_on_roll_at(checked, "Beta")
    submit(checked, "Save status")
    assert checked.title().startswith("Error: ")
    expect(checked.get_by_label("Beta Academy", exact=True)).to_be_visible()
    assert_accessible(checked)
    checked.goto(f"/episodes/{enquiry.pk}/")
    expect(checked.locator("main")).to_contain_text("Date found on roll")
    assert_accessible(checked)
