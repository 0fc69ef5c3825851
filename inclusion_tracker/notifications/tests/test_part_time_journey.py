from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.notifications.models import Kind, Notification, Status
from inclusion_tracker.notifications.tests.helpers import (
    PART_TIME_ANSWERS,
    answer_all,
    date_parts,
    start,
)


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def test_a_school_user_sends_a_part_time_timetable_from_start_to_confirmation(
    school, school_user_a, school_a
):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    assert notification.reference.startswith("PTT-")
    assert notification.establishment == school_a
    answer_all(school, notification, PART_TIME_ANSWERS)

    check = school.get(f"/notify/{notification.reference}/check/")
    content = page_text(check)
    assert "Check your answers before sending" in content
    assert "B801200005001" in content
    assert "10 April 2026" in content
    assert "Education, health and care plan (EHCP)" in content
    # 2 March to 10 April is over 5 weeks but not over 6: no warning.
    assert "recommends part-time timetables last no more than" not in content

    response = school.post(f"/notify/{notification.reference}/check/")
    assert response.url == f"/notify/{notification.reference}/confirmation/"
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.submitted_by == school_user_a
    plan = notification.details
    assert (plan.start_date, plan.end_date, plan.first_review_date) == (
        date(2026, 3, 2),
        date(2026, 4, 10),
        date(2026, 3, 20),
    )
    assert (plan.hours_per_week, plan.full_time_hours) == (Decimal("15"), Decimal("32.5"))
    assert notification.postcode == "LE1 2AB"
    assert notification.has_ehcp and not notification.looked_after

    confirmation = page_text(school.get(response.url))
    assert notification.reference in confirmation
    assert "What happens next" in confirmation
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(notification.pk)).exists()


def test_the_receipt_email_has_the_reference_and_only_the_childs_first_name_and_initial(
    school, school_user_a
):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answer_all(school, notification, PART_TIME_ANSWERS)
    school.post(f"/notify/{notification.reference}/check/")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [school_user_a.email]
    assert notification.reference in email.subject
    assert "Amelia K." in email.body
    assert "Khan" not in email.body
    assert "B801200005001" not in email.body
    assert "2015" not in email.body
    assert "High Street" not in email.body


def test_the_receipt_email_is_plain_text_not_html_escaped(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answer_all(school, notification, PART_TIME_ANSWERS)
    Notification.objects.filter(pk=notification.pk).update(first_name="Renée-Jo'")
    school.post(f"/notify/{notification.reference}/check/")
    assert "Renée-Jo' K." in mail.outbox[0].body
    assert "&#x27;" not in mail.outbox[0].body


def test_submitting_twice_creates_one_notification_and_one_email(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answer_all(school, notification, PART_TIME_ANSWERS)
    first = school.post(f"/notify/{notification.reference}/check/")
    second = school.post(f"/notify/{notification.reference}/check/")
    assert first.url == second.url == f"/notify/{notification.reference}/confirmation/"
    assert Notification.objects.submitted().count() == 1
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action=Action.CREATE).count() == 1


def test_a_plan_longer_than_the_recommended_maximum_gets_a_warning_not_an_error(school, settings):
    settings.PART_TIME_TIMETABLE_RECOMMENDED_MAX_WEEKS = 4
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answer_all(school, notification, PART_TIME_ANSWERS)
    content = page_text(school.get(f"/notify/{notification.reference}/check/"))
    assert "This plan lasts 6 weeks" in content
    assert "recommends part-time timetables last no more than 4 weeks" in content
    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED


def post_page(school, notification, slug, data):
    return school.post(f"/notify/{notification.reference}/{slug}/", data)


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        (
            "dates",
            {**date_parts("start_date", 2, 3, 2026)},
            "Enter the date the child returns to full-time education",
        ),
        (
            "dates",
            {**date_parts("start_date", 2, 3, 2026), **date_parts("end_date", 2, 3, 2026)},
            "The end date must be after the start date",
        ),
        (
            "dates",
            {**date_parts("start_date", 31, 2, 2026), **date_parts("end_date", 2, 4, 2026)},
            "Start date must be a real date",
        ),
        (
            "hours",
            {"hours_per_week": "", "full_time_hours": "32.5"},
            "Enter the hours a week on the part-time timetable",
        ),
        (
            "hours",
            {"hours_per_week": "fifteen", "full_time_hours": "32.5"},
            "Enter the hours a week on the part-time timetable as a number, like 15 or 12.5",
        ),
        (
            "hours",
            {"hours_per_week": "33", "full_time_hours": "32.5"},
            "Hours on the part-time timetable must be fewer than the school's full-time hours",
        ),
        ("reason", {"reason_details": "x"}, "Select why the child is on a part-time timetable"),
        (
            "reason",
            {"reason": "health"},
            "Enter details of why the child is on a part-time timetable",
        ),
        (
            "parent-agreement",
            {},
            "Select yes if a parent or carer has agreed to the part-time timetable",
        ),
        (
            "parent-agreement",
            {"parent_agreed": "True"},
            "Enter the name of the parent or carer who agreed",
        ),
        (
            "parent-agreement",
            {"parent_agreed": "True", "parent_name": "Sara"},
            "Enter the date they agreed",
        ),
        ("support", {"return_plan": "x"}, "Enter the support in place for the child"),
        ("offsite", {}, "Select yes if the child attends any off-site provision"),
        ("child-upn", {}, "Enter the child's UPN, or tell us why you do not know it"),
        (
            "child-upn",
            {"upn": "A801200005001"},
            "Enter a UPN with the right first letter: check the UPN against the school's records",
        ),
        (
            "child-details",
            {"last_name": "Khan", "year_group": "5", **date_parts("date_of_birth", 12, 3, 2015)},
            "Enter the child's first name",
        ),
        (
            "child-details",
            {
                "first_name": "A",
                "last_name": "Khan",
                "year_group": "5",
                **date_parts("date_of_birth", 12, 3, 2099),
            },
            "Date of birth must be in the past",
        ),
        (
            "child-address",
            {"address_line_1": "1 High St", "town": "Leicester", "postcode": "LE1"},
            "Enter a real postcode, like LE1 2AB",
        ),
    ],
)
def test_each_question_explains_what_to_fix_and_keeps_what_was_typed(school, slug, data, message):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    response = post_page(school, notification, slug, data)
    assert response.status_code == 200
    content = page_text(response)
    assert "There is a problem" in content
    assert message in content
    assert "<title>Error: " in content
    for key, value in data.items():
        if (
            isinstance(value, str)
            and value
            and key not in {"parent_agreed", "reason", "year_group"}
        ):
            assert f'value="{value}"' in content or value in content
    assert slug not in Notification.objects.get(pk=notification.pk).completed_pages


