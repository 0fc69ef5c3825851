"""What the term dates pages show: one owner's academic years, with their
terms, non-school days and school days counted by school_calendar/school_days.py."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.school_calendar.models import (
    NonSchoolDay,
    Owner,
    Term,
    year_bounds,
    year_label,
)
from inclusion_tracker.school_calendar.school_days import SchoolCalendar, calendar_for, la_calendar
from inclusion_tracker.school_calendar.years import academic_year_of


@dataclass
class TermRow:
    term: Term
    school_days: int


@dataclass
class Year:
    academic_year: int
    terms: list[TermRow] = field(default_factory=list)
    days: list[NonSchoolDay] = field(default_factory=list)
    school_days: int | None = None  # None: no term dates apply (the fallback)
    own_terms: bool = False  # an establishment with its own terms this year

    @property
    def label(self) -> str:
        return year_label(self.academic_year)


def current_year(today: date | None = None) -> int:
    return academic_year_of(today or timezone.localdate())


def years_for(owner: Owner, terms, days, *, wanted=()) -> list[Year]:
    """The years with terms or non-school days of this owner (an
    establishment or a local authority), plus `wanted`, latest first."""
    is_establishment = isinstance(owner, Establishment)
    calendar: SchoolCalendar = (
        calendar_for(owner) if isinstance(owner, Establishment) else la_calendar(owner.code)
    )
    years: dict[int, Year] = {year: Year(year) for year in wanted}
    for term in terms:
        years.setdefault(term.academic_year, Year(term.academic_year)).terms.append(
            TermRow(term, calendar.count_school_days(term.first_day, term.last_day))
        )
    for day in days:
        day_year = academic_year_of(day.date)
        years.setdefault(day_year, Year(day_year)).days.append(day)
    for year in years.values():
        if calendar.has_term_dates(year.academic_year):
            year.school_days = calendar.count_school_days(*year_bounds(year.academic_year))
        year.own_terms = is_establishment and bool(year.terms)
    return sorted(years.values(), key=lambda year: year.academic_year, reverse=True)


def years_without_la_term_dates(la_code: str, today: date | None = None) -> list[str]:
    """This school year and next, where the local authority has no term dates."""
    calendar = la_calendar(la_code)
    this_year = current_year(today)
    return [
        year_label(year) for year in (this_year, this_year + 1) if not calendar.has_term_dates(year)
    ]
