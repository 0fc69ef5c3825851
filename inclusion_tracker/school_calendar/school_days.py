"""School days: the one place that decides whether a date is a school day.

A date is a school day for an establishment when it is a weekday, not an
England bank holiday (the `holidays` package, which works offline), inside
one of the terms that apply, and not a non-school day that applies:

- the terms that apply in an academic year (1 August to 31 July) are the
  establishment's own terms for that year if it has any, else its local
  authority's (the LA of its `la_code`; school_calendar.Term);
- the non-school days that apply (INSET days, closures) are the
  establishment's own, plus its local authority's when the establishment
  uses the local authority's terms that year (school_calendar.NonSchoolDay);
- in an academic year with no terms at all (or for an LA with no term dates
  in the service), a school day is a weekday less bank holidays and less any
  non-school days that apply: the fallback, so a service without term dates
  still counts sensibly.

With no establishment (None), the deployment's own local authority's
calendar counts (the first of LA_CODES); `la_calendar(code)` gives any LA's.
See docs/calendar.md.

    calendar = calendar_for(episode.establishment)   # or an id, or None
    calendar.add_school_days(day, 15)
    la_calendar(child.local_authority_id).count_school_days(first, last)

The module-level functions take the same `establishment=None` keyword.

Term data is loaded in two queries and kept per process: saving or deleting a
term or non-school day clears this process's copy (signals in
school_calendar/apps.py), and a copy older than CACHE_SECONDS is reloaded so
other processes catch up. An establishment passed as an Establishment says
its LA; passed as an id, an establishment without dates of its own costs one
query the first time (its LA code), and only while some LA has term dates.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.conf import settings

from inclusion_tracker.school_calendar.years import academic_year_of

CACHE_SECONDS = 60.0
# add_school_days and friends give up after this many days in a row without a
# school day rather than loop for ever (a year of term dates made all INSET
# days, say).
MAX_DAYS_WITHOUT_SCHOOL_DAY = 800

Span = tuple[date, date]
# Whose dates: an establishment's id (its own) or a local authority's code.
Owner = int | str


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
    """Every term and non-school day, by owner: an establishment's id for its
    own, a local authority's code for the LA's."""

    terms: dict[Owner, dict[int, tuple[Span, ...]]] = field(default_factory=dict)
    closed: dict[Owner, frozenset[date]] = field(default_factory=dict)
    # The LA code of each establishment with dates of its own: the LA whose
    # terms it follows in a year without terms of its own.
    la_of: dict[int, str] = field(default_factory=dict)
    # The LA codes of other establishments asked about by id, looked up once.
    looked_up: dict[int, str | None] = field(default_factory=dict)
    # The LAs with terms or non-school days.
    la_codes: frozenset[str] = frozenset()
    # By (establishment id, LA code): None for "not its own" and "no LA dates".
    calendars: dict[tuple[int | None, str | None], SchoolCalendar] = field(default_factory=dict)

    def own_calendar_ids(self) -> set[int]:
        return set(self.la_of)

    def la_code_of(self, establishment_id: int) -> str | None:
        """The LA of an establishment without dates of its own. No query
        while no LA has term dates (every LA's calendar is then the fallback)."""
        if not self.la_codes:
            return None
        if establishment_id not in self.looked_up:
            from inclusion_tracker.establishments.models import Establishment

            self.looked_up[establishment_id] = (
                Establishment.objects.filter(pk=establishment_id)
                .values_list("la_code", flat=True)
                .first()
            )
        return self.looked_up[establishment_id]


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
    spans: dict[Owner, dict[int, list[Span]]] = {}
    for establishment_id, la_code, authority, year, first, last in Term.objects.order_by(
        "first_day"
    ).values_list(
        "establishment_id",
        "establishment__la_code",
        "local_authority_id",
        "academic_year",
        "first_day",
        "last_day",
    ):
        owner = _owner(data, establishment_id, la_code, authority)
        spans.setdefault(owner, {}).setdefault(year, []).append((first, last))
    data.terms = {
        owner: {year: tuple(year_spans) for year, year_spans in years.items()}
        for owner, years in spans.items()
    }
    closed: dict[Owner, set[date]] = {}
    for establishment_id, la_code, authority, day in NonSchoolDay.objects.values_list(
        "establishment_id", "establishment__la_code", "local_authority_id", "date"
    ):
        closed.setdefault(_owner(data, establishment_id, la_code, authority), set()).add(day)
    data.closed = {owner: frozenset(days) for owner, days in closed.items()}
    data.la_codes = frozenset(
        owner for owner in (*data.terms, *data.closed) if isinstance(owner, str)
    )
    return data


def _owner(data: CalendarData, establishment_id: int | None, la_code: str, authority: str) -> Owner:
    if establishment_id is None:
        return authority
    data.la_of[establishment_id] = la_code
    return establishment_id


def _current() -> CalendarData:
    global _data, _loaded_at
    with _lock:
        if _data is None or time.monotonic() - _loaded_at > CACHE_SECONDS:
            _data = _load()
            _loaded_at = time.monotonic()
        return _data


def _calendar(
    data: CalendarData, establishment_id: int | None, la_code: str | None
) -> SchoolCalendar:
    if la_code not in data.la_codes:
        la_code = None  # an LA without term dates: the fallback
    key = (establishment_id, la_code)
    calendar = data.calendars.get(key)
    if calendar is None:
        calendar = data.calendars[key] = SchoolCalendar(establishment_id, la_code, data)
    return calendar


def calendar_for(establishment: Any = None) -> SchoolCalendar:
    """The school calendar of an establishment (an Establishment or its id):
    its own dates when it has any, with its LA's; else its LA's. None: the
    deployment's own LA's calendar (the first of LA_CODES)."""
    data = _current()
    if establishment is None:
        return _calendar(data, None, settings.LA_CODES[0])
    if isinstance(establishment, int):
        establishment_id, la_code = establishment, None
    else:
        establishment_id, la_code = establishment.pk, establishment.la_code
    if establishment_id in data.la_of:  # dates of its own
        return _calendar(data, establishment_id, data.la_of[establishment_id])
    if la_code is None:
        la_code = data.la_code_of(establishment_id)
    return _calendar(data, None, la_code)


def la_calendar(code: str | None = None) -> SchoolCalendar:
    """A local authority's calendar, by its code (None: the deployment's own
    LA); weekdays less bank holidays for an LA without term dates."""
    return _calendar(_current(), None, code or settings.LA_CODES[0])


def calendar_without_term_dates() -> SchoolCalendar:
    """The fallback: weekdays less bank holidays, as for an LA without term
    dates in the service."""
    return _calendar(_current(), None, None)


def school_of(obj: Any) -> Any:
    """What to pass `calendar_for` for a row with an `establishment`: the
    Establishment when it is loaded already (its LA is then known without a
    query), else its id (or None)."""
    descriptor = type(obj).establishment
    return obj.establishment if descriptor.is_cached(obj) else obj.establishment_id


def establishments_with_own_calendar() -> set[int]:
    """Ids of the establishments with terms or non-school days of their own:
    every other establishment follows its local authority's calendar."""
    return _current().own_calendar_ids()


def local_authorities_with_calendar() -> set[str]:
    """Codes of the local authorities with terms or non-school days: every
    other LA's establishments count weekdays less bank holidays."""
    return set(_current().la_codes)


class SchoolCalendar:
    """One establishment's school days (`establishment_id`, with the LA it
    follows in years without terms of its own, `la_code`), or a local
    authority's (`establishment_id` None). `la_code` is None when that LA has
    no term dates. Get one with `calendar_for` or `la_calendar`."""

    def __init__(self, establishment_id: int | None, la_code: str | None, data: CalendarData):
        self.establishment_id = establishment_id
        self.la_code = la_code
        self._data = data
        self._years: dict[int, tuple[tuple[Span, ...] | None, frozenset[date]]] = {}

    def __repr__(self) -> str:
        la = f"LA {self.la_code}" if self.la_code else "no LA term dates"
        return f"<SchoolCalendar {self.establishment_id or 'local authority'}, {la}>"

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
                la = self.la_code
                la_terms = self._data.terms.get(la, {}).get(academic_year) if la else None
                la_closed = self._data.closed.get(la, frozenset()) if la else frozenset()
                found = (la_terms, closed | la_closed)
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


# The same questions as functions, for one establishment or the deployment's LA ---


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
