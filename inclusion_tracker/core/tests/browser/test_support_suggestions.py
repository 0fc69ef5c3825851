"""Suggestion rules in a real browser: a team manager adds a rule through the
form, correcting a mistake; an officer sees the service suggested on a
child's page with the reason. axe-core finds no WCAG 2.2 A or AA failures on
any page on the way, error states included. The form works without
JavaScript."""

import pytest
from playwright.sync_api import expect

from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.support.models import SuggestionRule

pytestmark = pytest.mark.browser


def follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def test_a_manager_adds_a_rule_and_an_officer_sees_the_suggestion(
    new_page, sign_in, manager, officer, assert_accessible
):
    page = new_page(bypass_csp=True)  # only so that axe-core can be injected
    sign_in(page, manager)
    page.goto("/support/")
    follow(page, "Suggestion rules")
    expect(page.locator("h1")).to_have_text("Suggestion rules")
    assert_accessible(page)

    follow(page, "Add a rule")
    expect(page.locator("h1")).to_have_text("Add a suggestion rule")
    page.get_by_label("Service", exact=True).select_option(label="ADHD Solutions")
    page.get_by_label("The child has a flag", exact=True).check()
    page.get_by_label("Reason shown to officers", exact=True).fill(
        "Young carer: caring can affect attention"
    )
    submit(page, "Add rule")
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text("Choose the flag")
    expect(page.get_by_label("Reason shown to officers", exact=True)).to_have_value(
        "Young carer: caring can affect attention"
    )
    assert_accessible(page)

    page.get_by_label("Flag", exact=True).select_option(label="Young carer")
    submit(page, "Add rule")
    expect(page.locator("h1")).to_have_text("Suggestion rules")
    expect(page.locator("main")).to_contain_text("Flag: Young carer")
    assert SuggestionRule.objects.filter(flag="young_carer").count() == 1

    child = ChildFactory(young_carer=True)
    officer_page = new_page(bypass_csp=True)
    sign_in(officer_page, officer)
    officer_page.goto(f"/children/{child.pk}/")
    section = officer_page.locator("main")
    expect(section.get_by_role("heading", name="Suggested support")).to_be_visible()
    expect(section.get_by_role("link", name="ADHD Solutions", exact=True)).to_be_visible()
    expect(section).to_contain_text("Young carer: caring can affect attention")
    assert_accessible(officer_page)


def test_the_rule_form_works_without_javascript(new_page, sign_in, manager):
    page = new_page(java_script_enabled=False)
    sign_in(page, manager)
    page.goto("/support/suggestion-rules/add/")
    for question in ("Flag", "Kind of episode", "Reason on the notification"):
        expect(page.get_by_label(question, exact=True)).to_be_visible()
    page.get_by_label("Service", exact=True).select_option(label="Family Help Service")
    page.get_by_label("The child's age is in a range", exact=True).check()
    page.get_by_label("Lowest age", exact=True).fill("11")
    page.get_by_label("Highest age", exact=True).fill("16")
    page.get_by_label("Reason shown to officers", exact=True).fill("Secondary school age")
    submit(page, "Add rule")
    expect(page.locator("h1")).to_have_text("Suggestion rules")
    rule = SuggestionRule.objects.get(reason="Secondary school age")
    assert (rule.condition, rule.age_from, rule.age_to) == ("age", 11, 16)
