"""Compulsory school age. Education Act 1996 s.8; the Education (Start of
Compulsory School Age) Order 1998 (prescribed days 31 March, 31 August,
31 December); the Education (School Leaving Date) Order 1997 (the last Friday
in June). statutory.md §8."""

from datetime import date, timedelta

import pytest

from inclusion_tracker.children.models import Child
from inclusion_tracker.children.school_age import (
    birthday,
    compulsory_school_age,
    last_friday_in_june,
)


@pytest.mark.parametrize(
    ("born", "starts"),
    [
        # A fifth birthday on a prescribed day: compulsory school age that day.
        (date(2014, 12, 31), date(2019, 12, 31)),
        (date(2015, 3, 31), date(2020, 3, 31)),
        (date(2015, 8, 31), date(2020, 8, 31)),
        # The day after a prescribed day: wait for the next one.
        (date(2015, 1, 1), date(2020, 3, 31)),
        (date(2015, 4, 1), date(2020, 8, 31)),
        (date(2015, 9, 1), date(2020, 12, 31)),
        # In between.
        (date(2015, 3, 12), date(2020, 3, 31)),
        (date(2015, 6, 15), date(2020, 8, 31)),
        (date(2015, 11, 30), date(2020, 12, 31)),
    ],
)
def test_compulsory_school_age_starts_on_the_prescribed_day_on_or_after_the_fifth_birthday(
    born, starts
):
    assert compulsory_school_age(born).start == starts


@pytest.mark.parametrize(
    ("year", "friday"),
    [
        (2023, date(2023, 6, 30)),  # 30 June is itself a Friday
        (2024, date(2024, 6, 28)),
        (2025, date(2025, 6, 27)),
        (2026, date(2026, 6, 26)),
    ],
)
def test_the_school_leaving_date_is_the_last_friday_in_june(year, friday):
    assert last_friday_in_june(year) == friday
    assert friday.weekday() == 4


def test_a_1_september_birthday_ends_in_the_june_after_the_sixteenth_birthday():
    # 16 on 1 September 2025: the school year 2025 to 2026.
    assert compulsory_school_age(date(2009, 9, 1)).end == date(2026, 6, 26)


def test_a_31_august_birthday_ends_in_the_june_before_the_sixteenth_birthday():
    # 16 on 31 August 2025: still the school year 2024 to 2025.
    assert compulsory_school_age(date(2009, 8, 31)).end == date(2025, 6, 27)


def test_a_july_birthday_ends_on_the_june_friday_before_the_birthday():
    end = compulsory_school_age(date(2009, 7, 15)).end
    assert end == date(2025, 6, 27)
    assert end < date(2025, 7, 15)


def test_a_sixteenth_birthday_on_the_school_leaving_date_ends_that_day():
    # s.8(3)(b): attaining 16 on the school leaving date itself.
    assert compulsory_school_age(date(2009, 6, 27)).end == date(2025, 6, 27)


def test_a_sixteenth_birthday_the_day_after_the_school_leaving_date_ends_the_day_before():
    # s.8(3)(a): 16 after that day but before the next school year.
    assert compulsory_school_age(date(2009, 6, 28)).end == date(2025, 6, 27)


def test_a_january_birthday_ends_in_the_june_after_the_sixteenth_birthday():
    assert compulsory_school_age(date(2010, 1, 15)).end == date(2026, 6, 26)


def test_someone_born_on_29_february_has_birthdays_on_1_march_in_common_years():
    assert birthday(date(2016, 2, 29), 5) == date(2021, 3, 1)
    assert birthday(date(2016, 2, 29), 16) == date(2032, 2, 29)
    assert birthday(date(2015, 3, 12), 5) == date(2020, 3, 12)


def test_a_child_born_on_29_february():
    born_2016 = compulsory_school_age(date(2016, 2, 29))
    assert born_2016.start == date(2021, 3, 31)
    assert born_2016.end == date(2032, 6, 25)
    born_2008 = compulsory_school_age(date(2008, 2, 29))
    assert born_2008.start == date(2013, 3, 31)
    assert born_2008.end == date(2024, 6, 28)


def test_includes_is_true_on_both_boundaries_and_false_just_outside():
    age = compulsory_school_age(date(2015, 3, 12))
    assert (age.start, age.end) == (date(2020, 3, 31), date(2031, 6, 27))
    assert age.includes(age.start)
    assert age.includes(age.end)
    assert age.includes(date(2025, 1, 1))
    assert not age.includes(age.start - timedelta(days=1))
    assert not age.includes(age.end + timedelta(days=1))


def test_a_child_knows_their_compulsory_school_age():
    child = Child(date_of_birth=date(2015, 3, 12))
    assert child.compulsory_school_age == compulsory_school_age(date(2015, 3, 12))