def test_the_first_review_must_be_on_or_before_the_end_date(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    post_page(
        school,
        notification,
        "dates",
        {**date_parts("start_date", 2, 3, 2026), **date_parts("end_date", 10, 4, 2026)},
    )
    response = post_page(
        school, notification, "first-review", date_parts("first_review_date", 11, 4, 2026)
    )
    assert "The first review date must be on or before the end date, 10 April 2026" in page_text(
        response
    )


def test_without_a_parents_agreement_the_service_explains_why_it_cannot_accept_the_plan(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answers = {**PART_TIME_ANSWERS, "parent-agreement": {"parent_agreed": "False"}}
    response = post_page(school, notification, "parent-agreement", answers["parent-agreement"])
    assert response.url == f"/notify/{notification.reference}/cannot-accept/"
    page = page_text(school.get(response.url))
    assert "can only be used with the agreement of a parent or carer" in page
    for slug, data in answers.items():
        if slug != "parent-agreement":
            post_page(school, notification, slug, data)
    check = page_text(school.get(f"/notify/{notification.reference}/check/"))
    assert (
        "The Inclusion service cannot accept a part-time timetable without a parent or carer's agreement"
        in check
    )
    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.DRAFT


def test_off_site_providers_can_be_added_several_times_and_removed(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    post_page(school, notification, "offsite", {"has_offsite_provision": "True"})
    page = f"/notify/{notification.reference}/offsite-providers/"
    # Continuing with none added is refused.
    assert "Add at least one off-site provider" in page_text(
        school.post(page, {"action": "continue"})
    )
    school.post(page, {"action": "add", "provider": "Riverside Tuition", "hours_per_week": "6"})
    school.post(page, {"action": "add", "provider": "Hospital School", "hours_per_week": "4.5"})
    plan = Notification.objects.get(pk=notification.pk).details
    assert [p.provider for p in plan.offsite_provisions.all()] == [
        "Riverside Tuition",
        "Hospital School",
    ]
    first = plan.offsite_provisions.first()
    school.post(f"{page}remove/{first.pk}/")
    assert [p.provider for p in plan.offsite_provisions.all()] == ["Hospital School"]
    bad = page_text(school.post(page, {"action": "add", "provider": "", "hours_per_week": "4"}))
    assert "Enter the name of the provider" in bad
    assert school.post(page, {"action": "continue"}).status_code == 302


def test_a_draft_can_be_left_and_resumed_where_the_user_stopped(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    post_page(school, notification, "child-upn", PART_TIME_ANSWERS["child-upn"])
    assert (
        school.get(f"/notify/{notification.reference}/").url
        == f"/notify/{notification.reference}/child-details/"
    )
    listing = page_text(school.get("/notifications/"))
    assert notification.reference in listing
    assert "Drafts are deleted 30 days after they were last changed" in listing


def test_a_change_link_returns_to_check_your_answers(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answer_all(school, notification, PART_TIME_ANSWERS)
    response = school.post(
        f"/notify/{notification.reference}/hours/?change=1",
        {"hours_per_week": "10", "full_time_hours": "32.5"},
    )
    assert response.url == f"/notify/{notification.reference}/check/"
    assert Notification.objects.get(pk=notification.pk).details.hours_per_week == 10


def test_a_receipt_the_mail_server_refuses_is_logged_without_the_address(
    school, school_user_a, caplog, monkeypatch
):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({school_user_a.email: (550, b"No such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answer_all(school, notification, PART_TIME_ANSWERS)
    response = school.post(f"/notify/{notification.reference}/check/")
    assert response.status_code == 302
    assert Notification.objects.get(pk=notification.pk).status == Status.RECEIVED
    assert "smtplib.SMTPRecipientsRefused" in caplog.text
    assert school_user_a.email not in caplog.text
