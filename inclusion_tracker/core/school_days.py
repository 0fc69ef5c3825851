"""School days: the one place that decides whether a date is a school day.

For now a school day is Monday to Friday, less England's bank holidays (the
`holidays` package, which works offline). Term dates and INSET days come
later (see docs/decisions); every caller goes through these functions, so
they will then count term dates too.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_school_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def count_school_days(first: date, last: date) -> int:
    """School days from `first` to `last`, both counted."""
    if last < first:
        return 0
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return sum(1 for day in days if is_school_day(day))


def add_school_days(start: date, n: int) -> date:
    """The date `n` school days after `start` (before it when n is negative)."""
    step = 1 if n >= 0 else -1
    day, remaining = start, abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_school_day(day):
            remaining -= 1
    return day


def nth_school_day(first: date, n: int) -> date:
    """The day a run of `n` school days starting on `first` completes: `first`
    itself counts when it is a school day."""
    if n < 1:
        raise ValueError("n must be 1 or more")
    day = first if is_school_day(first) else add_school_days(first, 1)
    return add_school_days(day, n - 1)
