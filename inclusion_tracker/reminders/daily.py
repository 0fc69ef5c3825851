"""The day's reminders: who is told what on a given day.

`DAILY_REMINDERS` is the table of the kinds the daily command writes, one
entry each: on which days it is written at all, which rows it is about, who
receives it, the date it is about, its template and its once-only key.
`create_reminders(today)` runs the table. Each reminder is created with
get_or_create on (kind, recipient, key), so running it twice on the same day,
or again the next day, creates nothing that exists already:

- to each school user of the establishment, when a part-time timetable's
  review is due within REMINDER_REVIEW_DUE_SCHOOL_DAYS school days (counting
  the school's own days: the first run on which the review is that close, or
  closer, creates it; once for each review date), and when a plan has passed
  its end date with no end recorded (once for each end date). Only on the
  school's school days, so nobody is e-mailed at a weekend or in a holiday;
  the first school day after catches up;
- to each officer (anyone with LA access who owns open work), on working days
  (Monday to Friday less England's bank holidays: LA staff work in school
  holidays), a digest of what is overdue in their caseload (with referrals
  made from their episodes that are open too long), when something is:
  only their own local authority's children (`User.la_code`);
- to each team manager, once in each ISO week (the first working day's run,
  normally Monday's), a summary of their own local authority's unassigned
  and overdue work (one summary for each LA with managers).

The optional kinds (kinds.py) are not created for users who turned them off.
Bodies name a child by first name and initial only, never a UPN or a date of
birth.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import LA_STAFF_ROLES, SCHOOL_ROLES, Role
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.worklists import BY_SLUG
from inclusion_tracker.notifications.models import Kind
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.reminders import outbox
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import ReminderPreference
from inclusion_tracker.school_calendar.school_days import calendar_for, is_bank_holiday

link = outbox.link
first_name_and_initial = outbox.first_name_and_initial


# When -------------------------------------------------------------------------


def every_day(day: date) -> bool:
    """School reminders run every day: each school's own school days are
    checked for each plan (`review_due_episodes`, `past_end_date_episodes`)."""
    return True


def is_working_day(day: date) -> bool:
    """A day LA staff work: Monday to Friday, less England's bank holidays."""
    return day.weekday() < 5 and not is_bank_holiday(day)


# Schools ----------------------------------------------------------------------


def review_due_episodes(today: date):
    """Open part-time timetables whose review is due within
    REMINDER_REVIEW_DUE_SCHOOL_DAYS of the school's school days from today
    (today included), on a school day of the school."""
    n = settings.REMINDER_REVIEW_DUE_SCHOOL_DAYS
    # Generous calendar bound for the database; the school days decide.
    candidates = (
        Episode.objects.open()
        .filter(
            kind=EpisodeKind.PART_TIME_TIMETABLE,
            establishment__isnull=False,
            review_due__gte=today,
            review_due__lte=today + timedelta(days=7 * n + 60),
        )
        .select_related("child", "establishment")
        .order_by("review_due", "pk")
    )
    horizon: dict[int, date | None] = {}
    for episode in candidates:
        if episode.establishment_id not in horizon:
            calendar = calendar_for(episode.establishment)
            horizon[episode.establishment_id] = (
                calendar.add_school_days(today, n) if calendar.is_school_day(today) else None
            )
        last = horizon[episode.establishment_id]
        if last is not None and episode.review_due <= last:
            yield episode


def past_end_date_episodes(today: date):
    """Part-time timetables past their end date with no end recorded, on a
    school day of the school."""
    episodes = (
        Episode.objects.past_end_date(today)
        .filter(establishment__isnull=False)
        .select_related("child", "establishment")
        .order_by("end_date", "pk")
    )
    school_day: dict[int, bool] = {}
    for episode in episodes:
        if episode.establishment_id not in school_day:
            school_day[episode.establishment_id] = calendar_for(
                episode.establishment
            ).is_school_day(today)
        if school_day[episode.establishment_id]:
            yield episode


