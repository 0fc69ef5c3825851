"""The daily command: each reminder kind is sent exactly once however often it
runs, on the right day (school days for schools, working days for the LA),
to the right people, without personal data beyond a first name and initial."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.referrals.tests.helpers import make_referral
from inclusion_tracker.reminders.daily import create_digests
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder, ReminderPreference
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term

pytestmark = pytest.mark.django_db

# Early May 2026: Friday 1 May, the bank holiday on Monday 4 May, then
# Tuesday 5, Wednesday 6 and Thursday 7 May.
THU_30_APR = date(2026, 4, 30)
FRI_1_MAY = date(2026, 5, 1)
SAT_2_MAY = date(2026, 5, 2)
BANK_HOLIDAY = date(2026, 5, 4)
TUE_5_MAY = date(2026, 5, 5)
THU_7_MAY = date(2026, 5, 7)
# An ordinary term-time week.
MON_16_MAR = date(2026, 3, 16)
TUE_17_MAR = date(2026, 3, 17)
WED_18_MAR = date(2026, 3, 18)
MON_23_MAR = date(2026, 3, 23)


UPN = make_upn(7)


def run(day: date) -> str:
    out = StringIO()
    call_command("send_daily_reminders", "--date", day.isoformat(), stdout=out, stderr=StringIO())
    return out.getvalue()


def plan(establishment, **fields):
    child = fields.pop("child", None) or ChildFactory(
        legal_first_name="Amelia", legal_last_name="Khan", upn=UPN
    )
    return Episode.objects.create(
        kind=EpisodeKind.PART_TIME_TIMETABLE,
        child=child,
        establishment=establishment,
        start_date=date(2026, 2, 23),
        **fields,
    )


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


# Review due --------------------------------------------------------------------


def test_a_review_due_reminder_goes_to_each_school_user_once_across_two_runs(
    school_user_a, main_contact_a, school_user_b
):
    plan(school_user_a.establishments.get(), review_due=THU_7_MAY, end_date=date(2026, 6, 1))

    run(FRI_1_MAY)
    run(FRI_1_MAY)

    assert len(mail.outbox) == 2
    assert {message.to[0] for message in mail.outbox} == {
        school_user_a.email,
        main_contact_a.email,
    }
    assert not sent_to(school_user_b)
    assert Reminder.objects.filter(kind=ReminderKind.REVIEW_DUE, status="sent").count() == 2


def test_the_review_reminder_is_not_sent_again_on_later_days(school_user_a):
    plan(school_user_a.establishments.get(), review_due=THU_7_MAY)

    run(FRI_1_MAY)
    run(TUE_5_MAY)
    run(THU_7_MAY)

    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "today, sent",
    [
        # 4 school days before (Fri 1, Tue 5, Wed 6, Thu 7): too early.
        (THU_30_APR, 0),
        # 3 school days before: the bank holiday does not count.
        (FRI_1_MAY, 1),
        # 2 school days before: a missed day catches up.
        (TUE_5_MAY, 1),
        # On the day itself.
        (THU_7_MAY, 1),
        # After the day: overdue, for the officer's digest, not a school reminder.
        (date(2026, 5, 8), 0),
        # Never at a weekend or on a bank holiday.
        (SAT_2_MAY, 0),
        (BANK_HOLIDAY, 0),
    ],
)
def test_a_review_reminder_is_sent_from_3_school_days_before_the_review(school_user_a, today, sent):
    plan(school_user_a.establishments.get(), review_due=THU_7_MAY)

    run(today)

    assert len(mail.outbox) == sent


def test_the_number_of_school_days_is_a_setting(settings, school_user_a):
    settings.REMINDER_REVIEW_DUE_SCHOOL_DAYS = 4
    plan(school_user_a.establishments.get(), review_due=THU_7_MAY)

    run(THU_30_APR)

    assert len(mail.outbox) == 1


def test_a_new_review_date_gets_its_own_reminder(school_user_a):
    episode = plan(school_user_a.establishments.get(), review_due=MON_16_MAR)
    run(MON_16_MAR)
    episode.review_due = date(2026, 3, 30)
    episode.save()

    run(date(2026, 3, 25))

    assert len(mail.outbox) == 2


def test_a_closed_plan_gets_no_review_reminder(school_user_a):
    plan(school_user_a.establishments.get(), review_due=THU_7_MAY, status=CLOSED)

    run(FRI_1_MAY)

    assert mail.outbox == []


def test_the_review_reminder_names_the_child_by_first_name_and_initial_only(school_user_a):
    plan(school_user_a.establishments.get(), review_due=THU_7_MAY)

    run(FRI_1_MAY)

    message = mail.outbox[0]
    assert message.subject == "Part-time timetable review due on Thursday 7 May 2026"
    assert "Amelia K." in message.body
    assert "Khan" not in message.body
    assert UPN not in message.body
    assert "2015" not in message.body  # the date of birth
    assert "http://127.0.0.1:8000/notifications/" in message.body


def test_inactive_and_la_users_get_no_school_reminders(school_a, officer):
    UserFactory(role=Role.SCHOOL_USER, establishments=[school_a], is_active=False)
    plan(school_a, review_due=THU_7_MAY)

    run(FRI_1_MAY)

    assert mail.outbox == []


def test_the_schools_own_inset_day_does_not_count(school_user_a, school_user_b):
    """Friday 1 May is an INSET day at school A only: for a review on
    Thursday 7 May, A's next 3 school days from Thursday 30 April are
    Tuesday, Wednesday and Thursday, so its reminder goes a day earlier
    than school B's."""
    school_a, school_b = school_user_a.establishments.get(), school_user_b.establishments.get()
    NonSchoolDay.objects.create(establishment=school_a, date=FRI_1_MAY)
    plan(school_a, review_due=THU_7_MAY)
    plan(school_b, review_due=THU_7_MAY, child=ChildFactory())

    run(THU_30_APR)
    assert [m.to for m in mail.outbox] == [[school_user_a.email]]
    run(FRI_1_MAY)
    assert [m.to for m in mail.outbox] == [[school_user_a.email], [school_user_b.email]]


