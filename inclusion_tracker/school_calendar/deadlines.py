"""Deadlines: when something is due, and what "overdue" and "due this week"
mean, in school days. The statutory periods sit here with their references;
the arithmetic is school_calendar/school_days.py's.

Whose school days count:
- a part-time timetable's review and end date, and a health-needs absence's
  15 school days: the child's school's (its own term dates and INSET days
  when it has them, see docs/calendar.md);
- a CME enquiry's time open: the child's local authority's, since the
  enquiry is the authority's work and the child has no school; the threshold
  is that LA's too (`LocalAuthority.cme_threshold_school_days`);
- a referral's time open: the school's of the episode it was made from (the
  child's LA's when the episode has no school).

Overdue: a date is overdue once a school day has passed since it, that is
when it is before the last school day up to today. A review due on Friday is
not overdue on Saturday or Sunday, only on Monday (or the next school day
after a holiday). Due this week: not overdue and due by the end of this
school week (the week of the next school day, so on a Saturday or in a
holiday the week school starts again).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from inclusion_tracker.establishments.models import LocalAuthority
from inclusion_tracker.school_calendar.school_days import (
    SchoolCalendar,
    calendar_for,
    calendar_without_term_dates,
    establishments_with_own_calendar,
    la_calendar,
    local_authorities_with_calendar,
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


def cme_threshold_days(la_code: str | None = None) -> int:
    """CME enquiries open longer than this many school days are overdue: the
    LA's own threshold, else CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS (None: the
    deployment's own LA). No query (LocalAuthority.by_code)."""
    authority = LocalAuthority.by_code(la_code or settings.LA_CODES[0])
    if authority is None:
        return settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS
    return authority.cme_threshold_school_days


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


def school_or_la_calendar(establishment=None, la_code: str | None = None) -> SchoolCalendar:
    """The school's calendar; with no school, the LA's (`la_code`, the
    child's; None: the deployment's own). The rule `by_school_calendar`
    applies in the database, for one row."""
    if establishment is None:
        return la_calendar(la_code)
    return calendar_for(establishment)


def is_overdue(due: date | None, today: date, establishment=None, la_code=None) -> bool:
    if due is None:
        return False
    return due < overdue_before(today, school_or_la_calendar(establishment, la_code))


def is_due_this_week(due: date | None, today: date, establishment=None, la_code=None) -> bool:
    """Due by the end of this school week and not yet overdue."""
    if due is None:
        return False
    calendar = school_or_la_calendar(establishment, la_code)
    return overdue_before(today, calendar) <= due <= end_of_school_week(today, calendar)


def due_state(due: date | None, today: date, establishment=None, la_code=None) -> str:
    """ "overdue", "due this week" or "" (for a tag beside the date)."""
    if is_overdue(due, today, establishment, la_code):
        return "overdue"
    if is_due_this_week(due, today, establishment, la_code):
        return "due this week"
    return ""


# Statutory and local deadlines ---------------------------------------------


