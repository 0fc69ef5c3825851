"""`manage.py apply_retention`: what passes its period is anonymised or
deleted, what does not is left alone, a legal hold stops it, a dry run
changes nothing, a second run changes nothing more, and the audit log says
what was done without naming anyone."""

from datetime import date, timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import ChildMerge, EnquiryAction, Episode, Note
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.notifications.models import (
    Kind,
    Notification,
    PartTimeTimetable,
    RemovalFromRoll,
    RemovalParent,
)
from inclusion_tracker.privacy.retention import REMOVED, years_before
from inclusion_tracker.privacy.tests.helpers import (
    PERSONAL,
    backdate,
    closed_years_ago,
    everything_stored,
    long_ago,
    personal_data_left,
    the_file,
)
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder


def apply_retention(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def past_file(school_a, officer):
    """A file whose episodes closed seven years and a day ago."""
    return the_file(closed_on=closed_years_ago(7, days=-1), school=school_a, officer=officer)


def test_years_before_turns_29_february_into_28_february():
    assert years_before(date(2028, 2, 29), 7) == date(2021, 2, 28)
    assert years_before(date(2026, 3, 1), 7) == date(2019, 3, 1)


def test_a_file_closed_seven_years_and_a_day_ago_is_anonymised(past_file):
    assert personal_data_left() == PERSONAL

    apply_retention("--apply")

    assert personal_data_left() == []
    past_file.refresh_from_db()
    assert past_file.anonymised_at is not None
    assert past_file.full_name == "Anonymised child"
    assert (past_file.upn, past_file.address) == ("", "")


def test_anonymising_keeps_what_reports_and_returns_count(past_file, school_a):
    apply_retention("--apply")

    past_file.refresh_from_db()
    assert past_file.date_of_birth == date(2012, 1, 1)
    assert past_file.sex == Child.Sex.FEMALE
    assert past_file.looked_after is True
    assert past_file.current_establishment == school_a
    notifications = Notification.objects.filter(child=past_file)
    assert sorted(notifications.values_list("kind", flat=True)) == sorted(Kind.values)
    assert set(notifications.values_list("year_group", flat=True)) == {"7"}
    assert set(notifications.values_list("establishment", flat=True)) == {school_a.pk}
    assert RemovalFromRoll.objects.get(notification__child=past_file).ground == "F"
    assert PartTimeTimetable.objects.get(notification__child=past_file).hours_per_week == 15
    episodes = Episode.objects.filter(child=past_file)
    assert set(episodes.values_list("outcome", flat=True)) == {
        "returned_full_time",
        "found_on_roll",
    }
    assert EnquiryAction.objects.get(episode__child=past_file).result == "found"
    referral = Referral.objects.get()
    assert (referral.status, referral.made_by) == ("completed", "la")
    # The database requires a reason when the parent did not consent.
    assert referral.safeguarding_reason == REMOVED


def test_anonymising_deletes_notes_parents_details_and_reminders(past_file):
    apply_retention("--apply")

    assert not Note.objects.exists()
    assert not RemovalParent.objects.exists()
    assert not Reminder.objects.exists()


def test_records_merged_into_an_anonymised_record_are_anonymised_too(past_file):
    apply_retention("--apply")

    duplicate = Child.objects.get(merged_into=past_file)
    assert duplicate.anonymised_at is not None
    assert duplicate.full_name == "Anonymised child"
    merge = ChildMerge.objects.get()
    assert (merge.reason, merge.filled) == ("", {})


@pytest.mark.parametrize("days", [0, 1])
def test_a_file_closed_seven_years_ago_or_less_is_kept(days, school_a, officer):
    """Closed seven years less a day ago, or exactly seven years ago: not
    yet longer than the period."""
    the_file(closed_on=closed_years_ago(7, days=days), school=school_a, officer=officer)

    apply_retention("--apply")

    assert personal_data_left() == PERSONAL
    assert not Child.objects.filter(anonymised_at__isnull=False).exists()


def test_the_period_follows_the_setting(settings, school_a, officer):
    settings.RETENTION_CASEWORK_YEARS = 10
    the_file(closed_on=closed_years_ago(9), school=school_a, officer=officer)

    apply_retention("--apply")

    assert personal_data_left() == PERSONAL


def test_an_open_episode_keeps_the_file(past_file):
    Episode.objects.create(child=past_file, kind=EpisodeKind.HEALTH_NEEDS)

    apply_retention("--apply")

    assert personal_data_left() == PERSONAL


def test_an_episode_closed_without_a_date_counts_from_its_last_change(past_file):
    Episode.objects.create(child=past_file, kind=EpisodeKind.HEALTH_NEEDS, status=CLOSED)

    apply_retention("--apply")

    assert personal_data_left() == PERSONAL


def test_a_notification_sent_within_six_years_keeps_the_file(past_file):
    Notification.objects.filter(child=past_file, kind=Kind.EARLY_YEARS).update(
        submitted_at=timezone.now() - timedelta(days=365 * 6 - 2)
    )

    apply_retention("--apply")

    assert personal_data_left() == PERSONAL


def test_a_note_written_within_the_period_keeps_the_file(past_file, officer):
    Note.objects.create(child=past_file, text="Still asking", author=officer)

    apply_retention("--apply")

    assert "Zofia" in everything_stored()


def test_a_legal_hold_keeps_the_file(past_file, admin_user):
    past_file.place_legal_hold(by=admin_user, reason="Court case")

    output = apply_retention("--apply")

    assert personal_data_left() == PERSONAL
    assert "Kept by a legal hold: 1" in output


def test_a_legal_hold_on_a_record_merged_into_it_keeps_the_file(past_file, admin_user):
    Child.objects.get(merged_into=past_file).place_legal_hold(by=admin_user, reason="Inquiry")

    apply_retention("--apply")

    assert personal_data_left() == PERSONAL


def test_a_dry_run_changes_nothing_and_says_what_it_would_do(past_file):
    before = everything_stored()
    events = AuditEvent.objects.count()

    output = apply_retention()

    assert everything_stored() == before
    assert AuditEvent.objects.count() == events
    assert output.startswith("Dry run for ")
    assert "no notification in the last 6 years): 1 to anonymise" in output
    assert "    notifications: 4 to anonymise" in output
    assert "    notes: 1 to delete" in output
    assert "    child records: 2 to anonymise" in output
    assert apply_retention("--dry-run") == output


def test_the_output_names_no_one(past_file):
    for output in (apply_retention(), apply_retention("--apply")):
        assert not [word for word in PERSONAL if word in output]


def test_each_anonymised_file_gets_one_audit_event_without_names(past_file, school_a, officer):
    second = the_file(
        closed_on=closed_years_ago(9), school=school_a, officer=officer, upn=make_upn(43)
    )

    apply_retention("--apply")

    events = AuditEvent.objects.filter(action=Action.DELETE, child__isnull=False)
    assert sorted(events.values_list("child_id", flat=True)) == sorted([past_file.pk, second.pk])
    event = events.get(child=past_file)
    assert (event.object_type, event.object_id, event.actor) == ("child", str(past_file.pk), None)
    assert event.summary.startswith("Anonymised under the retention rules")
    assert "2 records, 4 notifications, 2 episodes; deleted 1 notes" in event.summary
    run = AuditEvent.objects.get(action=Action.DELETE, child__isnull=True)
    assert "anonymised 2 children's files" in run.summary
    assert not [word for word in PERSONAL if word in everything_stored()]


def test_running_twice_changes_nothing_more(past_file):
    apply_retention("--apply")
    after_first = everything_stored()

    output = apply_retention("--apply")

    assert everything_stored() == after_first
    assert "no notification in the last 6 years): 0 anonymised" in output


def test_a_notification_never_linked_to_a_child_is_anonymised_after_six_years(past_file):
    Notification.objects.update(child=None)
    recent = Notification.objects.filter(kind=Kind.EARLY_YEARS)
    recent.update(submitted_at=timezone.now() - timedelta(days=365 * 6 - 2))

    output = apply_retention("--apply")

    assert "sent over 6 years ago: 3 anonymised" in output
    old = Notification.objects.exclude(kind=Kind.EARLY_YEARS)
    assert set(old.values_list("first_name", "last_name", "upn", "date_of_birth")) == {
        ("Anonymised", "", "", None)
    }
    assert not RemovalParent.objects.exists()
    assert recent.get().last_name == "Wisniewska"
    events = AuditEvent.objects.filter(action=Action.DELETE, object_type="notification")
    assert events.count() == 3
    assert "sent over 6 years ago: 0 anonymised" in apply_retention("--apply")


def test_reminders_older_than_the_period_are_deleted(officer, settings):
    settings.RETENTION_REMINDER_DAYS = 90

    def reminder(key, days_ago):
        made = Reminder.objects.create(
            kind=ReminderKind.DAILY_DIGEST,
            recipient=officer,
            key=key,
            about_date=timezone.localdate(),
            subject="Your overdue work",
            body="Zofia W.",
        )
        backdate(Reminder, made.pk, created_at=timezone.now() - timedelta(days=days_ago))

    reminder("old", 91)
    reminder("recent", 89)

    output = apply_retention("--apply")

    assert list(Reminder.objects.values_list("key", flat=True)) == ["recent"]
    assert "Reminder e-mails over 90 days old: 1 deleted" in output


def test_audit_events_older_than_the_period_are_deleted_except_about_a_child_on_hold(
    officer, admin_user
):
    held = ChildFactory()
    held.place_legal_hold(by=admin_user, reason="Court case")
    other = ChildFactory()
    old = long_ago(8)
    for child in (held, other, None):
        AuditEvent.objects.create(action=Action.VIEW, actor=officer, child=child, at=old)
    recent = AuditEvent.objects.record(action=Action.VIEW, user=officer, child=other)

    output = apply_retention("--apply")

    kept = set(AuditEvent.objects.filter(action=Action.VIEW).values_list("pk", "child_id"))
    assert len(kept) == 2
    assert {child for _, child in kept} == {held.pk, other.pk}
    assert (recent.pk, other.pk) in kept
    assert "Audit events over 7 years old: 2 deleted" in output


def test_old_sign_in_records_and_expired_sessions_are_deleted(db):
    for days_ago in (365 * 8, 10):
        log = AccessLog.objects.create(user_agent="x", username="someone@example.com")
        backdate(AccessLog, log.pk, attempt_time=timezone.now() - timedelta(days=days_ago))
    attempt = AccessAttempt.objects.create(
        user_agent="x", get_data="", post_data="", failures_since_start=1
    )
    backdate(AccessAttempt, attempt.pk, attempt_time=long_ago(8))
    Session.objects.create(session_key="old", session_data="", expire_date=long_ago(1))
    Session.objects.create(
        session_key="live", session_data="", expire_date=timezone.now() + timedelta(hours=1)
    )

    output = apply_retention("--apply")

    assert AccessLog.objects.count() == 1
    assert not AccessAttempt.objects.exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert "Sign-in records over 7 years old: 2 deleted" in output
    assert "Expired sessions: 1 deleted" in output


def test_a_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(CommandError, match="--date must be today or earlier"):
        apply_retention("--apply", "--date", tomorrow.isoformat())


def test_a_date_that_is_not_a_date_is_refused():
    with pytest.raises(CommandError, match="--date must be a date like 2026-03-16"):
        apply_retention("--date", "31/12/2026")


def test_apply_and_dry_run_cannot_be_given_together():
    with pytest.raises(CommandError):
        apply_retention("--apply", "--dry-run")


def test_a_past_date_applies_the_periods_as_of_that_day(school_a, officer):
    """Catching up: as of a year ago, a file closed seven years and a day
    before today had not yet passed its period."""
    the_file(closed_on=closed_years_ago(7, days=-1), school=school_a, officer=officer)
    a_year_ago = timezone.localdate() - timedelta(days=365)

    apply_retention("--apply", "--date", a_year_ago.isoformat())

    assert personal_data_left() == PERSONAL


def test_the_help_says_it_is_a_dry_run_without_apply_and_names_the_settings(capsys):
    with pytest.raises(SystemExit):
        call_command("apply_retention", "--help")
    help_text = " ".join(capsys.readouterr().out.split())
    for words in (
        "Without --apply this is a dry run",
        "RETENTION_CASEWORK_YEARS (now 7)",
        "RETENTION_REGISTER_YEARS (now 6)",
        "RETENTION_REMINDER_DAYS (now 90)",
        "RETENTION_AUDIT_YEARS (now 7)",
        "legal hold",
    ):
        assert words in help_text


def test_an_anonymised_childs_page_still_opens(past_file, client_for, officer):
    apply_retention("--apply")

    response = client_for(officer).get(reverse("casework:child", args=[past_file.pk]))

    assert response.status_code == 200
    text = page_text(response)
    assert "Anonymised child" in text
    assert "Zofia" not in text
