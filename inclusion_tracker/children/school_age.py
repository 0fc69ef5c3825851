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
