"""School days: the one place that decides whether a date is a school day.

A date is a school day for an establishment when it is a weekday, not an
England bank holiday (the `holidays` package, which works offline), inside
one of the terms that apply, and not a non-school day that applies:

- the terms that apply in an academic year (1 August to 31 July) are the
  establishment's own terms for that year if it has any, else the local
  authority's (school_calendar.Term);
- the non-school days that apply (INSET days, closures) are the
  establishment's own, plus the local authority's when the establishment uses
  the local authority's terms that year (school_calendar.NonSchoolDay);
- in an academic year with no terms at all, a school day is a weekday less
  bank holidays and less any non-school days that apply: the fallback, so a
  service without term dates still counts sensibly.

With no establishment (None), the local authority's own calendar counts. See
docs/calendar.md.

    calendar = calendar_for(episode.establishment)   # or an id, or None
    calendar.add_school_days(day, 15)

The module-level functions take the same `establishment=None` keyword.

Term data is loaded in two queries and kept per process: saving or deleting a
term or non-school day clears this process's copy (signals in
school_calendar/apps.py), and a copy older than CACHE_SECONDS is reloaded so
other processes catch up.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays

from inclusion_tracker.school_calendar.years import academic_year_of

CACHE_SECONDS = 60.0
# add_school_days and friends give up after this many days in a row without a
# school day rather than loop for ever (a year of term dates made all INSET
# days, say).
MAX_DAYS_WITHOUT_SCHOOL_DAY = 800

Span = tuple[date, date]


class NoSchoolDays(ValueError):
    """No school day could be found within MAX_DAYS_WITHOUT_SCHOOL_DAY days."""


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


# The term data, loaded once and shared ------------------------------------------


@dataclass
class CalendarData:
    """Every term and non-school day, by owner (None: the local authority)."""

    terms: dict[int | None, dict[int, tuple[Span, ...]]] = field(default_factory=dict)
    closed: dict[int | None, frozenset[date]] = field(default_factory=dict)
    calendars: dict[int | None, SchoolCalendar] = field(default_factory=dict)

    def own_calendar_ids(self) -> set[int]:
        return {owner for owner in (*self.terms, *self.closed) if owner is not None}


_lock = threading.Lock()
_data: CalendarData | None = None
_loaded_at = 0.0


def clear_cache(*, known_empty: bool = False) -> None:
    """Forget the loaded term data; the next question reloads it.

    known_empty=True: the caller knows the database holds no terms and no
    non-school days (a fresh test database), so remember that without
    asking; saving one clears the cache as usual."""
    global _data, _loaded_at
    with _lock:
        _data = CalendarData() if known_empty else None
        _loaded_at = time.monotonic()


def _load() -> CalendarData:
    from inclusion_tracker.school_calendar.models import NonSchoolDay, Term

    data = CalendarData()
    spans: dict[int | None, dict[int, list[Span]]] = {}
    for owner, year, first, last in Term.objects.order_by("first_day").values_list(
        "establishment_id", "academic_year", "first_day", "last_day"
    ):
        spans.setdefault(owner, {}).setdefault(year, []).append((first, last))
    data.terms = {
        owner: {year: tuple(year_spans) for year, year_spans in years.items()}
        for owner, years in spans.items()
    }
    closed: dict[int | None, set[date]] = {}
    for owner, day in NonSchoolDay.objects.values_list("establishment_id", "date"):
        closed.setdefault(owner, set()).add(day)
    data.closed = {owner: frozenset(days) for owner, days in closed.items()}
    return data


def _current() -> CalendarData:
    global _data, _loaded_at
    with _lock:
        if _data is None or time.monotonic() - _loaded_at > CACHE_SECONDS:
            _data = _load()
            _loaded_at = time.monotonic()
        return _data


def _establishment_id(establishment: Any) -> int | None:
    if establishment is None:
        return None
    if isinstance(establishment, int):
        return establishment
    return establishment.pk


def calendar_for(establishment: Any = None) -> SchoolCalendar:
    """The school calendar of an establishment (an Establishment or its id),
    or the local authority's own (None)."""
    data = _current()
    owner = _establishment_id(establishment)
    if owner not in data.own_calendar_ids():
        owner = None  # no dates of its own: the local authority's calendar
    calendar = data.calendars.get(owner)
    if calendar is None:
        calendar = data.calendars[owner] = SchoolCalendar(owner, data)
    return calendar


