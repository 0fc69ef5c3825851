"""Sending a reminder: once, never twice; a failure is recorded without
personal data and tried again up to REMINDER_MAX_ATTEMPTS."""

import logging
import smtplib
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import first_row
from inclusion_tracker.reminders.models import Reminder
from inclusion_tracker.reminders.tasks import send_reminder

pytestmark = pytest.mark.django_db

TUE_17_MAR = date(2026, 3, 17)
WED_18_MAR = date(2026, 3, 18)


def run(day: date, *, at_once: bool = False) -> None:
    """The daily command for `day`: a day after the last run, unless `at_once`
    (run again straight away)."""
    if not at_once:
        next_day()
    call_command(
        "send_daily_reminders", "--date", day.isoformat(), stdout=StringIO(), stderr=StringIO()
    )


@pytest.fixture
def past_end(school_user_a):
    """A plan at school A past its end date on 17 March 2026: one reminder."""
    return Episode.objects.create(
        kind=EpisodeKind.PART_TIME_TIMETABLE,
        child=ChildFactory(legal_first_name="Zebedee", legal_last_name="Quartermaine"),
        establishment=school_user_a.establishments.get(),
        end_date=date(2026, 3, 16),
    )


@pytest.fixture
def failing_mail(monkeypatch):
    """The mail server refuses the first `failures` sends (naming the address
    in its error, as SMTP servers do), then accepts."""
    state = {"failures": 1, "calls": 0}
    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        state["calls"] += 1
        if state["failures"]:
            state["failures"] -= 1
            address = messages[0].to[0]
            raise smtplib.SMTPRecipientsRefused(
                {address: (550, b"No such user " + address.encode())}
            )
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def next_day():
    """As if a day had passed since reminders were last queued."""
    Reminder.objects.update(enqueued_at=timezone.now() - timedelta(days=1))


def test_a_failed_send_is_recorded_and_tried_again_by_the_next_run(past_end, failing_mail):
    run(TUE_17_MAR)

    reminder = Reminder.objects.get()
    assert mail.outbox == []
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.attempts == 1
    assert reminder.last_error == "smtplib.SMTPRecipientsRefused"
    # Its own retry was queued just now: running the command again at once
    # does not add another try.
    run(TUE_17_MAR, at_once=True)
    assert Reminder.objects.get().attempts == 1

    run(WED_18_MAR)
    run(WED_18_MAR, at_once=True)

    reminder.refresh_from_db()
    assert len(mail.outbox) == 1
    assert reminder.status == Reminder.Status.SENT
    assert reminder.attempts == 2
    assert reminder.last_error == ""
    assert failing_mail["calls"] == 2


def test_a_sent_reminder_is_never_sent_again(past_end):
    run(TUE_17_MAR)
    reminder = Reminder.objects.get()

    result = send_reminder.enqueue(reminder.pk, TUE_17_MAR.isoformat())
    run(WED_18_MAR)

    assert result.return_value == "sent"
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.attempts == 1


def test_a_reminder_is_tried_at_most_the_maximum_number_of_times(settings, past_end, failing_mail):
    settings.REMINDER_MAX_ATTEMPTS = 2
    failing_mail["failures"] = 10

    for day in (16, 17, 18, 19, 20):
        run(date(2026, 3, day))

    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.attempts == 2
    assert failing_mail["calls"] == 2
    assert list(Reminder.objects.given_up()) == [reminder]


def test_the_command_says_when_reminders_were_given_up(settings, past_end, failing_mail):
    settings.REMINDER_MAX_ATTEMPTS = 1
    run(TUE_17_MAR)
    err = StringIO()

    call_command("send_daily_reminders", "--date", "2026-03-18", stdout=StringIO(), stderr=err)

    assert "1 reminder(s) failed REMINDER_MAX_ATTEMPTS times" in err.getvalue()


def test_a_failed_reminder_no_longer_true_is_not_sent_later(past_end, failing_mail):
    run(TUE_17_MAR)
    past_end.status = CLOSED
    past_end.save()

    run(WED_18_MAR)

    reminder = Reminder.objects.get()
    assert mail.outbox == []
    assert reminder.status == Reminder.Status.CANCELLED


def test_a_reminder_to_someone_who_has_left_is_not_sent(past_end, school_user_a, failing_mail):
    run(TUE_17_MAR)
    school_user_a.is_active = False
    school_user_a.save()

    run(WED_18_MAR)

    assert mail.outbox == []
    assert Reminder.objects.get().status == Reminder.Status.CANCELLED


def test_a_failed_send_logs_no_personal_data(caplog, past_end, school_user_a, failing_mail):
    caplog.set_level(logging.DEBUG)

    run(TUE_17_MAR)

    reminder = Reminder.objects.get()
    assert f"Reminder {reminder.pk} not sent" in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    for personal in (school_user_a.email, "Zebedee", "Quartermaine", "No such user"):
        assert personal not in caplog.text
        assert personal not in reminder.last_error


def test_a_failed_send_raises_so_the_task_result_says_it_failed(past_end, failing_mail):
    run(TUE_17_MAR)
    reminder = Reminder.objects.get()
    failing_mail["failures"] = 1

    result = send_reminder.enqueue(reminder.pk, WED_18_MAR.isoformat())

    assert result.status == "FAILED"
    assert result.errors[0].exception_class_path.endswith("ReminderNotSent")
    assert "example.com" not in result.errors[0].traceback


def test_a_retry_is_scheduled_when_the_backend_can_wait(settings, past_end, failing_mail):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    run(TUE_17_MAR)  # queued in the database, not sent
    assert DBTaskResult.objects.count() == 1
    reminder = Reminder.objects.get()

    with pytest.raises(Exception, match=f"Reminder {reminder.pk} not sent"):
        send_reminder.call(reminder.pk, TUE_17_MAR.isoformat())

    retry = first_row(DBTaskResult.objects.order_by("-run_after"))
    assert DBTaskResult.objects.count() == 2
    assert retry.run_after > timezone.now() + timedelta(minutes=9)
    assert retry.args_kwargs["args"] == [reminder.pk, "2026-03-17"]


def test_running_twice_queues_each_reminder_once(settings, past_end):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    run(TUE_17_MAR)
    run(TUE_17_MAR, at_once=True)

    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []


def test_a_school_reminder_is_not_sent_to_someone_no_longer_at_the_school(
    past_end, school_user_a, school_b, failing_mail
):
    run(TUE_17_MAR)
    # Moved to another school before the reminder was tried again.
    school_user_a.establishments.set([school_b])

    run(WED_18_MAR)

    assert mail.outbox == []
    assert Reminder.objects.get().status == Reminder.Status.CANCELLED


def test_a_failed_reminder_the_user_has_since_turned_off_is_not_sent_later(manager, failing_mail):
    from inclusion_tracker.reminders.kinds import ReminderKind
    from inclusion_tracker.reminders.models import ReminderPreference

    run(date(2026, 3, 16))  # Monday: the weekly summary fails
    ReminderPreference.objects.create(user=manager, kind=ReminderKind.WEEKLY_SUMMARY, enabled=False)

    run(TUE_17_MAR)

    assert mail.outbox == []
    assert Reminder.objects.get().status == Reminder.Status.CANCELLED
