"""The day's reminders: who is told what on a given day.

`create_reminders(today)` writes the day's `Reminder` rows with get_or_create
on (kind, recipient, key), so running it twice on the same day, or again the
next day, creates nothing that exists already:

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
  made from their episodes that are open too long), when something is;
- to each team manager, once in each ISO week (the first working day's run,
  normally Monday's), a summary of unassigned and overdue work.

The optional kinds (kinds.py) are not created for users who turned them off.
Bodies name a child by first name and initial only, never a UPN or a date of
birth.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta

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

# School days ------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """A day LA staff work: Monday to Friday, less England's bank holidays."""
    return day.weekday() < 5 and not is_bank_holiday(day)


# Helpers ----------------------------------------------------------------------


link = outbox.link
first_name_and_initial = outbox.first_name_and_initial


def _create(kind, recipient, key: str, about_date: date, template: str, context: dict, **fields):
    """Create the reminder unless it exists; True when it was created."""
    _, created = outbox.create_once(kind, recipient, key, about_date, template, context, **fields)
    return created


# Schools ----------------------------------------------------------------------


def _school_users(establishment_ids) -> dict[int, list]:
    """Active school users of each establishment."""
    links = User.establishments.through.objects.filter(
        establishment_id__in=establishment_ids,
        user__is_active=True,
        user__groups__name__in=SCHOOL_ROLES,
    ).select_related("user")
    users: dict[int, list] = defaultdict(list)
    for row in links.order_by("user__email"):
        users[row.establishment_id].append(row.user)
    return users


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
            calendar = calendar_for(episode.establishment_id)
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
                episode.establishment_id
            ).is_school_day(today)
        if school_day[episode.establishment_id]:
            yield episode


def create_school_reminders(today: date, created: Counter) -> None:
    reviews = list(review_due_episodes(today))
    ended = list(past_end_date_episodes(today))
    users = _school_users({episode.establishment_id for episode in reviews + ended})
    for episode in reviews:
        context = {
            "child": first_name_and_initial(episode.child),
            "establishment": episode.establishment.name,
            "review_due": episode.review_due,
            "link": _school_link(episode, "notifications:review"),
            "phone": settings.INCLUSION_SERVICE_PHONE,
        }
        for user in users.get(episode.establishment_id, []):
            created[ReminderKind.REVIEW_DUE] += _create(
                ReminderKind.REVIEW_DUE,
                user,
                f"episode-{episode.pk}-review-{episode.review_due.isoformat()}",
                episode.review_due,
                "reminders/email/review_due.txt",
                context,
                episode=episode,
            )
    for episode in ended:
        context = {
            "child": first_name_and_initial(episode.child),
            "establishment": episode.establishment.name,
            "end_date": episode.end_date,
            "link": _school_link(episode, "notifications:review"),
            "phone": settings.INCLUSION_SERVICE_PHONE,
        }
        for user in users.get(episode.establishment_id, []):
            created[ReminderKind.PAST_END_DATE] += _create(
                ReminderKind.PAST_END_DATE,
                user,
                f"episode-{episode.pk}-end-{episode.end_date.isoformat()}",
                episode.end_date,
                "reminders/email/past_end_date.txt",
                context,
                episode=episode,
            )


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


def create_digests(today: date, created: Counter) -> None:
    if not is_working_day(today):
        return
    officers = {
        user.pk: user
        for user in _recipients(
            ReminderKind.DAILY_DIGEST, User.objects.filter(groups__name__in=LA_STAFF_ROLES)
        ).distinct()
    }
    if not officers:
        return
    owned = Episode.objects.filter(owner_id__in=officers).select_related("child", "establishment")
    by_owner: dict[int, list] = defaultdict(list)
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
    for title, date_label, rows in _extra_digest_sections(list(officers), today):
        for owner_id, items in rows.items():
            by_owner[owner_id].append({"title": title, "date_label": date_label, "items": items})
    for owner_id, sections in by_owner.items():
        count = sum(len(section["items"]) for section in sections)
        created[ReminderKind.DAILY_DIGEST] += _create(
            ReminderKind.DAILY_DIGEST,
            officers[owner_id],
            f"day-{today.isoformat()}",
            today,
            "reminders/email/daily_digest.txt",
            {
                "today": today,
                "count": count,
                "sections": sections,
                "caseload": link(reverse("casework:worklist", args=["my-caseload"])),
                "preferences": link(reverse("accounts:profile") + "#emails"),
            },
        )


def _extra_digest_sections(owner_ids, today: date):
    """Other apps' overdue work for the digest: (title, date label, rows by
    owner id) for each. Referrals open too long are listed under the owner
    of the episode they were made from."""
    rows: dict[int, list] = defaultdict(list)
    referrals = (
        Referral.objects.overdue(today)
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


def _extra_summary_rows(today: date) -> list[dict]:
    """Other apps' overdue counts for the summary: referrals open too long."""
    return [
        {
            "title": "Referrals open too long",
            "count": Referral.objects.overdue(today).count(),
            "link": link(reverse("referrals:open-worklist")),
        }
    ]


def create_weekly_summaries(today: date, created: Counter) -> None:
    if not is_working_day(today):
        return
    managers = list(
        _recipients(
            ReminderKind.WEEKLY_SUMMARY, User.objects.filter(groups__name=Role.TEAM_MANAGER)
        ).distinct()
    )
    if not managers:
        return
    monday = today - timedelta(days=today.weekday())
    year, week, _ = today.isocalendar()
    rows = []
    for slug in SUMMARY_LISTS:
        worklist = BY_SLUG[slug]
        episodes = worklist.episodes(None, today)
        if slug == "reviews-due":
            count = Episode.objects.reviews_overdue(today).count()
        else:
            count = episodes.count()
        rows.append(
            {
                "title": _section_title(slug),
                "count": count,
                "link": link(reverse("casework:worklist", args=[slug])),
            }
        )
    rows += _extra_summary_rows(today)
    for manager in managers:
        created[ReminderKind.WEEKLY_SUMMARY] += _create(
            ReminderKind.WEEKLY_SUMMARY,
            manager,
            f"week-{year}-W{week:02d}",
            monday,
            "reminders/email/weekly_summary.txt",
            {
                "today": today,
                "rows": rows,
                "preferences": link(reverse("accounts:profile") + "#emails"),
            },
        )


def create_reminders(today: date) -> Counter:
    """Create the day's reminders; returns how many of each kind were new."""
    created: Counter = Counter()
    create_school_reminders(today, created)
    create_digests(today, created)
    create_weekly_summaries(today, created)
    return created
