"""The worklists: one table of what each list holds and how it shows it.

Each worklist's membership rule is an `EpisodeQuerySet` method (casework/
models.py); this table names the list, says the rule in one sentence for
the page, and picks the key date the list shows and sorts by. The views and
templates read it; adding a worklist means adding a row here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf

from inclusion_tracker.casework.episode_kinds import WORKFLOWS, EpisodeKind
from inclusion_tracker.casework.models import Episode, EpisodeQuerySet


@dataclass(frozen=True)
class Worklist:
    slug: str
    title: str
    # `description` may name the setting it reads, so it is a callable.
    describe: Callable[[], str]
    # (episodes, user, today) -> the list's episodes
    rule: Callable[[EpisodeQuerySet, object, date], EpisodeQuerySet]
    # The key date: the Episode field and its column heading.
    date_field: str
    date_label: str
    # Show an "Overdue" tag when the key date has passed.
    overdue_when_past: bool = False
    # The list holds several kinds of episode, so it can be filtered by kind.
    filter_by_kind: bool = False
    # The list holds episodes of several owners, so it can be filtered by owner.
    filter_by_owner: bool = True

    @property
    def description(self) -> str:
        return self.describe()

    def episodes(self, user, today: date) -> EpisodeQuerySet:
        """The list's episodes among those the user may see: their local
        authorities' (`EpisodeQuerySet.visible_to`). Work done for a whole
        LA outside a request (the reminders) applies `rule` to
        `Episode.objects.in_local_authorities(codes)` instead."""
        return self.rule(Episode.objects.visible_to(user), user, today)


def _cme_description() -> str:
    days = settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS
    return (
        f"Children missing education (CME) enquiries open longer than {days} "
        f"school day{'' if days == 1 else 's'}."
    )


WORKLISTS: tuple[Worklist, ...] = (
    Worklist(
        slug="my-caseload",
        title="My caseload",
        describe=lambda: "Open episodes assigned to you.",
        rule=lambda episodes, user, today: episodes.caseload(user),
        date_field="opened_on",
        date_label="Opened",
        filter_by_kind=True,
        filter_by_owner=False,
    ),
    Worklist(
        slug="unassigned",
        title="Unassigned",
        describe=lambda: "Open episodes nobody is working on yet.",
        rule=lambda episodes, user, today: episodes.unassigned(),
        date_field="opened_on",
        date_label="Opened",
        filter_by_kind=True,
        filter_by_owner=False,
    ),
    Worklist(
        slug="reviews-due",
        title="Part-time timetable reviews due",
        describe=lambda: "Part-time timetables with a review due this week or overdue.",
        rule=lambda episodes, user, today: episodes.reviews_due(today),
        date_field="review_due",
        date_label="Review due",
        overdue_when_past=True,
    ),
    Worklist(
        slug="past-end-date",
        title="Part-time timetables past their end date",
        describe=lambda: "Part-time timetables whose end date has passed but which have not ended.",
        rule=lambda episodes, user, today: episodes.past_end_date(today),
        date_field="end_date",
        date_label="End date",
        overdue_when_past=True,
    ),
    Worklist(
        slug="no-destination",
        title="Removals with no known destination",
        describe=lambda: "Removals from roll where the school does not know where the child went.",
        rule=lambda episodes, user, today: episodes.removals_without_destination(),
        date_field="opened_on",
        date_label="Opened",
    ),
    Worklist(
        slug="late-removal-returns",
        title="Removals notified late",
        describe=lambda: (
            "Removals from roll whose deletion return was sent after the child's name was "
            "deleted: the return is due no later than the deletion."
        ),
        rule=lambda episodes, user, today: episodes.removals_notified_late(),
        date_field="start_date",
        date_label="Removed from roll",
    ),
    Worklist(
        slug="cme-overdue",
        title="CME enquiries open too long",
        describe=_cme_description,
        rule=lambda episodes, user, today: episodes.cme_overdue(today),
        date_field="opened_on",
        date_label="Opened",
    ),
    Worklist(
        slug="health-15-days",
        title="Health-needs absences past 15 school days",
        describe=lambda: (
            "Health-needs absences that have reached 15 school days, "
            "when the local authority must arrange education."
        ),
        rule=lambda episodes, user, today: episodes.health_past_trigger(today),
        date_field="duty_date",
        date_label="15 school days reached",
    ),
    Worklist(
        slug="awaiting-approval",
        title="CME closures awaiting approval",
        describe=lambda: (
            "CME enquiries an officer has asked to close with the child's whereabouts "
            "unknown: a team manager approves or sends them back."
        ),
        rule=lambda episodes, user, today: episodes.awaiting_approval(),
        date_field="closure_requested_at",
        date_label="Asked for",
    ),
)
BY_SLUG = {worklist.slug: worklist for worklist in WORKLISTS}


# Sorting ----------------------------------------------------------------------

# The flags a worklist can be filtered by (children/flags.py field names).
FILTER_FLAGS = (
    "looked_after",
    "child_protection_plan",
    "has_ehcp",
    "gypsy_roma_traveller",
    "young_carer",
)

SORT_KEYS = ("child", "type", "status", "date", "establishment", "owner")
DEFAULT_SORT = ("date", "asc")


def _status_label():
    """The status's label, for sorting by what the page shows."""
    whens = [
        When(kind=kind, status=status.value, then=Value(status.label))
        for kind, workflow in WORKFLOWS.items()
        for status in workflow.statuses
    ]
    return Case(*whens, default=F("status"))


def _kind_label():
    return Case(
        *[When(kind=value, then=Value(label)) for value, label in EpisodeKind.choices],
        default=F("kind"),
    )


def _name(preferred: str, legal: str):
    return Lower(Coalesce(NullIf(F(f"child__{preferred}"), Value("")), F(f"child__{legal}")))


def sorted_episodes(episodes, worklist: Worklist, sort: str, direction: str):
    """Order by a column of the table (SORT_KEYS), ascending or descending;
    empty values last either way, then oldest episode first."""
    descending = direction == "desc"
    if sort == "child":
        keys = [
            _name("preferred_last_name", "legal_last_name"),
            _name("preferred_first_name", "legal_first_name"),
        ]
    elif sort == "type":
        keys = [_kind_label()]
    elif sort == "status":
        keys = [_status_label()]
    elif sort == "establishment":
        keys = [Lower("establishment__name")]
    elif sort == "owner":
        keys = [Lower("owner__full_name")]
    else:
        keys = [F(worklist.date_field)]
    ordering = [
        key.desc(nulls_last=True) if descending else key.asc(nulls_last=True) for key in keys
    ]
    return episodes.order_by(*ordering, "opened_on", "pk")
