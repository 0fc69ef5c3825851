from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.notifications.models import Kind, Notification, Status
from inclusion_tracker.notifications.tests.helpers import (
    CONTACT_ATTEMPT,
    EARLY_YEARS_ANSWERS,
    answer_all,
    date_parts,
    start,
)


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def post_page(school, notification, slug, data):
    return school.post(f"/notify/{notification.reference}/{slug}/", data)


def attempts_url(notification) -> str:
    return f"/notify/{notification.reference}/contact-attempts/"


def check_page(school, notification) -> str:
    return page_text(school.get(f"/notify/{notification.reference}/check/"))


def answer_everything(school, notification, answers=EARLY_YEARS_ANSWERS):
    school.post(attempts_url(notification), CONTACT_ATTEMPT)
    answer_all(school, notification, answers)


def test_a_school_user_sends_an_early_years_notification_from_start_to_confirmation(
    school, school_user_a, school_a
):
    notification = start(school, Kind.EARLY_YEARS)
    assert notification.reference.startswith("EYM-")
    assert notification.establishment == school_a
    assert school.get(f"/notify/{notification.reference}/").url == (
        f"/notify/{notification.reference}/child-upn/"
    )
    answer_everything(school, notification)

    content = check_page(school, notification)
    assert "Check your answers before sending" in content
    assert "Not allocated one at a private nursery" in content
    assert "Reception" in content
    assert "2 November 2026" in content
    assert "4 November 2026, phone call: No answer" in content
    assert "The family said they might move; the phone is now unanswered" in content
    assert "Health visitor" in content
    assert "None of these" in content
    assert "You cannot send this yet" not in content

    response = school.post(f"/notify/{notification.reference}/check/")
    assert response.url == f"/notify/{notification.reference}/confirmation/"
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.submitted_by == school_user_a
    assert notification.upn == ""
    details = notification.details
    assert details.funded_hours == Decimal("15")
    assert details.last_attended == date(2026, 11, 2)
    assert [(a.attempted_on, a.method, a.outcome) for a in details.contact_attempts.all()] == [
        (date(2026, 11, 4), "phone", "No answer")
    ]

    confirmation = page_text(school.get(response.url))
    assert "Early-years child missing education sent" in confirmation
    assert notification.reference in confirmation
    assert "Keep trying to contact the family" in confirmation
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(notification.pk)).exists()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [school_user_a.email]
    assert (
        email.subject == f"Early-years child missing education received: {notification.reference}"
    )
    assert "Isla P." in email.body
    assert "Patel" not in email.body


def test_the_start_page_says_early_years_notifications_are_local_non_statutory_guidance(school):
    content = page_text(school.get("/notify/"))
    assert 'value="early_years"' in content
    assert "This is local guidance, not a national legal duty" in content


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("funded-hours", {"funded_hours": ""}, "Enter the funded hours a week"),
        (
            "funded-hours",
            {"funded_hours": "fifteen"},
            "Enter the funded hours a week as a number, like 15 or 12.5",
        ),
        ("funded-hours", {"funded_hours": "-1"}, "The funded hours a week must be 0 or more"),
        ("funded-hours", {"funded_hours": "30.5"}, "The funded hours a week must be 30 or fewer"),
        (
            "funded-hours",
            {"funded_hours": "15.25"},
            "Enter the funded hours a week to no more than one decimal place, like 12.5",
        ),
        ("last-attended", {}, "Enter the date the child last attended"),
        (
            "last-attended",
            {"last_attended_day": "2", "last_attended_month": "11", "last_attended_year": ""},
            "Date the child last attended must include a year",
        ),
        (
            "last-attended",
            date_parts("last_attended", 31, 11, 2026),
            "Date the child last attended must be a real date",
        ),
        (
            "last-attended",
            date_parts("last_attended", 2, 11, 2099),
            "Date the child last attended must be today or in the past",
        ),
        ("concerns", {"concerns": ""}, "Enter your concerns about the child"),
        (
            "child-upn",
            {"upn": "", "upn_not_known_reason": ""},
            "Enter the child's UPN, or tell us why you do not know it",
        ),
        (
            "child-details",
            {"first_name": "Isla", "year_group": "R", **date_parts("date_of_birth", 10, 5, 2022)},
            "Enter the child's last name",
        ),
        (
            "child-details",
            {"first_name": "Isla", "last_name": "Patel", "year_group": "5"},
            "Select Nursery 1, Nursery 2, Reception or not in a year group",
        ),
    ],
)
def test_each_question_explains_what_to_fix_and_keeps_what_was_typed(school, slug, data, message):
    notification = start(school, Kind.EARLY_YEARS)
    response = post_page(school, notification, slug, data)
    assert response.status_code == 200
    content = page_text(response)
    assert "There is a problem" in content
    assert message in content
    assert "<title>Error: " in content
    for key, value in data.items():
        if isinstance(value, str) and value and key != "year_group":
            assert f'value="{value}"' in content or f">\n{value}</textarea>" in content
    assert slug not in Notification.objects.get(pk=notification.pk).completed_pages


