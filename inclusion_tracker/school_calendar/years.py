"""Academic years: plain date arithmetic, which the calendar's models and the
school-day arithmetic (`school_days.py`, which reads the models) both use."""

from datetime import date


def academic_year_of(day: date) -> int:
    """The academic year a day belongs to, by the year it starts (1 August)."""
    return day.year if day.month >= 8 else day.year - 1
