from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.notifications.models import Kind, Notification, Status
from inclusion_tracker.notifications.tests.helpers import (
    OTHER_ANSWERS,
    answer_all,
    date_parts,
    start,
)

LA_DUTY_WARNING = (
    "The child is expected to miss 15 or more school days because of their health, so the "
    "local authority's duty to arrange suitable education for them applies"
)


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def post_page(school, notification, slug, data, change=False):
    query = "?change=1" if change else ""
    return school.post(f"/notify/{notification.reference}/{slug}/{query}", data)


def check_page(school, notification) -> str:
    return page_text(school.get(f"/notify/{notification.reference}/check/"))


def test_a_school_user_sends_an_other_missing_education_notification_from_start_to_confirmation(
    school, school_user_a, school_a
):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    assert notification.reference.startswith("PME-")
    assert notification.establishment == school_a
    answer_all(school, notification, OTHER_ANSWERS)

    content = check_page(school, notification)
    assert "Check your answers before sending" in content
    assert "Health needs" in content
    assert "Recovering from surgery" in content
    assert "12 October 2026" in content
    assert "4 January 2027" in content
    assert "4.5" in content
    assert "Work sent home; weekly call with the family" in content
    assert "Special educational needs (SEN) support" in content
    assert LA_DUTY_WARNING in content

    response = school.post(f"/notify/{notification.reference}/check/")
    assert response.url == f"/notify/{notification.reference}/confirmation/"
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.submitted_by == school_user_a
    assert notification.needs_cme_enquiry is False
    details = notification.details
    assert details.reason == "health"
    assert details.expected_to_miss_15_days is True
    assert (details.since, details.expected_return) == (date(2026, 10, 12), date(2027, 1, 4))
    assert details.hours_received == Decimal("4.5")
    assert notification.sen_support and not notification.has_ehcp

    confirmation = page_text(school.get(response.url))
    assert notification.reference in confirmation
    assert "Other missing out on education sent" in confirmation
    assert "the local authority must arrange suitable education for them" in confirmation
    assert "4 January 2027" in confirmation
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(notification.pk)).exists()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [school_user_a.email]
    assert email.subject == f"Other missing out on education received: {notification.reference}"
    assert "Amelia K." in email.body
    assert "Khan" not in email.body
    assert "health" not in email.body.lower()


def test_the_start_page_offers_other_missing_education(school):
    content = page_text(school.get("/notify/"))
    assert 'value="other_missing_education"' in content
    assert "emotionally based school avoidance" in content


def test_submitting_twice_creates_one_notification_and_one_email(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    answer_all(school, notification, OTHER_ANSWERS)
    school.post(f"/notify/{notification.reference}/check/")
    school.post(f"/notify/{notification.reference}/check/")
    assert Notification.objects.submitted().count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        (
            "reason",
            {"reason_details": "Waiting"},
            "Select why the child is missing out on full-time education",
        ),
        (
            "reason",
            {"reason": "other", "reason_details": "  "},
            "Enter details of why the child is missing out on full-time education",
        ),
        ("since", {}, "Enter the date the child started missing out on full-time education"),
        (
            "since",
            {"since_day": "12", "since_month": "", "since_year": "2026"},
            "Start date must include a month",
        ),
        ("since", date_parts("since", 31, 9, 2026), "Start date must be a real date"),
        (
            "since",
            {"since_day": "12", "since_month": "10", "since_year": "26"},
            "Year must include 4 numbers",
        ),
        ("since", date_parts("since", 1, 1, 2099), "Start date must be today or in the past"),
        ("hours", {"hours_received": ""}, "Enter the hours of education the child receives a week"),
        (
            "hours",
            {"hours_received": "a few"},
            "Enter the hours of education the child receives a week as a number, like 15 or 12.5",
        ),
        (
            "hours",
            {"hours_received": "-1"},
            "The hours of education the child receives a week must be 0 or more",
        ),
        (
            "hours",
            {"hours_received": "61"},
            "The hours of education the child receives a week must be 60 or fewer",
        ),
        (
            "hours",
            {"hours_received": "4.25"},
            "Enter the hours of education the child receives a week to no more than one decimal place, like 12.5",
        ),
        (
            "provision",
            {"provision_in_place": ""},
            "Enter the education or support in place for the child, or write none",
        ),
        (
            "expected-return",
            {
                "expected_return_day": "",
                "expected_return_month": "1",
                "expected_return_year": "2027",
            },
            "Expected return date must include a day",
        ),
        (
            "expected-return",
            date_parts("expected_return", 30, 2, 2027),
            "Expected return date must be a real date",
        ),
    ],
)
def test_each_question_explains_what_to_fix_and_keeps_what_was_typed(school, slug, data, message):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    response = post_page(school, notification, slug, data)
    assert response.status_code == 200
    content = page_text(response)
    assert "There is a problem" in content
    assert message in content
    assert "<title>Error: " in content
    for key, value in data.items():
        if isinstance(value, str) and value.strip() and key != "reason":
            assert f'value="{value}"' in content or f">\n{value}</textarea>" in content
    if "reason" in data:
        assert f'value="{data["reason"]}" checked' in content
    assert slug not in Notification.objects.get(pk=notification.pk).completed_pages