def establishments_with_own_calendar() -> set[int]:
    """Ids of the establishments with terms or non-school days of their own:
    every other establishment follows the local authority's calendar."""
    return _current().own_calendar_ids()


class SchoolCalendar:
    """One establishment's school days (or the local authority's, when
    `establishment_id` is None). Get one with `calendar_for`."""

    def __init__(self, establishment_id: int | None, data: CalendarData):
        self.establishment_id = establishment_id
        self._data = data
        self._years: dict[int, tuple[tuple[Span, ...] | None, frozenset[date]]] = {}

    def __repr__(self) -> str:
        return f"<SchoolCalendar {self.establishment_id or 'local authority'}>"

    def _year(self, academic_year: int) -> tuple[tuple[Span, ...] | None, frozenset[date]]:
        """The terms (None: no term dates that year) and non-school days that apply."""
        found = self._years.get(academic_year)
        if found is None:
            owner = self.establishment_id
            own = self._data.terms.get(owner, {}).get(academic_year) if owner is not None else None
            closed = self._data.closed.get(owner, frozenset()) if owner is not None else frozenset()
            if own:
                found = (own, closed)
            else:
                la_terms = self._data.terms.get(None, {}).get(academic_year)
                found = (la_terms, closed | self._data.closed.get(None, frozenset()))
            self._years[academic_year] = found
        return found

    def has_term_dates(self, academic_year: int) -> bool:
        """Whether terms apply in this academic year (otherwise: the fallback)."""
        return self._year(academic_year)[0] is not None

    def uses_own_terms(self, academic_year: int) -> bool:
        owner = self.establishment_id
        return owner is not None and bool(self._data.terms.get(owner, {}).get(academic_year))

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or is_bank_holiday(day):
            return False
        terms, closed = self._year(academic_year_of(day))
        if day in closed:
            return False
        if terms is None:
            return True
        return any(first <= day <= last for first, last in terms)

    def count_school_days(self, first: date, last: date) -> int:
        """School days from `first` to `last`, both counted (0 when last < first)."""
        if last < first:
            return 0
        return sum(
            1
            for offset in range((last - first).days + 1)
            if self.is_school_day(first + timedelta(days=offset))
        )

    def _step(self, day: date, step: int) -> date:
        """The next school day after `day` going forwards (1) or back (-1)."""
        for _ in range(MAX_DAYS_WITHOUT_SCHOOL_DAY):
            day += timedelta(days=step)
            if self.is_school_day(day):
                return day
        raise NoSchoolDays(
            f"No school day within {MAX_DAYS_WITHOUT_SCHOOL_DAY} days "
            f"{'after' if step > 0 else 'before'} {day:%Y-%m-%d} for {self!r}"
        )

    def add_school_days(self, start: date, n: int) -> date:
        """The date `n` school days after `start` (before it when n is negative);
        `start` itself is not counted, and need not be a school day."""
        step = 1 if n >= 0 else -1
        day = start
        for _ in range(abs(n)):
            day = self._step(day, step)
        return day

    def nth_school_day(self, first: date, n: int) -> date:
        """The day a run of `n` consecutive school days starting on or after
        `first` completes: `first` itself counts when it is a school day."""
        if n < 1:
            raise ValueError("n must be 1 or more")
        day = first if self.is_school_day(first) else self._step(first, 1)
        return self.add_school_days(day, n - 1)

    def last_school_day_on_or_before(self, day: date) -> date:
        return day if self.is_school_day(day) else self._step(day, -1)

    def next_school_day_on_or_after(self, day: date) -> date:
        return day if self.is_school_day(day) else self._step(day, 1)


# The same questions as functions, for one establishment or the LA -------------


def is_school_day(day: date, *, establishment: Any = None) -> bool:
    return calendar_for(establishment).is_school_day(day)


def count_school_days(first: date, last: date, *, establishment: Any = None) -> int:
    """School days from `first` to `last`, both counted."""
    return calendar_for(establishment).count_school_days(first, last)


def add_school_days(start: date, n: int, *, establishment: Any = None) -> date:
    """The date `n` school days after `start` (before it when n is negative)."""
    return calendar_for(establishment).add_school_days(start, n)


def nth_school_day(first: date, n: int, *, establishment: Any = None) -> date:
    """The day a run of `n` school days starting on `first` completes: `first`
    itself counts when it is a school day."""
    return calendar_for(establishment).nth_school_day(first, n)


def last_school_day_on_or_before(day: date, *, establishment: Any = None) -> date:
    return calendar_for(establishment).last_school_day_on_or_before(day)
