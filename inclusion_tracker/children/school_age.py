"""Compulsory school age from a child's date of birth.

Start: Education Act 1996 s.8(2)-(3) and the Education (Start of Compulsory
School Age) Order 1998 (SI 1998/1607): a child becomes of compulsory school
age on the prescribed day (31 December, 31 March, 31 August) on or next after
their fifth birthday.

End: Education Act 1996 s.8(4) and the Education (School Leaving Date) Order
1997 (SI 1997/1970): the last Friday in June of the school year (1 September
to 31 August) in which the child turns 16. A child who turns 16 in July or
August stops being of compulsory school age on that June Friday, before the
birthday.

Reference: shared/reference/statutory.md §8.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))  # (month, day), in calendar order
SCHOOL_YEAR_STARTS_MONTH = 9
FRIDAY = 4


@dataclass(frozen=True)
class CompulsorySchoolAge:
    start: date
    end: date

    def includes(self, day: date) -> bool:
        return self.start <= day <= self.end


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person born on date_of_birth attains `age`; someone born on
    29 February attains it on 1 March in a year that is not a leap year."""
    year = date_of_birth.year + age
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return date_of_birth.replace(year=year)


def last_friday_in_june(year: int) -> date:
    day = date(year, 6, 30)
    return day - timedelta(days=(day.weekday() - FRIDAY) % 7)


def compulsory_school_age(date_of_birth: date) -> CompulsorySchoolAge:
    fifth = birthday(date_of_birth, 5)
    start = next(
        date(fifth.year, month, day)
        for month, day in PRESCRIBED_DAYS
        if date(fifth.year, month, day) >= fifth
    )
    sixteenth = birthday(date_of_birth, 16)
    school_year_ends = (
        sixteenth.year + 1 if sixteenth.month >= SCHOOL_YEAR_STARTS_MONTH else sixteenth.year
    )
    return CompulsorySchoolAge(start=start, end=last_friday_in_june(school_year_ends))


def school_year_ends(day: date) -> date:
    """The last day (31 August) of the school year, 1 September to 31 August,
    that `day` falls in."""
    year = day.year + 1 if day.month >= SCHOOL_YEAR_STARTS_MONTH else day.year
    return date(year, 8, 31)


def is_of_compulsory_school_age(date_of_birth: date | None, on: date) -> bool:
    """Whether a child born on `date_of_birth` is of compulsory school age on
    `on`. Without a date of birth the answer is yes: the statutory duties then
    apply until someone says otherwise."""
    if date_of_birth is None:
        return True
    return compulsory_school_age(date_of_birth).includes(on)


def is_below_compulsory_school_age(date_of_birth: date | None, on: date) -> bool:
    return date_of_birth is not None and on < compulsory_school_age(date_of_birth).start


def leaves_compulsory_school_age_by_end_of_school_year(date_of_birth: date, on: date) -> bool:
    """Ground L (reg 9(1)(l)): the child ceases to be of compulsory school age
    by the end of the school year that `on` falls in."""
    return compulsory_school_age(date_of_birth).end <= school_year_ends(on)