def health_duty_date(first_day_absent: date, establishment=None, la_code=None) -> date:
    """The day a health-needs absence reaches 15 school days (the first day
    absent counts when it is a school day), in the school's school days (with
    no school, the LA's: `la_code`, the child's)."""
    return school_or_la_calendar(establishment, la_code).nth_school_day(
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


def cme_threshold_cutoff(today: date, la_code: str | None = None) -> date:
    """CME enquiries opened before this day are past the threshold today: the
    child's LA's threshold (`cme_threshold_days`) in that LA's school days
    (`la_code`; None: the deployment's own LA). The worklist
    (`EpisodeQuerySet.cme_overdue`, through `past_cme_threshold`) and the
    enquiry's page (`Episode.is_past_cme_threshold`) both use this."""
    return open_longer_than_cutoff(today, cme_threshold_days(la_code), la_calendar(la_code))


def referral_threshold_cutoff(today: date, establishment=None, la_code=None) -> date:
    """Open referrals made before this day are past the threshold
    (REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS) today, in the school days of the
    episode's school (`establishment`; with none, the child's LA's). The
    open-referrals worklist (`ReferralQuerySet.overdue`) and the referral's
    page both use this."""
    return open_longer_than_cutoff(
        today,
        settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS,
        school_or_la_calendar(establishment, la_code),
    )


def new_pupil_return_due(entered_on: date) -> date:
    """The last day for the new school's new pupil return (reg 13(1))."""
    return entered_on + timedelta(days=NEW_PUPIL_RETURN_DAYS)


def removal_return_is_late(deleted_on: date | None, sent_on: date | None) -> bool:
    """A deletion return sent after the pupil's name was deleted (reg 13(4))."""
    return bool(deleted_on and sent_on and sent_on > deleted_on)


# Querying by each school's calendar ----------------------------------------
#
# A worklist asks "is this row's date before its cutoff?" in one query,
# though each row's cutoff depends on its calendar (or its LA's threshold).
# Calendars whose cutoffs fall on the same day share one clause; the rows of
# the deployment's own LA, usually nearly all of them, need no clause of
# their own (they are what no other clause claims), so with one LA and no
# school of its own the filter is a single comparison, as it always was.


def _grouped(lookup: str, cutoffs: dict[date, Q], default: date) -> Q:
    """`<lookup>=<cutoff>` for the rows each Q of `cutoffs` picks, and
    `<lookup>=<default>` for every other row. The Qs must not overlap."""
    others = [member for cutoff, member in cutoffs.items() if cutoff != default]
    result = Q(**{lookup: default})
    if others:
        result &= ~_any(others)
    for cutoff, member in cutoffs.items():
        if cutoff != default:
            result |= Q(**{lookup: cutoff}) & member
    return result


def _any(members: list[Q]) -> Q:
    result = members[0]
    for member in members[1:]:
        result |= member
    return result


def _by_cutoff(owners: Iterable, cutoff_for: Callable) -> dict[date, list]:
    grouped: dict[date, list] = defaultdict(list)
    for owner in sorted(owners):
        grouped[cutoff_for(owner)].append(owner)
    return grouped


def by_school_calendar(
    lookup: str,
    cutoff_for: Callable[[SchoolCalendar], date],
    establishment_field: str = "establishment",
    la_field: str | None = None,
) -> Q:
    """A filter `<lookup>=<cutoff>` where the cutoff depends on each row's
    calendar (`cutoff_for(calendar)`): its school's own (schools with dates of
    their own), else its school's LA's; for rows with no school, the LA's in
    `la_field` (the child's: "child__local_authority"; without it, or when it
    is empty, the deployment's own LA). An LA without term dates counts
    weekdays less bank holidays. One clause per distinct cutoff."""
    school = establishment_field
    own = establishments_with_own_calendar()
    la_codes = local_authorities_with_calendar()
    default = cutoff_for(calendar_for(None))

    not_own = ~Q(**{f"{school}__in": sorted(own)}) if own else Q()
    members: dict[date, list[Q]] = defaultdict(list)
    for cutoff, ids in _by_cutoff(own, lambda pk: cutoff_for(calendar_for(pk))).items():
        members[cutoff].append(Q(**{f"{school}__in": ids}))
    for cutoff, codes in _by_cutoff(la_codes, lambda code: cutoff_for(la_calendar(code))).items():
        members[cutoff].append(Q(**{f"{school}__la_code__in": codes}) & not_own)
        if la_field:
            members[cutoff].append(Q(**{f"{school}__isnull": True, f"{la_field}__in": codes}))
    # Schools (and children) of LAs without term dates: the fallback.
    elsewhere = Q(**{f"{school}__isnull": False}) & not_own
    if la_codes:
        elsewhere &= ~Q(**{f"{school}__la_code__in": sorted(la_codes)})
    if la_field:
        no_school = Q(**{f"{school}__isnull": True, f"{la_field}__isnull": False})
        if la_codes:
            no_school &= ~Q(**{f"{la_field}__in": sorted(la_codes)})
        elsewhere |= no_school
    members[cutoff_for(calendar_without_term_dates())].append(elsewhere)
    return _grouped(lookup, {cutoff: _any(qs) for cutoff, qs in members.items()}, default)


def past_cme_threshold(today: date, la_field: str = "child__local_authority") -> Q:
    """`opened_on__lt=<cutoff>` where the cutoff is `cme_threshold_cutoff` of
    each row's LA (`la_field`; empty: the deployment's own). Only LAs with
    term dates or a threshold of their own can differ from the rest, which
    share weekdays less bank holidays and the setting: one clause per
    distinct cutoff."""
    own_threshold = {
        authority.code
        for authority in LocalAuthority.all_cached()
        if authority.cme_enquiry_threshold_school_days is not None
    }
    special = local_authorities_with_calendar() | own_threshold
    members: dict[date, list[Q]] = defaultdict(list)
    for cutoff, codes in _by_cutoff(
        special, lambda code: cme_threshold_cutoff(today, code)
    ).items():
        members[cutoff].append(Q(**{f"{la_field}__in": codes}))
    rest = open_longer_than_cutoff(
        today, settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS, calendar_without_term_dates()
    )
    elsewhere = Q(**{f"{la_field}__isnull": False})
    if special:
        elsewhere &= ~Q(**{f"{la_field}__in": sorted(special)})
    members[rest].append(elsewhere)
    return _grouped(
        "opened_on__lt",
        {cutoff: _any(qs) for cutoff, qs in members.items()},
        cme_threshold_cutoff(today),
    )