def test_no_school_reminders_in_the_schools_holidays(school_user_a):
    school_a = school_user_a.establishments.get()
    Term.objects.create(
        establishment=school_a,
        academic_year=2025,
        name="Summer",
        first_day=date(2026, 4, 20),
        last_day=date(2026, 7, 22),
    )
    Term.objects.create(
        establishment=school_a,
        academic_year=2025,
        name="Spring",
        first_day=date(2026, 1, 5),
        last_day=date(2026, 3, 27),
    )
    plan(school_a, review_due=date(2026, 4, 21))

    run(date(2026, 4, 8))  # Easter holidays at school A: nothing
    assert mail.outbox == []
    run(date(2026, 3, 27))  # the last day of term: 3 school days ahead is 22 April
    assert len(mail.outbox) == 1


# Past the end date -------------------------------------------------------------


def test_a_plan_past_its_end_date_is_reminded_once(school_user_a):
    plan(school_user_a.establishments.get(), end_date=MON_16_MAR)

    run(MON_16_MAR)  # the end date itself: not past yet
    assert mail.outbox == []
    run(TUE_17_MAR)
    run(TUE_17_MAR)
    run(WED_18_MAR)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        "Part-time timetable past its end date: tell us what happened"
    )


def test_the_past_end_date_reminder_stops_once_the_plan_ends(school_user_a):
    episode = plan(school_user_a.establishments.get(), end_date=MON_16_MAR)
    episode.status = CLOSED
    episode.save()

    run(TUE_17_MAR)

    assert mail.outbox == []


def test_an_extended_plan_past_its_new_end_date_is_reminded_again(school_user_a):
    episode = plan(school_user_a.establishments.get(), end_date=MON_16_MAR)
    run(TUE_17_MAR)
    episode.end_date = date(2026, 3, 20)
    episode.save()

    run(WED_18_MAR)
    run(MON_23_MAR)

    assert len(mail.outbox) == 2


# The officer's daily digest ----------------------------------------------------


def overdue_caseload(officer, school):
    plan(school, owner=officer, review_due=date(2026, 3, 10))
    plan(school, owner=officer, end_date=date(2026, 3, 13), child=ChildFactory())
    Episode.objects.create(
        kind=EpisodeKind.CME_ENQUIRY,
        child=ChildFactory(),
        owner=officer,
        opened_on=date(2026, 1, 5),
    )


def test_an_officer_gets_one_digest_a_day_listing_their_overdue_work(officer, manager, school_a):
    overdue_caseload(officer, school_a)
    plan(school_a, owner=manager, review_due=date(2026, 3, 30), child=ChildFactory())

    run(TUE_17_MAR)
    run(TUE_17_MAR)

    digests = sent_to(officer)
    assert len(digests) == 1
    assert digests[0].subject == "Overdue in your caseload: 3 items on 17 March 2026"
    body = digests[0].body
    assert "Part-time timetable reviews overdue (1)" in body
    assert "Part-time timetables past their end date (1)" in body
    assert "CME enquiries open too long (1)" in body
    assert "Amelia K." in body and "Khan" not in body
    assert "http://127.0.0.1:8000/episodes/" in body
    # The manager's only episode is not overdue: no digest for them.
    assert not [m for m in sent_to(manager) if m.subject.startswith("Overdue")]


def test_the_digest_comes_again_the_next_working_day_but_not_at_the_weekend(officer, school_a):
    overdue_caseload(officer, school_a)

    run(date(2026, 3, 20))  # Friday
    run(date(2026, 3, 21))  # Saturday
    run(date(2026, 3, 22))  # Sunday
    run(MON_23_MAR)

    assert len(sent_to(officer)) == 2


