"""Referrals in a real browser: an officer opens a looked-after child's page,
follows the suggested Virtual School's "Record a referral" link, records the
referral (mistakes first: the consent rule's message among them) and marks it
accepted; the referral shows on the child's timeline and page. A school user
sees their pupil's service and status, and an officer the open referrals
worklist. axe-core finds no WCAG 2.2 A or AA failures on any page on the way,
error states included. Recording works with JavaScript switched off."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.school_calendar.school_days import add_school_days
from inclusion_tracker.support.models import Service

pytestmark = pytest.mark.browser

VIRTUAL_SCHOOL = "Leicestershire Virtual School"  # seeded with a rule for looked-after children


def follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def fill_date(page, name, value):
    page.locator(f"input[name='{name}_day']").fill(str(value.day))
    page.locator(f"input[name='{name}_month']").fill(str(value.month))
    page.locator(f"input[name='{name}_year']").fill(str(value.year))


def looked_after_child_with_an_episode(school):
    child = ChildFactory(legal_first_name="Jayden", current_establishment=school, looked_after=True)
    episode = Episode.objects.create(
        child=child,
        kind=EpisodeKind.OTHER_MISSING_EDUCATION,
        establishment=school,
        reason="Not attending since a placement move",
    )
    return child, episode


def test_an_officer_follows_a_suggestion_to_record_a_referral_and_marks_it_accepted(
    page, sign_in, officer, school_a, assert_accessible
):
    child, episode = looked_after_child_with_an_episode(school_a)
    today = timezone.localdate()
    sign_in(page, officer)
    page.goto(f"/children/{child.pk}/")
    expect(page.locator("#suggested-support")).to_have_text("Suggested support")
    expect(page.locator("main")).to_contain_text("No referrals to support services")
    assert_accessible(page)

    follow(page, f"Record a referral to {VIRTUAL_SCHOOL}")
    expect(page.locator("h1")).to_have_text("Record a referral")
    # The suggestion chose the service; the child's one open episode is chosen too.
    expect(page.get_by_label("Service", exact=True)).to_have_value(
        str(Service.objects.get(name=VIRTUAL_SCHOOL).pk)
    )
    expect(page.locator(f"input[name='episode'][value='{episode.pk}']")).to_be_checked()
    assert_accessible(page)

    # Mistakes first: nothing answered, then no consent and no reason.
    submit(page, "Record the referral")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter date the referral was made")
    expect(summary).to_contain_text("Select who made the referral")
    expect(summary).to_contain_text("Select whether the parent consented to the referral")
    assert_accessible(page)

    fill_date(page, "made_on", today - timedelta(days=1))
    page.get_by_label("The school", exact=True).check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Notes (optional)", exact=True).fill("Designated teacher asked for help")
    submit(page, "Record the referral")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the safeguarding reason for referring without the parent's consent"
    )
    expect(page.get_by_label("Notes (optional)", exact=True)).to_have_value(
        "Designated teacher asked for help"
    )
    assert_accessible(page)

    page.get_by_label("Yes", exact=True).check()
    fill_date(page, "consent_date", today - timedelta(days=2))
    submit(page, "Record the referral")
    expect(page.locator("h1")).to_have_text(VIRTUAL_SCHOOL)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Referral to {VIRTUAL_SCHOOL} recorded"
    )
    expect(page.locator("main")).to_contain_text("Referral made")
    referral = Referral.objects.get()
    assert (referral.episode, referral.made_by, referral.parent_consented) == (
        episode,
        "school",
        True,
    )
    assert_accessible(page)

    follow(page, "Change status")
    expect(page.locator("h1")).to_have_text("Change status")
    assert_accessible(page)
    page.get_by_label("Accepted", exact=True).check()
    fill_date(page, "on", today)
    submit(page, "Save status")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The referral's status has been changed to ‘Accepted’"
    )
    expect(page.locator("#status strong.govuk-tag")).to_have_text("Accepted")
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert_accessible(page)

    page.goto(f"/children/{child.pk}/")
    expect(page.locator("#referrals + table")).to_contain_text(VIRTUAL_SCHOOL)
    expect(page.locator(".moj-timeline")).to_contain_text(f"Referral to {VIRTUAL_SCHOOL}: accepted")
    assert_accessible(page)


def test_a_school_user_sees_their_pupils_support_and_an_officer_the_open_worklist(
    page, new_page, sign_in, officer, school_a, school_user_a, assert_accessible
):
    child, episode = looked_after_child_with_an_episode(school_a)
    made_on = add_school_days(timezone.localdate(), -30)
    Referral.objects.record(
        by=officer,
        episode=episode,
        service=Service.objects.get(name=VIRTUAL_SCHOOL),
        made_on=made_on,
        made_by="la",
        parent_consented=False,
        safeguarding_reason="Placement at risk",
        notes="LA only",
    )

    sign_in(page, school_user_a)
    with page.expect_navigation():
        page.locator("nav[aria-label='Menu']").get_by_role(
            "link", name="Support for your pupils", exact=True
        ).click()
    expect(page.locator("h1")).to_have_text("Support for your pupils")
    expect(page.locator("main table")).to_contain_text(child.full_name)
    expect(page.locator("main table")).to_contain_text(VIRTUAL_SCHOOL)
    expect(page.locator("main")).not_to_contain_text("Placement at risk")
    assert_accessible(page)

    officer_page = new_page(bypass_csp=True)
    sign_in(officer_page, officer)
    officer_page.goto("/worklists/")
    expect(officer_page.locator("#count-open-referrals")).to_have_text("1")
    assert_accessible(officer_page)
    follow(officer_page, "Open referrals")
    expect(officer_page.locator("#count")).to_have_text("1 referral")
    assert_accessible(officer_page)


def test_a_referral_is_recorded_without_javascript(new_page, sign_in, officer, school_a):
    child, episode = looked_after_child_with_an_episode(school_a)
    today = timezone.localdate()
    page = new_page(java_script_enabled=False)
    sign_in(page, officer)
    page.goto(f"/episodes/{episode.pk}/")
    follow(page, "Record a referral")
    page.get_by_label("Service", exact=True).select_option(label="Family Help Service")
    fill_date(page, "made_on", today)
    page.get_by_label("The local authority", exact=True).check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Safeguarding reason for referring without consent", exact=True).fill(
        "Parents cannot be reached and the child is at risk"
    )
    submit(page, "Record the referral")
    expect(page.locator("h1")).to_have_text("Family Help Service")
    assert Referral.objects.get().safeguarding_reason.startswith("Parents cannot be reached")
