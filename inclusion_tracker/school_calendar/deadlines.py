"""Deadlines: when something is due, and what "overdue" and "due this week"
mean, in school days. The statutory periods sit here with their references;
the arithmetic is school_calendar/school_days.py's.

Whose school days count:
- a part-time timetable's review and end date, and a health-needs absence's
  15 school days: the child's school's (its own term dates and INSET days
  when it has them, see docs/calendar.md);
- a CME enquiry's time open: the local authority's, since the enquiry is
  the authority's work and the child has no school;
- a referral's time open: the school's of the episode it was made from.

Overdue: a date is overdue once a school day has passed since it, that is
when it is before the last school day up to today. A review due on Friday is
not overdue on Saturday or Sunday, only on Monday (or the next school day
after a holiday). Due this week: not overdue and due by the end of this
school week (the week of the next school day, so on a Saturday or in a
holiday the week school starts again).
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from inclusion_tracker.school_calendar.school_days import (
    SchoolCalendar,
    calendar_for,
    establishments_with_own_calendar,
)

# The local authority's duty to arrange education for a child absent through
# illness arises at 15 school days (s.19 Education Act 1996; "Arranging
# education for children who cannot attend school because of health needs",
# DfE, December 2023).
HEALTH_NEEDS_DUTY_SCHOOL_DAYS = 15

# A new pupil return is due "by the end of the fifth day after the day" the
# pupil's name is entered in the admission register: calendar days, not
# school days (The School Attendance (Pupil Registration) (England)
# Regulations 2024, reg 13(1) to (3)).
NEW_PUPIL_RETURN_DAYS = 5

# A deletion return is due "as soon as the ground for deletion is met" and no
# later than the deletion itself (2024 Regulations, reg 13(4) to (6)): a
# return sent after the deletion date is late.


def cme_threshold_days() -> int:
    """CME enquiries open longer than this many school days are overdue."""
    return settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS


# Overdue and due this week -------------------------------------------------


def overdue_before(today: date, calendar: SchoolCalendar) -> date:
    """Dates before this day are overdue today: the last school day up to today."""
    return calendar.last_school_day_on_or_before(today)


def end_of_school_week(today: date, calendar: SchoolCalendar) -> date:
    """The last day of this school week: the Sunday of the week (Monday to
    Sunday) of the next school day from today, today included. On a Saturday
    or in a holiday, that is the week school starts again; a date due on a
    weekend or holiday before it counts as due this week."""
    next_day = calendar.next_school_day_on_or_after(today)
    return next_day + timedelta(days=6 - next_day.weekday())


def is_overdue(due: date | None, today: date, establishment=None) -> bool:
    if due is None:
        return False
    return due < overdue_before(today, calendar_for(establishment))


def is_due_this_week(due: date | None, today: date, establishment=None) -> bool:
    """Due by the end of this school week and not yet overdue."""
    if due is None:
        return False
    calendar = calendar_for(establishment)
    return overdue_before(today, calendar) <= due <= end_of_school_week(today, calendar)


def due_state(due: date | None, today: date, establishment=None) -> str:
    """ "overdue", "due this week" or "" (for a tag beside the date)."""
    if is_overdue(due, today, establishment):
        return "overdue"
    if is_due_this_week(due, today, establishment):
        return "due this week"
    return ""


# Statutory and local deadlines ---------------------------------------------


def health_duty_date(first_day_absent: date, establishment=None) -> date:
    """The day a health-needs absence reaches 15 school days (the first day
    absent counts when it is a school day)."""
    return calendar_for(establishment).nth_school_day(
        first_day_absent, HEALTH_NEEDS_DUTY_SCHOOL_DAYS
    )


def open_longer_than_cutoff(today: date, school_days: int, calendar: SchoolCalendar) -> date:
    """Things opened before this day have been open more than `school_days`
    school days today.

    With N = school_days, something opened on day D is overdue once more than
    N school days have passed since D (D itself not counted): on
    add_school_days(D, N) it has been open N school days and is not yet
    overdue; from the next school day it is, weekends and holidays after it
    included. Counting back from the last school day up to today keeps a
    weekend from bringing the day forward."""
    return calendar.add_school_days(calendar.last_school_day_on_or_before(today), -school_days)


def cme_threshold_cutoff(today: date) -> date:
    """CME enquiries opened before this day are past the threshold
    (CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS) today, in the LA's school days. The
    worklist (`EpisodeQuerySet.cme_overdue`) and the enquiry's page
    (`Episode.is_past_cme_threshold`) both use this."""
    return open_longer_than_cutoff(today, cme_threshold_days(), calendar_for(None))


def referral_threshold_cutoff(today: date, establishment=None) -> date:
    """Open referrals made before this day are past the threshold
    (REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS) today, in the school days of the
    episode's school (`establishment`). The open-referrals worklist
    (`ReferralQuerySet.overdue`) and the referral's page both use this."""
    return open_longer_than_cutoff(
        today, settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS, calendar_for(establishment)
    )


def new_pupil_return_due(entered_on: date) -> date:
    """The last day for the new school's new pupil return (reg 13(1))."""
    return entered_on + timedelta(days=NEW_PUPIL_RETURN_DAYS)


def removal_return_is_late(deleted_on: date | None, sent_on: date | None) -> bool:
    """A deletion return sent after the pupil's name was deleted (reg 13(4))."""
    return bool(deleted_on and sent_on and sent_on > deleted_on)


# Querying by each school's calendar ----------------------------------------


def by_school_calendar(
    lookup: str,
    cutoff_for: Callable[[SchoolCalendar], date],
    establishment_field: str = "establishment",
) -> Q:
    """A filter `<lookup>=<cutoff>` where the cutoff depends on each row's
    school: the LA's calendar for schools on the LA's term dates (and rows
    with no school), each other school's own. Schools whose cutoffs fall on
    the same day share one clause, so the filter stays small."""
    own = establishments_with_own_calendar()
    la_cutoff = cutoff_for(calendar_for(None))
    by_cutoff: dict[date, list[int]] = defaultdict(list)
    for establishment_id in sorted(own):
        by_cutoff[cutoff_for(calendar_for(establishment_id))].append(establishment_id)
    la_ids = by_cutoff.pop(la_cutoff, [])
    clauses = [
        Q(**{f"{establishment_field}__in": ids, lookup: cutoff})
        for cutoff, ids in by_cutoff.items()
    ]
    others = Q(**{lookup: la_cutoff})
    different = own - set(la_ids)
    if different:
        others &= ~Q(**{f"{establishment_field}__in": sorted(different)})
    result = others
    for clause in clauses:
        result |= clause
    return result
