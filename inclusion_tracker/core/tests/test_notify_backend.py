"""The GOV.UK Notify e-mail backend, with Notify faked at the network
boundary only (requests' Session.request): the real client builds, signs and
sends each request."""

import json
import logging
from datetime import date, timedelta
from io import StringIO
from typing import Any

import jwt
import pytest
import requests
from django.core import mail
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.notify_backend import NotifyError
from inclusion_tracker.reminders.checks import NOTIFY_BACKEND, notify_settings_check
from inclusion_tracker.reminders.models import Reminder

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"inclusion_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
REPLY_TO_ID = "b6fa4a3f-0d5e-4a9a-9a4b-5f2c8d1c7e11"


@pytest.fixture
def notify(settings, monkeypatch):
    """Notify's API, faked where the client meets the network. `requests`
    holds each request; `answer` is what Notify answers next."""
    settings.EMAIL_BACKEND = NOTIFY_BACKEND
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_EMAIL_REPLY_TO_ID = ""
    fake: dict[str, Any] = {
        "requests": [],
        "answer": (201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}),
    }

    def request(session, method, url, **kwargs):
        fake["requests"].append({"method": method, "url": url, **kwargs})
        status, body = fake["answer"]
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.url = url
        return response

    monkeypatch.setattr(requests.Session, "request", request)
    return fake


def sent_json(request) -> dict:
    return json.loads(request["data"])


def test_an_email_is_sent_through_notify_with_the_template_and_personalisation(notify):
    sent = mail.send_mail(
        "Your password reset",
        "Follow this link to choose a password.",
        None,
        ["school.a@example.com"],
    )

    assert sent == 1
    [request] = notify["requests"]
    assert request["method"] == "POST"
    assert request["url"] == "https://api.notifications.service.gov.uk/v2/notifications/email"
    assert sent_json(request) == {
        "email_address": "school.a@example.com",
        "template_id": TEMPLATE_ID,
        "personalisation": {
            "subject": "Your password reset",
            "body": "Follow this link to choose a password.",
        },
    }


def test_the_request_is_signed_with_the_api_key(notify):
    mail.send_mail("Subject", "Body", None, ["school.a@example.com"])

    token = notify["requests"][0]["headers"]["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID


def test_the_reply_to_address_is_sent_when_set(settings, notify):
    settings.NOTIFY_EMAIL_REPLY_TO_ID = REPLY_TO_ID

    mail.send_mail("Subject", "Body", None, ["school.a@example.com"])

    assert sent_json(notify["requests"][0])["email_reply_to_id"] == REPLY_TO_ID


def test_each_recipient_is_one_notify_request(notify):
    message = mail.EmailMessage(
        "Subject", "Body", to=["a@example.com"], cc=["b@example.com"], bcc=["c@example.com"]
    )

    assert message.send() == 1
    assert [sent_json(r)["email_address"] for r in notify["requests"]] == [
        "a@example.com",
        "b@example.com",
        "c@example.com",
    ]


@pytest.mark.django_db
def test_a_reminder_goes_through_notify_with_its_reference(notify, school_user_a):
    Episode.objects.create(
        kind=EpisodeKind.PART_TIME_TIMETABLE,
        child=ChildFactory(legal_first_name="Amelia", legal_last_name="Khan"),
        establishment=school_user_a.establishments.get(),
        review_due=date(2026, 3, 18),
    )

    call_command("send_daily_reminders", "--date", "2026-03-16", stdout=StringIO())

    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.SENT
    [request] = notify["requests"]
    assert sent_json(request) == {
        "email_address": school_user_a.email,
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": reminder.subject, "body": reminder.body},
        "reference": f"reminder-{reminder.pk}",
    }
    assert reminder.subject == "Part-time timetable review due on Wednesday 18 March 2026"
    assert "Amelia K." in reminder.body


def test_a_refusal_raises_an_oserror_with_notifys_reason_and_no_address(notify, caplog):
    notify["answer"] = (
        400,
        {
            "status_code": 400,
            "errors": [{"error": "BadRequestError", "message": "Can't send to this recipient"}],
        },
    )
    caplog.set_level(logging.DEBUG)

    with pytest.raises(NotifyError) as raised:
        mail.send_mail("Subject", "Body", None, ["school.a@example.com"])

    assert isinstance(raised.value, OSError)
    assert "400" in str(raised.value)
    assert "Can't send to this recipient" in str(raised.value)
    assert "school.a@example.com" not in str(raised.value)
    assert "school.a@example.com" not in caplog.text


def test_fail_silently_swallows_a_refusal(notify):
    notify["answer"] = (500, {"status_code": 500, "errors": [{"message": "Internal error"}]})

    assert mail.send_mail("Subject", "Body", None, ["a@example.com"], fail_silently=True) == 0


@pytest.mark.django_db
def test_a_notify_failure_is_retried_and_sent_once(notify, school_user_a):
    Episode.objects.create(
        kind=EpisodeKind.PART_TIME_TIMETABLE,
        child=ChildFactory(),
        establishment=school_user_a.establishments.get(),
        end_date=date(2026, 3, 13),
    )
    notify["answer"] = (503, {"status_code": 503, "errors": [{"message": "Try again"}]})
    call_command("send_daily_reminders", "--date", "2026-03-16", stdout=StringIO())
    assert Reminder.objects.get().last_error == "inclusion_tracker.core.notify_backend.NotifyError"

    notify["answer"] = (201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"})
    Reminder.objects.update(enqueued_at=timezone.now() - timedelta(days=1))  # a day later
    call_command("send_daily_reminders", "--date", "2026-03-17", stdout=StringIO())
    Reminder.objects.update(enqueued_at=timezone.now() - timedelta(days=1))  # a day later
    call_command("send_daily_reminders", "--date", "2026-03-18", stdout=StringIO())

    assert len(notify["requests"]) == 2
    assert Reminder.objects.get().status == Reminder.Status.SENT


# The system check ----------------------------------------------------------------


def test_the_check_asks_for_the_key_and_template_when_notify_is_chosen(settings):
    settings.EMAIL_BACKEND = NOTIFY_BACKEND
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""

    errors = notify_settings_check(None)

    assert [error.id for error in errors] == ["reminders.E001", "reminders.E002"]
    assert all(isinstance(error, Error) for error in errors)
    assert errors[0].msg == (
        "Set NOTIFY_API_KEY: EMAIL_BACKEND is GOV.UK Notify, which cannot send e-mail "
        "without an API key"
    )
    with pytest.raises(SystemCheckError, match="reminders.E002"):
        call_command("check")


def test_the_check_passes_when_notify_is_configured_or_not_chosen(settings):
    settings.EMAIL_BACKEND = NOTIFY_BACKEND
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    assert notify_settings_check(None) == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.NOTIFY_API_KEY = ""
    assert notify_settings_check(None) == []