def test_the_child_must_have_been_born_before_they_last_attended(school):
    notification = start(school, Kind.EARLY_YEARS)
    post_page(school, notification, "child-details", EARLY_YEARS_ANSWERS["child-details"])
    content = page_text(
        post_page(school, notification, "last-attended", date_parts("last_attended", 1, 5, 2022))
    )
    assert (
        "The date the child last attended must be after their date of birth, 10 May 2022" in content
    )


def test_only_early_years_year_groups_are_offered_and_none_is_allowed(school):
    notification = start(school, Kind.EARLY_YEARS)
    page = page_text(school.get(f"/notify/{notification.reference}/child-details/"))
    for label in ("Not in a year group", "Nursery 1", "Nursery 2", "Reception"):
        assert f">{label}</option>" in page
    assert ">Year 1</option>" not in page
    data = {**EARLY_YEARS_ANSWERS["child-details"], "year_group": ""}
    assert post_page(school, notification, "child-details", data).status_code == 302
    assert Notification.objects.get(pk=notification.pk).year_group == ""
    answer_everything(school, notification, {**EARLY_YEARS_ANSWERS, "child-details": data})
    assert "Not in a year group" in check_page(school, notification)


def test_a_child_of_compulsory_school_age_gets_a_warning(school, settings):
    settings.INCLUSION_SERVICE_PHONE = "0116 000 0000"
    notification = start(school, Kind.EARLY_YEARS)
    born_2020 = {**EARLY_YEARS_ANSWERS["child-details"], **date_parts("date_of_birth", 1, 6, 2020)}
    answer_everything(school, notification, {**EARLY_YEARS_ANSWERS, "child-details": born_2020})
    content = check_page(school, notification)
    assert (
        "The date of birth you gave means the child has been of compulsory school age since "
        "31 August 2025" in content
    )
    assert "0116 000 0000" in content


def test_a_child_below_compulsory_school_age_gets_no_warning(school):
    notification = start(school, Kind.EARLY_YEARS)
    answer_everything(school, notification)
    content = check_page(school, notification)
    assert "Check your answers before sending" in content
    assert "compulsory school age since" not in content


def test_contact_attempts_can_be_added_several_times_and_removed(school):
    notification = start(school, Kind.EARLY_YEARS)
    url = attempts_url(notification)
    assert "Add contact attempts" in page_text(school.get(url))
    school.post(url, CONTACT_ATTEMPT)
    second = {
        "action": "add",
        **date_parts("attempted_on", 6, 11, 2026),
        "method": "home_visit",
        "outcome": "No one home; neighbour unsure",
    }
    assert school.post(url, second).url == url
    details = Notification.objects.get(pk=notification.pk).details
    assert [a.method for a in details.contact_attempts.all()] == ["phone", "home_visit"]
    page = page_text(school.get(url))
    assert "You have added 2 contact attempts" in page
    assert "6 November 2026, home visit: No one home; neighbour unsure" in page

    first = details.contact_attempts.first()
    school.post(f"{url}remove/{first.pk}/")
    assert [a.method for a in details.contact_attempts.all()] == ["home_visit"]
    assert school.post(url, {"action": "continue"}).url == (
        f"/notify/{notification.reference}/concerns/"
    )