def school_users_of_each_plan(episodes: Sequence[Episode]) -> Callable[[Episode], list[User]]:
    """Who: the active school users of each plan's establishment, in e-mail
    order, looked up in one query for all the plans."""
    links = User.establishments.through.objects.filter(
        establishment_id__in={episode.establishment_id for episode in episodes},
        user__is_active=True,
        user__groups__name__in=SCHOOL_ROLES,
    ).select_related("user")
    users: dict[int | None, list[User]] = defaultdict(list)
    for row in links.order_by("user__email"):
        users[row.establishment_id].append(row.user)
    return lambda episode: users.get(episode.establishment_id, [])


def _school_link(episode, name: str) -> str:
    """The school's page for the plan: its notification's review page."""
    notification = (
        episode.notifications.filter(
            kind=Kind.PART_TIME_TIMETABLE, establishment=episode.establishment_id
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if notification is None:
        return link(reverse("notifications:list"))
    return link(reverse(name, args=[notification.reference]))


def plan_context(episode: Episode, today: date) -> dict:
    """What a school reminder says about a plan."""
    assert episode.establishment is not None  # only plans at an establishment are reminded
    return {
        "child": first_name_and_initial(episode.child),
        "establishment": episode.establishment.name,
        "review_due": episode.review_due,
        "end_date": episode.end_date,
        "link": _school_link(episode, "notifications:review"),
        "phone": settings.INCLUSION_SERVICE_PHONE,
    }


# Officers ---------------------------------------------------------------------


# The overdue worklists a digest lists, in order: (worklist slug, rule, date field).
DIGEST_SECTIONS = (
    # Overdue only (not due this week): a school day of the school's has passed.
    ("reviews-due", lambda episodes, today: episodes.reviews_overdue(today), "review_due"),
    ("past-end-date", lambda episodes, today: episodes.past_end_date(today), "end_date"),
    ("cme-overdue", lambda episodes, today: episodes.cme_overdue(today), "opened_on"),
    ("health-15-days", lambda episodes, today: episodes.health_past_trigger(today), "duty_date"),
)


def _section_title(slug: str) -> str:
    titles = {"reviews-due": "Part-time timetable reviews overdue"}
    return titles.get(slug, BY_SLUG[slug].title)


def _recipients(kind: str, users):
    """`users` less those who turned `kind` off."""
    return users.filter(is_active=True).exclude(pk__in=ReminderPreference.objects.turned_off(kind))


@dataclass(frozen=True)
class Digest:
    """One officer's overdue work: sections of items, each a dict the
    template reads."""

    officer: User
    sections: list[dict]


def by_local_authority(users) -> dict[str, list[User]]:
    """Users grouped by the code of their own LA (`User.la_code`), in order."""
    groups: dict[str, list[User]] = defaultdict(list)
    for user in users:
        groups[user.la_code].append(user)
    return groups


def officer_digests(today: date) -> list[Digest]:
    """A digest for each officer (not having turned it off) with overdue work
    in their caseload, in the order their first overdue item was found:
    only the children of the officer's own local authority, LA by LA."""
    officers = {
        user.pk: user
        for user in _recipients(
            ReminderKind.DAILY_DIGEST, User.objects.filter(groups__name__in=LA_STAFF_ROLES)
        ).distinct()
    }
    by_owner: dict[int, list] = defaultdict(list)
    for code, staff in by_local_authority(officers.values()).items():
        _add_digest_sections(by_owner, [user.pk for user in staff], code, today)
    return [Digest(officers[owner_id], sections) for owner_id, sections in by_owner.items()]


def _add_digest_sections(by_owner: dict[int, list], owner_ids: list[int], code: str, today: date):
    """The overdue work of these owners, all of one LA, among that LA's
    children: added to `by_owner`, section by section."""
    owned = (
        Episode.objects.in_local_authorities([code])
        .filter(owner_id__in=owner_ids)
        .select_related("child", "establishment")
    )
    for slug, rule, date_field in DIGEST_SECTIONS:
        rows: dict[int, list] = defaultdict(list)
        for episode in rule(owned.order_by(date_field, "pk"), today):
            rows[episode.owner_id].append(
                {
                    "child": first_name_and_initial(episode.child),
                    "kind": episode.get_kind_display(),
                    "establishment": episode.establishment.name if episode.establishment else "",
                    "date": getattr(episode, date_field),
                    "link": link(episode.get_absolute_url()),
                }
            )
        for owner_id, items in rows.items():
            by_owner[owner_id].append(
                {
                    "title": _section_title(slug),
                    "date_label": BY_SLUG[slug].date_label,
                    "items": items,
                }
            )
    for title, date_label, rows in _extra_digest_sections(owner_ids, code, today):
        for owner_id, items in rows.items():
            by_owner[owner_id].append({"title": title, "date_label": date_label, "items": items})


def _extra_digest_sections(owner_ids, code: str, today: date):
    """Other apps' overdue work for the digest: (title, date label, rows by
    owner id) for each. Referrals open too long are listed under the owner
    of the episode they were made from."""
    rows: dict[int, list] = defaultdict(list)
    referrals = (
        Referral.objects.in_local_authorities([code])
        .overdue(today)
        .filter(episode__owner_id__in=owner_ids)
        .select_related("episode__child", "episode__establishment", "service")
        .order_by("made_on", "pk")
    )
    for referral in referrals:
        episode = referral.episode
        rows[episode.owner_id].append(
            {
                "child": first_name_and_initial(episode.child),
                "kind": f"Referral to {referral.service}",
                "establishment": episode.establishment.name if episode.establishment else "",
                "date": referral.made_on,
                "link": link(referral.get_absolute_url()),
            }
        )
    return [("Referrals open too long", "Made", rows)]


def its_officer(digests: Sequence[Digest]) -> Callable[[Digest], list[User]]:
    """Who: the officer whose caseload the digest is about."""
    return lambda digest: [digest.officer]


def digest_context(digest: Digest, today: date) -> dict:
    return {
        "today": today,
        "count": sum(len(section["items"]) for section in digest.sections),
        "sections": digest.sections,
        "caseload": link(reverse("casework:worklist", args=["my-caseload"])),
        "preferences": link(reverse("accounts:profile") + "#emails"),
    }


# Managers ---------------------------------------------------------------------

# What the weekly summary counts, in order: worklist slugs.
SUMMARY_LISTS = (
    "unassigned",
    "reviews-due",
    "past-end-date",
    "no-destination",
    "cme-overdue",
    "health-15-days",
    "awaiting-approval",
)


@dataclass(frozen=True)
class Summary:
    """One local authority's week and its managers (not having turned it off)."""

    managers: list[User]
    rows: list[dict]


def _extra_summary_rows(code: str, today: date) -> list[dict]:
    """Other apps' overdue counts for the summary: referrals open too long."""
    return [
        {
            "title": "Referrals open too long",
            "count": Referral.objects.in_local_authorities([code]).overdue(today).count(),
            "link": link(reverse("referrals:open-worklist")),
        }
    ]


def weekly_summary(today: date) -> list[Summary]:
    """Each local authority's unassigned and overdue work, counted only for
    an LA with a manager to send it to, and only that LA's children."""
    managers = _recipients(
        ReminderKind.WEEKLY_SUMMARY, User.objects.filter(groups__name=Role.TEAM_MANAGER)
    ).distinct()
    return [
        Summary(team, _summary_rows(code, today))
        for code, team in by_local_authority(managers).items()
    ]


def _summary_rows(code: str, today: date) -> list[dict]:
    episodes = Episode.objects.in_local_authorities([code])
    rows = []
    for slug in SUMMARY_LISTS:
        if slug == "reviews-due":
            count = episodes.reviews_overdue(today).count()
        else:
            count = BY_SLUG[slug].rule(episodes, None, today).count()
        rows.append(
            {
                "title": _section_title(slug),
                "count": count,
                "link": link(reverse("casework:worklist", args=[slug])),
            }
        )
    return rows + _extra_summary_rows(code, today)


def its_managers(summaries: Sequence[Summary]) -> Callable[[Summary], list[User]]:
    """Who: the team managers the summary was counted for."""
    return lambda summary: summary.managers


def summary_context(summary: Summary, today: date) -> dict:
    return {
        "today": today,
        "rows": summary.rows,
        "preferences": link(reverse("accounts:profile") + "#emails"),
    }


def monday_of(summary: Summary, today: date) -> date:
    return today - timedelta(days=today.weekday())


# The table --------------------------------------------------------------------


@dataclass(frozen=True)
class DailyReminder:
    """One kind of reminder the daily command writes."""

    kind: ReminderKind
    # When: whether it is written at all on a day.
    runs_on: Callable[[date], bool]
    # Which rows: what each reminder is about on a day (a plan, an officer's
    # digest, the week's summary).
    about: Callable[[date], Iterable[Any]]
    # Who: given every row sent to this audience today (one look-up serves
    # all the kinds that share it), a function from a row to its recipients.
    recipients: Callable[[Sequence[Any]], Callable[[Any], Iterable[User]]]
    # The date the reminder is about, from its row and the day.
    about_date: Callable[[Any, date], date]
    template: str
    # What the template is given, from the row and the day.
    context: Callable[[Any, date], dict]
    # Once only: a reminder is created once for (kind, recipient, key). The
    # key is formatted with the row and `about`, the date it is about.
    key: str
    # The reminder records the episode it is about (the row), so that the
    # sending task can check it still holds.
    records_episode: bool = False


DAILY_REMINDERS: tuple[DailyReminder, ...] = (
    DailyReminder(
        kind=ReminderKind.REVIEW_DUE,
        runs_on=every_day,
        about=review_due_episodes,
        recipients=school_users_of_each_plan,
        about_date=lambda episode, today: episode.review_due,
        template="reminders/email/review_due.txt",
        context=plan_context,
        key="episode-{row.pk}-review-{about}",
        records_episode=True,
    ),
    DailyReminder(
        kind=ReminderKind.PAST_END_DATE,
        runs_on=every_day,
        about=past_end_date_episodes,
        recipients=school_users_of_each_plan,
        about_date=lambda episode, today: episode.end_date,
        template="reminders/email/past_end_date.txt",
        context=plan_context,
        key="episode-{row.pk}-end-{about}",
        records_episode=True,
    ),
    DailyReminder(
        kind=ReminderKind.DAILY_DIGEST,
        runs_on=is_working_day,
        about=officer_digests,
        recipients=its_officer,
        about_date=lambda digest, today: today,
        template="reminders/email/daily_digest.txt",
        context=digest_context,
        key="day-{about}",
    ),
    DailyReminder(
        kind=ReminderKind.WEEKLY_SUMMARY,
        runs_on=is_working_day,
        about=weekly_summary,
        recipients=its_managers,
        about_date=monday_of,
        template="reminders/email/weekly_summary.txt",
        context=summary_context,
        # The ISO year and week: week-2026-W12.
        key="week-{about:%G-W%V}",
    ),
)
BY_KIND = {reminder.kind: reminder for reminder in DAILY_REMINDERS}


# The loop ---------------------------------------------------------------------


def run_reminders(reminders: Iterable[DailyReminder], today: date, created: Counter) -> None:
    """Create the reminders of these kinds that are due on `today`, counting
    the new ones of each kind in `created`.

    First the rows of every kind (which), then the recipients of each
    audience once for all its kinds (who: the school users of both school
    reminders in one query), then each reminder, kind by kind in the table's
    order, row by row, recipient by recipient."""
    due = [reminder for reminder in reminders if reminder.runs_on(today)]
    rows = {reminder.kind: list(reminder.about(today)) for reminder in due}
    audiences: dict[Callable, list] = defaultdict(list)
    for reminder in due:
        audiences[reminder.recipients] += rows[reminder.kind]
    recipients_of = {audience: audience(about) for audience, about in audiences.items()}
    for reminder in due:
        for row in rows[reminder.kind]:
            about_date = reminder.about_date(row, today)
            context = reminder.context(row, today)
            fields = {"episode": row} if reminder.records_episode else {}
            for recipient in recipients_of[reminder.recipients](row):
                _, new = outbox.create_once(
                    reminder.kind,
                    recipient,
                    reminder.key.format(row=row, about=about_date),
                    about_date,
                    reminder.template,
                    context,
                    **fields,
                )
                created[reminder.kind] += new


def create_digests(today: date, created: Counter) -> None:
    """The officers' daily digests alone."""
    run_reminders([BY_KIND[ReminderKind.DAILY_DIGEST]], today, created)


def create_reminders(today: date) -> Counter:
    """Create the day's reminders; returns how many of each kind were new."""
    created: Counter = Counter()
    run_reminders(DAILY_REMINDERS, today, created)
    return created