def test_a_review_due_on_the_last_day_of_term_is_not_overdue_in_the_holiday(officer, school_a):
    for name, first, last in (
        ("Spring", date(2026, 1, 5), date(2026, 3, 27)),
        ("Summer", date(2026, 4, 13), date(2026, 7, 22)),
    ):
        Term.objects.create(academic_year=2025, name=name, first_day=first, last_day=last)
    plan(school_a, owner=officer, review_due=date(2026, 3, 27))

    run(date(2026, 3, 31))  # a working day in the Easter holiday
    assert sent_to(officer) == []

    run(date(2026, 4, 13))  # the first day of the summer term
    [digest] = sent_to(officer)
    assert "Part-time timetable reviews overdue (1)" in digest.body


def test_an_officer_who_turned_the_digest_off_gets_none(officer, school_a):
    overdue_caseload(officer, school_a)
    ReminderPreference.objects.create(user=officer, kind=ReminderKind.DAILY_DIGEST, enabled=False)

    run(TUE_17_MAR)

    assert sent_to(officer) == []


def test_nothing_overdue_means_no_digest(officer, school_a):
    plan(school_a, owner=officer, review_due=date(2026, 3, 30))

    run(TUE_17_MAR)

    assert sent_to(officer) == []


def count_queries(day) -> int:
    with CaptureQueriesContext(connection) as queries:
        create_digests(day, Counter())
    return len(queries)


def test_the_digest_runs_the_same_queries_for_3_and_30_overdue_episodes(officer, school_a):
    for _ in range(3):
        plan(school_a, owner=officer, review_due=date(2026, 3, 10), child=ChildFactory())
    few = count_queries(TUE_17_MAR)
    for _ in range(27):
        plan(school_a, owner=officer, review_due=date(2026, 3, 10), child=ChildFactory())

    many = count_queries(WED_18_MAR)

    assert many == few


# The managers' weekly summary --------------------------------------------------


def test_a_manager_gets_one_summary_a_week(manager, school_a):
    plan(school_a, review_due=date(2026, 3, 10))  # unassigned and overdue

    run(MON_16_MAR)
    run(MON_16_MAR)
    run(TUE_17_MAR)
    run(MON_23_MAR)

    summaries = [m for m in sent_to(manager) if m.subject.startswith("Weekly summary")]
    assert len(summaries) == 2
    assert "- Unassigned: 1" in summaries[0].body
    assert "- Part-time timetable reviews overdue: 1" in summaries[0].body
    assert "http://127.0.0.1:8000/worklists/unassigned/" in summaries[0].body


def test_the_summary_comes_on_the_first_working_day_of_a_week_without_monday(manager):
    run(date(2026, 4, 6))  # Easter Monday: a bank holiday
    assert mail.outbox == []

    run(date(2026, 4, 7))
    run(date(2026, 4, 8))

    assert len(sent_to(manager)) == 1


def test_officers_get_no_summary(officer):
    run(MON_16_MAR)

    assert sent_to(officer) == []


def test_a_manager_who_turned_the_summary_off_gets_none(manager):
    ReminderPreference.objects.create(user=manager, kind=ReminderKind.WEEKLY_SUMMARY, enabled=False)

    run(MON_16_MAR)

    assert sent_to(manager) == []


# The command -------------------------------------------------------------------


def test_the_command_says_what_it_created_and_queued(school_user_a, manager):
    plan(school_user_a.establishments.get(), review_due=date(2026, 3, 18))

    first = run(MON_16_MAR)
    second = run(MON_16_MAR)

    assert "Part-time timetable review due: 1 new" in first
    assert "Weekly summary of unassigned and overdue work: 1 new" in first
    assert "Queued to send: 2" in first
    assert "Part-time timetable review due: 0 new" in second
    assert "Queued to send: 0" in second


def test_a_wrong_date_is_refused_with_the_format_to_use():
    with pytest.raises(
        CommandError, match="--date must be a date like 2026-03-16, not '16/03/2026'"
    ):
        call_command("send_daily_reminders", "--date", "16/03/2026")


def test_the_default_date_is_today(school_user_a):
    from django.utils import timezone

    plan(school_user_a.establishments.get(), end_date=timezone.localdate() - timedelta(days=7))

    call_command("send_daily_reminders", stdout=StringIO())

    # Whether today is a school day decides; either way nothing is sent twice.
    sent = len(mail.outbox)
    call_command("send_daily_reminders", stdout=StringIO())
    assert len(mail.outbox) == sent <= 1


def test_the_digest_lists_referrals_open_too_long(officer, school_a):
    episode = plan(school_a, owner=officer, review_due=date(2026, 3, 30))
    make_referral(officer, episode=episode, made_on=date(2026, 1, 5))

    run(TUE_17_MAR)

    [digest] = sent_to(officer)
    assert "Referrals open too long (1)" in digest.body
    assert "Amelia K. (Referral to " in digest.body


def test_the_summary_counts_referrals_open_too_long(manager, school_a):
    make_referral(manager, made_on=date(2026, 1, 5))

    run(MON_16_MAR)

    [summary] = sent_to(manager)
    assert "- Referrals open too long: 1" in summary.body
    assert "http://127.0.0.1:8000/referrals/open/" in summary.body
