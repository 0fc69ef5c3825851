"""The pages a race ends on, in a real browser: a UPN another record has
(the error linking to that record) and a review someone else recorded first.
axe-core finds no WCAG 2.2 A or AA failures on them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.notifications.models import ReviewOutcome, TimetableReview

pytestmark = pytest.mark.browser


def test_a_upn_another_record_has_is_refused_with_a_link_to_that_record(
    page, sign_in, officer, assert_accessible
):
    holder = ChildFactory(upn=make_upn(5), legal_first_name="Ola", legal_last_name="Nowak")
    sign_in(page, officer)
    page.goto("/children/add/")
    page.get_by_label("UPN (optional)").fill(make_upn(5))
    page.get_by_label("First name", exact=True).fill("Tomasz")
    page.get_by_label("Last name", exact=True).fill("Nowak")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2014")
    page.get_by_label("Male", exact=True).check()
    submit(page, "Add the record")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("A child with this UPN already exists")
    expect(page.get_by_label("First name", exact=True)).to_have_value("Tomasz")
    assert_accessible(page)
    summary.get_by_role("link", name="A child with this UPN already exists").click()
    expect(page.get_by_label("UPN (optional)")).to_be_focused()
    with page.expect_navigation():
        page.get_by_role("link", name="Ola Nowak, born 12 March 2015").click()
    assert page.url.endswith(f"/children/{holder.pk}/")


def test_a_review_someone_else_recorded_first_is_shown_with_the_answers_kept(
    page, sign_in, school_a, school_user_a, main_contact_a, assert_accessible
):
    notification = submitted_notification(establishment=school_a, user=school_user_a)
    today = timezone.localdate()
    sign_in(page, school_user_a)
    page.goto(f"/notifications/{notification.reference}/review/")
    # Meanwhile the main contact records one.
    TimetableReview.objects.create(
        plan=notification.details,
        reviewed_on=today,
        outcome=ReviewOutcome.CONTINUE,
        next_review_date=today + timedelta(days=7),
        recorded_by=main_contact_a,
    )
    page.get_by_label("Day").first.fill(str(today.day))
    page.get_by_label("Month").first.fill(str(today.month))
    page.get_by_label("Year").first.fill(str(today.year))
    page.get_by_role("radio", name="Ended for another reason").check()
    page.get_by_label("Reason (if extended or ended for another reason)").fill("Moved away")
    submit(page, "Send the review")

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone else recorded a review of this part-time timetable at the same time"
    )
    expect(page.locator("#latest-review")).to_have_text("The review someone else recorded")
    expect(page.get_by_label("Reason (if extended or ended for another reason)")).to_have_value(
        "Moved away"
    )
    assert_accessible(page)
    submit(page, "Send the review")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The review has been recorded"
    )
    assert notification.details.reviews.count() == 2
