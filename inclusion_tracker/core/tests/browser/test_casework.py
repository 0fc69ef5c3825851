"""Casework in a real browser: an officer triages a removal with no known
destination into a new child record, records a CME enquiry and asks for the
enquiry to be closed with the child's whereabouts unknown; a team manager
finds it, approves the closure and assigns work from a worklist; an officer
merges two records and an administrator reverses the merge; a second
officer's stale edit is refused. axe-core finds no WCAG 2.2 A or AA failures
on any page on the way, error and conflict states included. One journey runs
with JavaScript switched off."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import ChildMerge, Episode, EpisodeEvent
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.notifications.models import Kind

pytestmark = pytest.mark.browser


def open_from_navigation(page, label):
    with page.expect_navigation():
        page.locator("nav[aria-label='Menu']").get_by_role("link", name=label, exact=True).click()


def follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def test_an_officer_triages_a_notification_into_a_new_child_and_records_an_enquiry(
    page, sign_in, school_a, school_user_a, officer, assert_accessible
):
    notification = submitted_notification(
        Kind.REMOVAL_FROM_ROLL,
        establishment=school_a,
        user=school_user_a,
        details={"ground": "I", "destination_known": "not_known"},
        first_name="Tomasz",
        last_name="Nowak",
    )
    sign_in(page, officer)
    open_from_navigation(page, "Triage")
    expect(page.locator("h1")).to_have_text("Triage")
    expect(page.locator("#count")).to_have_text("1 notification to triage")
    assert_accessible(page)

    follow(page, notification.reference)
    expect(page.locator("main")).to_contain_text("No child's record is close to these details")
    assert_accessible(page)

    follow(page, "Create a new child record")
    expect(page.locator("h1")).to_have_text("Create a new child record")
    expect(page.get_by_label("First name", exact=True)).to_have_value("Tomasz")
    assert_accessible(page)

    # The notification does not say the child's sex: the form asks.
    submit(page, "Create record and link notification")
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the child's sex")
    expect(page.get_by_label("First name", exact=True)).to_have_value("Tomasz")
    assert_accessible(page)
    page.get_by_label("Male", exact=True).check()
    submit(page, "Create record and link notification")

    child = Child.objects.get(legal_last_name="Nowak")
    expect(page.locator("h1")).to_have_text("Tomasz Nowak")
    episodes = page.locator("main table").first
    expect(episodes).to_contain_text("Removal from roll")
    expect(episodes).to_contain_text("Children missing education (CME) enquiry")
    expect(page.locator(".moj-timeline")).to_contain_text(notification.reference)
    assert_accessible(page)

    # The automatically opened CME enquiry: record an enquiry, mistakes first.
    enquiry = child.episodes.get(kind=EpisodeKind.CME_ENQUIRY)
    with page.expect_navigation():
        page.locator(f"a[href='/episodes/{enquiry.pk}/']").first.click()
    expect(page.locator("h1")).to_have_text("Children missing education (CME) enquiry")
    assert_accessible(page)
    follow(page, "Record an enquiry")
    submit(page, "Record the enquiry")
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what was found out")
    assert_accessible(page)

    today = timezone.localdate()
    page.get_by_label("Day", exact=True).fill(str(today.day))
    page.get_by_label("Month", exact=True).fill(str(today.month))
    page.get_by_label("Year", exact=True).fill(str(today.year))
    page.get_by_label("Home visit", exact=True).check()
    page.get_by_label("No information", exact=True).check()
    page.get_by_label("What was found out", exact=True).fill("House empty; no forwarding address")
    submit(page, "Record the enquiry")
    expect(page.locator("main")).to_contain_text("House empty; no forwarding address")
    assert enquiry.enquiry_actions.count() == 1
    assert_accessible(page)

    # Closing with whereabouts unknown goes to a manager.
    follow(page, "Change status")
    assert_accessible(page)
    page.get_by_label("Closed", exact=True).check()
    page.get_by_label("Whereabouts unknown after enquiries", exact=True).check()
    page.get_by_label("Note about how the enquiry ended", exact=True).fill(
        "Every enquiry made; no trace of the family"
    )
    submit(page, "Save status")
    enquiry.refresh_from_db()
    assert enquiry.status == "awaiting_approval"
    expect(page.locator("main")).to_contain_text("Closure awaiting approval")
    assert_accessible(page)


def test_a_manager_approves_a_closure_and_assigns_work_from_a_worklist(
    page, sign_in, school_a, officer, manager, assert_accessible
):
    child = ChildFactory(current_establishment=school_a, looked_after=True)
    enquiry = Episode.objects.create(child=child, kind=EpisodeKind.CME_ENQUIRY, reason="Not seen")
    enquiry.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    unassigned = Episode.objects.create(
        child=ChildFactory(current_establishment=school_a), kind=EpisodeKind.HEALTH_NEEDS
    )

    sign_in(page, manager)
    open_from_navigation(page, "Worklists")
    expect(page.locator("h1")).to_have_text("Worklists")
    assert_accessible(page)

    follow(page, "Unassigned")
    expect(page.locator("main")).to_contain_text("2 episodes")
    assert_accessible(page)
    # Nothing selected is explained.
    page.get_by_label("Assign to", exact=True).select_option(label=officer.full_name)
    submit(page, "Assign selected")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label(f"Select {unassigned.child.full_name}", exact=True).check()
    page.get_by_label("Assign to", exact=True).select_option(label=officer.full_name)
    submit(page, "Assign selected")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 episode assigned")
    unassigned.refresh_from_db()
    assert unassigned.owner == officer

    page.goto(f"/episodes/{enquiry.pk}/")
    expect(page.locator("main")).to_contain_text("Closure awaiting approval")
    assert_accessible(page)
    # The decision is on the enquiry's page, beside the enquiries made.
    page.get_by_label("Approve closure", exact=True).check()
    submit(page, "Save decision")
    enquiry.refresh_from_db()
    assert enquiry.is_closed
    assert enquiry.closure_approved_by == manager
    assert enquiry.events.filter(what=EpisodeEvent.What.CLOSURE_APPROVED, by=manager).exists()
    expect(page.locator("main")).to_contain_text(manager.full_name)
    assert_accessible(page)


def test_an_officer_links_a_notification_to_a_matching_child_without_javascript(
    new_page, sign_in, school_a, school_user_a, officer
):
    page = new_page(java_script_enabled=False)
    child = ChildFactory(
        current_establishment=school_a, upn="B801200005001", legal_first_name="Amelia"
    )
    notification = submitted_notification(
        Kind.PART_TIME_TIMETABLE,
        establishment=school_a,
        user=school_user_a,
        upn="B801200005001",
        postcode="LE9 9ZZ",
    )
    sign_in(page, officer)
    page.goto(f"/triage/{notification.reference}/")
    expect(page.locator("main")).to_contain_text("Same UPN")
    with page.expect_navigation():
        page.locator(f"a[href='/triage/{notification.reference}/link/{child.pk}/']").click()
    submit(page, "Link notification")
    assert page.title().startswith("Error: ")
    page.get_by_label("No", exact=True).check()
    submit(page, "Link notification")
    expect(page.locator("h1")).to_have_text(child.full_name)
    notification.refresh_from_db()
    assert notification.child == child
    assert child.episodes.get().kind == EpisodeKind.PART_TIME_TIMETABLE


def test_an_officer_merges_two_records_and_an_administrator_reverses_it(
    new_page, sign_in, school_a, officer, admin_user, assert_accessible
):
    kept = ChildFactory(
        current_establishment=school_a, legal_first_name="Amelia", legal_last_name="Khan"
    )
    duplicate = ChildFactory(legal_first_name="Amelia", legal_last_name="Kahn", upn="B801200005001")
    Episode.objects.create(child=duplicate, kind=EpisodeKind.EARLY_YEARS)

    page = new_page(bypass_csp=True)
    sign_in(page, officer)
    page.goto(f"/children/{kept.pk}/")
    follow(page, "Merge with another record")
    assert_accessible(page)
    page.get_by_label("UPN, name or date of birth", exact=True).fill("Kahn")
    submit(page, "Search")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(f"a[href='/children/{kept.pk}/merge/{duplicate.pk}/']").click()
    assert_accessible(page)
    submit(page, "Merge these records")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.locator(f"input[name='keep'][value='{kept.pk}']").check()
    page.get_by_label("Why are these records the same child?", exact=True).fill(
        "Same child; one school misspelt the surname"
    )
    submit(page, "Merge these records")
    expect(page.locator("h1")).to_have_text(kept.full_name)
    assert Episode.objects.get().child == kept
    assert_accessible(page)

    admin_page = new_page(bypass_csp=True)
    sign_in(admin_page, admin_user)
    admin_page.goto("/merges/")
    assert_accessible(admin_page)
    record = ChildMerge.objects.get()
    with admin_page.expect_navigation():
        admin_page.locator(f"a[href='/merges/{record.pk}/']").click()
    assert_accessible(admin_page)
    submit(admin_page, "Reverse this merge")
    assert admin_page.title().startswith("Error: ")
    assert_accessible(admin_page)
    admin_page.get_by_label("I have checked that these are two different children").check()
    submit(admin_page, "Reverse this merge")
    assert Episode.objects.get().child == duplicate
    assert_accessible(admin_page)


def test_a_second_officers_stale_edit_is_refused_and_shows_what_changed(
    new_page, sign_in, school_a, officer, manager, assert_accessible
):
    episode = Episode.objects.create(
        child=ChildFactory(current_establishment=school_a),
        kind=EpisodeKind.OTHER_MISSING_EDUCATION,
        reason="Awaiting a specialist place",
    )
    first, second = new_page(bypass_csp=True), new_page(bypass_csp=True)
    sign_in(first, officer)
    sign_in(second, manager)
    for page in (first, second):
        page.goto(f"/episodes/{episode.pk}/edit/")
    assert_accessible(first)
    first.get_by_label("Reason", exact=True).fill("Place agreed from January")
    submit(first, "Save changes")
    second.get_by_label("Reason", exact=True).fill("Tuition arranged at home")
    submit(second, "Save changes")
    assert second.title().startswith("Error: ")
    expect(second.locator("main table")).to_contain_text("Place agreed from January")
    expect(second.get_by_label("Reason", exact=True)).to_have_value("Tuition arranged at home")
    assert_accessible(second)
    episode.refresh_from_db()
    assert episode.reason == "Place agreed from January"

    # Status changes: a refused change is explained.
    second.goto(f"/episodes/{episode.pk}/status/")
    assert_accessible(second)
    submit(second, "Save status")
    assert second.title().startswith("Error: ")
    assert_accessible(second)


def test_an_officer_adds_a_child_no_school_notified_and_opens_a_cme_enquiry(
    page, sign_in, officer, assert_accessible
):
    sign_in(page, officer)
    open_from_navigation(page, "Children")
    follow(page, "Add a child's record")
    assert_accessible(page)
    submit(page, "Add the record")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("First name", exact=True).fill("Kacper")
    page.get_by_label("Last name", exact=True).fill("Zielinski")
    page.get_by_label("Day", exact=True).fill("9")
    page.get_by_label("Month", exact=True).fill("1")
    page.get_by_label("Year", exact=True).fill("2013")
    page.get_by_label("Male", exact=True).check()
    submit(page, "Add the record")
    expect(page.locator("h1")).to_have_text("Kacper Zielinski")

    follow(page, "Open an episode")
    assert_accessible(page)
    submit(page, "Open the episode")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Children missing education (CME) enquiry", exact=True).check()
    page.get_by_label("Reason", exact=True).fill("Reported by the health visitor")
    submit(page, "Open the episode")
    expect(page.locator("h1")).to_have_text("Children missing education (CME) enquiry")
    episode = Episode.objects.get()
    assert episode.child.legal_last_name == "Zielinski"
    assert_accessible(page)