def test_the_error_summary_links_to_the_field_with_the_error(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    content = page_text(post_page(school, notification, "since", {}))
    assert 'href="#id_since_0"' in content
    content = page_text(post_page(school, notification, "reason", {"reason": "other"}))
    assert 'href="#id_reason_details"' in content


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        # A missing part is reported before a date that is not real or in the future.
        ("31", "", "2099", "Start date must include a month"),
        # A date that is not real is reported before one in the future.
        ("30", "2", "2099", "Start date must be a real date"),
        ("1", "1", "2099", "Start date must be today or in the past"),
    ],
)
def test_date_errors_come_in_the_design_systems_order(school, day, month, year, message):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    data = {"since_day": day, "since_month": month, "since_year": year}
    content = page_text(post_page(school, notification, "since", data))
    assert message in content
    assert content.count('class="govuk-error-message"') == 1


def test_details_are_optional_unless_the_reason_is_another_reason(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    response = post_page(school, notification, "reason", {"reason": "ebsa"})
    assert response.status_code == 302
    page = page_text(school.get(f"/notify/{notification.reference}/reason/"))
    assert (
        "from the sixth school day of a suspension, the school must arrange suitable full-time education"
        in page
    )


def test_the_expected_return_date_is_optional(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    response = post_page(school, notification, "expected-return", {})
    assert response.status_code == 302
    assert Notification.objects.get(pk=notification.pk).details.expected_return is None


def test_the_expected_return_date_must_be_after_the_start_date(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    post_page(school, notification, "since", date_parts("since", 12, 10, 2026))
    data = date_parts("expected_return", 12, 10, 2026)
    content = page_text(post_page(school, notification, "expected-return", data))
    assert (
        "The expected return date must be after the date the child started missing out on "
        "full-time education, 12 October 2026" in content
    )
    assert 'value="2026"' in content
    assert (
        post_page(
            school, notification, "expected-return", date_parts("expected_return", 13, 10, 2026)
        ).status_code
        == 302
    )


def test_the_start_date_must_be_before_an_expected_return_date_already_given(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    post_page(school, notification, "expected-return", date_parts("expected_return", 4, 1, 2027))
    # Changing the start date later cannot put it after the expected return.
    post_page(school, notification, "since", date_parts("since", 1, 11, 2026))
    post_page(school, notification, "expected-return", date_parts("expected_return", 20, 11, 2026))
    content = page_text(post_page(school, notification, "since", date_parts("since", 20, 11, 2026)))
    assert "The start date must be before the expected return date, 20 November 2026" in content


def test_the_health_question_is_asked_only_when_the_reason_is_health(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    response = post_page(school, notification, "reason", {"reason": "ebsa"})
    assert response.url == f"/notify/{notification.reference}/since/"
    assert school.get(f"/notify/{notification.reference}/health/").status_code == 404

    response = post_page(school, notification, "reason", {"reason": "health"})
    assert response.url == f"/notify/{notification.reference}/health/"
    page = page_text(school.get(response.url))
    assert (
        "Is the child expected to miss 15 or more school days, in a row or in total, because of their health?"
        in page
    )
    assert "Education Act 1996, section 19" in page
    assert (
        "Arranging education for children who cannot attend school because of health needs" in page
    )
    content = page_text(post_page(school, notification, "health", {}))
    assert (
        "Select yes if the child is expected to miss 15 or more school days because of their health"
        in content
    )
    assert 'href="#id_expected_to_miss_15_days_0"' in content
    assert (
        post_page(school, notification, "health", {"expected_to_miss_15_days": "False"}).url
        == f"/notify/{notification.reference}/since/"
    )


def test_a_journey_without_health_needs_has_no_health_section(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    answers = {**OTHER_ANSWERS, "reason": {"reason": "awaiting_place"}}
    answer_all(school, notification, answers)
    content = check_page(school, notification)
    assert "Awaiting a specialist place or an EHC needs assessment" in content
    assert "because of their health?" not in content
    assert LA_DUTY_WARNING not in content
    school.post(f"/notify/{notification.reference}/check/")
    assert Notification.objects.get(pk=notification.pk).status == Status.RECEIVED


def test_changing_the_reason_away_from_health_forgets_the_health_answer(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    answer_all(school, notification, OTHER_ANSWERS)
    response = post_page(school, notification, "reason", {"reason": "ebsa"}, change=True)
    assert response.url == f"/notify/{notification.reference}/check/"
    notification.refresh_from_db()
    assert notification.details.expected_to_miss_15_days is None
    assert "health" not in notification.completed_pages
    content = check_page(school, notification)
    assert "Emotionally based school avoidance" in content
    assert LA_DUTY_WARNING not in content

    # Back to health: the health question is asked again before check your answers.
    response = post_page(school, notification, "reason", {"reason": "health"}, change=True)
    assert response.url == f"/notify/{notification.reference}/health/?change=1"
    assert "Answer the question: health needs" in check_page(school, notification)


def test_the_las_duty_is_flagged_when_a_child_will_miss_15_days_because_of_health(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    answer_all(school, notification, OTHER_ANSWERS)
    assert LA_DUTY_WARNING in check_page(school, notification)
    post_page(school, notification, "health", {"expected_to_miss_15_days": "False"}, change=True)
    content = check_page(school, notification)
    assert "Check your answers before sending" in content
    assert LA_DUTY_WARNING not in content
    response = school.post(f"/notify/{notification.reference}/check/")
    confirmation = page_text(school.get(response.url))
    assert (
        "If it becomes likely that the child will miss 15 or more school days, in a row or in "
        "total, because of their health, tell the Inclusion service straight away" in confirmation
    )


def test_a_suspension_without_provision_says_what_the_school_must_do_next(school):
    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    answers = {**OTHER_ANSWERS, "reason": {"reason": "suspension"}, "expected-return": {}}
    answer_all(school, notification, answers)
    response = school.post(f"/notify/{notification.reference}/check/")
    confirmation = page_text(school.get(response.url))
    assert (
        "From the sixth school day of a suspension the school must arrange suitable full-time "
        "education for the child" in confirmation
    )
    assert "Tell the Inclusion service when you know when the child will return" in confirmation


def test_a_school_user_of_another_establishment_cannot_see_the_draft(
    client_for, school_user_a, school_user_b
):
    notification = start(client_for(school_user_a), Kind.OTHER_MISSING_EDUCATION)
    other = client_for(school_user_b)
    reference = notification.reference
    for url in (
        f"/notify/{reference}/",
        f"/notify/{reference}/reason/",
        f"/notify/{reference}/check/",
        f"/notify/{reference}/confirmation/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/notify/{reference}/reason/", {"reason": "ebsa"}).status_code == 404
    assert Notification.objects.get(pk=notification.pk).details.reason == ""
