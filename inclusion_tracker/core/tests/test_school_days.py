from datetime import date

from inclusion_tracker.core.school_days import (
    add_school_days,
    count_school_days,
    is_school_day,
    nth_school_day,
)


def test_weekends_and_bank_holidays_are_not_school_days():
    assert is_school_day(date(2026, 3, 2))  # a Monday
    assert not is_school_day(date(2026, 3, 7))  # a Saturday
    assert not is_school_day(date(2026, 12, 25))  # Christmas Day
    assert not is_school_day(date(2026, 8, 31))  # summer bank holiday (England)


def test_counting_includes_both_ends():
    assert count_school_days(date(2026, 3, 2), date(2026, 3, 6)) == 5
    assert count_school_days(date(2026, 3, 6), date(2026, 3, 9)) == 2
    assert count_school_days(date(2026, 3, 9), date(2026, 3, 6)) == 0


def test_adding_school_days_skips_weekends_and_bank_holidays_both_ways():
    assert add_school_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday to Monday
    assert add_school_days(date(2026, 3, 9), -1) == date(2026, 3, 6)
    assert add_school_days(date(2026, 12, 24), 1) == date(2026, 12, 29)  # over Christmas
    assert add_school_days(date(2026, 12, 31), 1) == date(2027, 1, 4)  # over New Year
    assert add_school_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_a_run_of_n_school_days_counts_its_first_day():
    assert nth_school_day(date(2026, 3, 2), 1) == date(2026, 3, 2)
    assert nth_school_day(date(2026, 3, 2), 15) == date(2026, 3, 20)
    assert nth_school_day(date(2026, 3, 7), 1) == date(2026, 3, 9)  # starts on a Saturday