def test_at_least_one_contact_attempt_is_needed(school):
    notification = start(school, Kind.EARLY_YEARS)
    url = attempts_url(notification)
    response = school.post(url, {"action": "continue"})
    assert response.status_code == 200
    content = page_text(response)
    assert "<title>Error: " in content
    assert "Add at least one attempt to contact the family" in content
    assert 'href="#id_attempted_on_0"' in content

    # Removing the only attempt makes the page unanswered again.
    answer_everything(school, notification)
    attempt = Notification.objects.get(pk=notification.pk).details.contact_attempts.get()
    school.post(f"{url}remove/{attempt.pk}/")
    notification.refresh_from_db()
    assert "contact-attempts" not in notification.completed_pages
    assert "Answer the question: contact attempt" in check_page(school, notification)
    school.post(f"/notify/{notification.reference}/check/")
    assert Notification.objects.get(pk=notification.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"method": "phone", "outcome": "No answer"},
            "Enter the date you tried to contact the family",
        ),
        (
            {**date_parts("attempted_on", 4, 11, 2099), "method": "phone", "outcome": "No answer"},
            "Date of the attempt must be today or in the past",
        ),
        (
            {"attempted_on_day": "4", "attempted_on_month": "", "attempted_on_year": "2026"},
            "Date of the attempt must include a month",
        ),
        (
            {**date_parts("attempted_on", 4, 11, 2026), "outcome": "No answer"},
            "Select how you tried to contact the family",
        ),
        (
            {**date_parts("attempted_on", 4, 11, 2026), "method": "letter"},
            "Enter what happened when you tried to contact the family",
        ),
        (
            {**date_parts("attempted_on", 4, 11, 2026), "method": "letter", "outcome": "x" * 501},
            "What happened must be 500 characters or less",
        ),
    ],
)
def test_each_contact_attempt_explains_what_to_fix_and_keeps_what_was_typed(school, data, message):
    notification = start(school, Kind.EARLY_YEARS)
    response = school.post(attempts_url(notification), {"action": "add", **data})
    assert response.status_code == 200
    content = page_text(response)
    assert "There is a problem" in content
    assert message in content
    assert "<title>Error: " in content
    for key, value in data.items():
        if key == "method":
            assert f'value="{value}" checked' in content
        elif value:
            assert f'value="{value}"' in content or f">\n{value}</textarea>" in content
    assert not Notification.objects.get(pk=notification.pk).details.contact_attempts.exists()


def test_other_services_are_optional(school):
    notification = start(school, Kind.EARLY_YEARS)
    assert post_page(school, notification, "other-services", {}).status_code == 302


def test_a_school_user_of_another_establishment_cannot_see_the_draft(
    client_for, school_user_a, school_user_b
):
    owner = client_for(school_user_a)
    notification = start(owner, Kind.EARLY_YEARS)
    owner.post(attempts_url(notification), CONTACT_ATTEMPT)
    attempt = Notification.objects.get(pk=notification.pk).details.contact_attempts.get()
    other = client_for(school_user_b)
    reference = notification.reference
    for url in (
        f"/notify/{reference}/",
        f"/notify/{reference}/funded-hours/",
        f"/notify/{reference}/contact-attempts/",
        f"/notify/{reference}/check/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(attempts_url(notification), CONTACT_ATTEMPT).status_code == 404
    remove = f"{attempts_url(notification)}remove/{attempt.pk}/"
    assert other.post(remove).status_code == 404
    assert Notification.objects.get(pk=notification.pk).details.contact_attempts.count() == 1
