"""The account page's "E-mails we send you" in a real browser: a team
manager turns off the daily list and keeps the weekly summary. axe-core
finds no WCAG 2.2 A or AA failures, before and after saving."""

import pytest
from playwright.sync_api import expect

from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import ReminderPreference

pytestmark = pytest.mark.browser


def test_a_manager_turns_off_the_daily_list(new_page, sign_in, manager, assert_accessible):
    page = new_page(bypass_csp=True)  # only so that axe-core can be injected
    sign_in(page, manager)
    page.goto("/account/")
    expect(page.locator("#emails")).to_have_text("E-mails we send you")
    daily = page.get_by_label("Daily list of your overdue work")
    weekly = page.get_by_label("Weekly summary of unassigned and overdue work")
    expect(daily).to_be_checked()
    expect(weekly).to_be_checked()
    assert_accessible(page)

    daily.uncheck()
    submit(page, "Save e-mail choices")
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    expect(page.get_by_label("Daily list of your overdue work")).not_to_be_checked()
    expect(page.get_by_label("Weekly summary of unassigned and overdue work")).to_be_checked()
    assert_accessible(page)
    assert ReminderPreference.turned_off_kinds(manager) == {ReminderKind.DAILY_DIGEST}
