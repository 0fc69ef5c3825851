"""Deadlines (school_calendar/deadlines.py): each one's boundary, the day before, the
day and the day after, in school days where the rule is in school days."""

from datetime import date

import pytest

from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.school_calendar import deadlines
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.school_calendar.school_days import add_school_days, calendar_for

pytestmark = pytest.mark.django_db

# Thursday 12 and Friday 13 June 2025; Monday 16 June.
THURSDAY, FRIDAY, SATURDAY, MONDAY = (
    date(2025, 6, 12),
    date(2025, 6, 13),
    date(2025, 6, 14),
    date(2025, 6, 16),
)


@pytest.fixture
def la_terms():
    """2024/25's summer half-terms, with half-term from 26 to 30 May 2025."""
    Term.objects.create(
        academic_year=2024, name="Summer 1", first_day=date(2025, 4, 22), last_day=date(2025, 5, 23)
    )
    Term.objects.create(
        academic_year=2024, name="Summer 2", first_day=date(2025, 6, 2), last_day=date(2025, 7, 22)
    )


def test_a_date_is_overdue_once_a_school_day_has_passed_since_it():
    assert deadlines.is_overdue(FRIDAY, THURSDAY) is False
    assert deadlines.is_overdue(FRIDAY, FRIDAY) is False
    assert deadlines.is_overdue(FRIDAY, SATURDAY) is False
    assert deadlines.is_overdue(FRIDAY, MONDAY) is True
    assert deadlines.is_overdue(None, MONDAY) is False


def test_a_date_in_half_term_is_overdue_on_the_first_day_back(la_terms):
    in_half_term = date(2025, 5, 27)
    assert deadlines.is_overdue(in_half_term, date(2025, 5, 30)) is False
    assert deadlines.is_overdue(in_half_term, date(2025, 6, 2)) is True
    # The last day of term is not overdue all through the holiday.
    assert deadlines.is_overdue(date(2025, 5, 23), date(2025, 5, 30)) is False


def test_due_this_week_runs_to_the_end_of_the_school_week():
    assert deadlines.due_state(FRIDAY, THURSDAY) == "due this week"
    assert deadlines.due_state(date(2025, 6, 15), THURSDAY) == "due this week"
    assert deadlines.due_state(MONDAY, THURSDAY) == ""
    # On Saturday the school week ahead is "this week".
    assert deadlines.due_state(MONDAY, SATURDAY) == "due this week"
    assert deadlines.due_state(THURSDAY, MONDAY) == "overdue"


def test_an_inset_day_at_one_school_moves_its_overdue_day_only(la_terms):
    academy = EstablishmentFactory()
    NonSchoolDay.objects.create(establishment=academy, date=MONDAY)
    assert deadlines.is_overdue(FRIDAY, MONDAY) is True
    assert deadlines.is_overdue(FRIDAY, MONDAY, academy) is False
    assert deadlines.is_overdue(FRIDAY, date(2025, 6, 17), academy) is True


def test_the_health_duty_date_is_the_15th_school_day_counting_the_first(la_terms):
    # From Monday 19 May 2025: 19-23 May is 5 school days, half-term is not
    # counted, then 2-6 June and 9-13 June: the 15th is Friday 13 June.
    assert deadlines.health_duty_date(date(2025, 5, 19)) == FRIDAY
    academy = EstablishmentFactory()
    NonSchoolDay.objects.create(establishment=academy, date=date(2025, 6, 4))
    assert deadlines.health_duty_date(date(2025, 5, 19), academy) == MONDAY


@pytest.mark.parametrize(
    ("opened_school_days_ago", "overdue"), [(19, False), (20, False), (21, True)]
)
def test_a_cme_enquiry_is_past_the_threshold_after_more_than_n_school_days(
    settings, opened_school_days_ago, overdue
):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 20
    opened = add_school_days(MONDAY, -opened_school_days_ago)
    assert (opened < deadlines.cme_threshold_cutoff(MONDAY)) is overdue


def test_the_cme_threshold_counts_the_local_authoritys_school_days(settings, la_terms):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 3
    # Three LA school days back from Tuesday 3 June, half-term skipped: Wed 21 May
    # (22 and 23 May, 2 and 3 June are the three after it).
    assert deadlines.cme_threshold_cutoff(date(2025, 6, 3)) == date(2025, 5, 22)
    assert calendar_for().count_school_days(date(2025, 5, 22), date(2025, 6, 3)) == 4


def test_a_deletion_return_is_late_only_when_sent_after_the_deletion():
    assert deadlines.removal_return_is_late(FRIDAY, THURSDAY) is False
    assert deadlines.removal_return_is_late(FRIDAY, FRIDAY) is False
    assert deadlines.removal_return_is_late(FRIDAY, SATURDAY) is True
    assert deadlines.removal_return_is_late(None, SATURDAY) is False


def test_the_new_pupil_return_is_due_by_the_fifth_calendar_day_after_entry():
    # reg 13(1) says "fifth day", not "fifth school day": the weekend counts.
    assert deadlines.new_pupil_return_due(FRIDAY) == date(2025, 6, 18)
