"""A child's timeline: everything that happened on their record, newest first.

Each source is one function that takes the child and returns entries, in one
query (related rows come with `select_related`), so the timeline costs the same
number of queries however long it is. To add a source, write one more
function and add it to SOURCES; an app above casework (referrals) connects a
receiver to `casework.signals.timeline_requested` instead.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import ChildMerge, EnquiryAction, EpisodeEvent, Note
from inclusion_tracker.casework.signals import timeline_requested
from inclusion_tracker.children.models import Child
from inclusion_tracker.notifications.models import Notification, TimetableReview


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    title: str
    text: str = ""
    link: str = ""
    kind: str = ""
    # Only administrators follow this entry's link (merges).
    link_for_admins_only: bool = False


def who(user) -> str:
    return str(user) if user is not None else "Not recorded"


def day(value) -> str:
    return date_format(value, "j F Y")


def _from(notification) -> str:
    establishment = notification.establishment
    return establishment.name if establishment else "an unknown establishment"


def notifications(child) -> list[Entry]:
    rows = (
        Notification.objects.submitted()
        .filter(child=child, submitted_at__isnull=False)
        .select_related("establishment", "submitted_by")
    )
    return [
        Entry(
            when=notification.submitted_at,
            who=who(notification.submitted_by),
            title=f"Notification {notification.reference} received from {_from(notification)}",
            text=notification.get_kind_display(),
            link=reverse("notifications:detail", args=[notification.reference]),
            kind="notification",
        )
        for notification in rows
    ]


def reviews(child) -> list[Entry]:
    rows = TimetableReview.objects.filter(plan__notification__child=child).select_related(
        "plan__notification", "recorded_by"
    )
    entries = []
    for review in rows:
        reference = review.plan.notification.reference
        text = [f"Reviewed on {day(review.reviewed_on)}."]
        if review.new_end_date:
            text.append(f"New end date {day(review.new_end_date)}.")
        if review.next_review_date:
            text.append(f"Next review {day(review.next_review_date)}.")
        if review.reason:
            text.append(review.reason)
        entries.append(
            Entry(
                when=review.recorded_at,
                who=who(review.recorded_by),
                title=f"Timetable review of {reference}: {review.get_outcome_display().lower()}",
                text=" ".join(text),
                link=reverse("notifications:detail", args=[reference]),
                kind="review",
            )
        )
    return entries


# Shown by their own sources, with more detail.
_EVENTS_SHOWN_ELSEWHERE = (EpisodeEvent.What.REVIEW, EpisodeEvent.What.ENQUIRY)


def episode_events(child) -> list[Entry]:
    rows = (
        EpisodeEvent.objects.filter(episode__child=child)
        .exclude(what__in=_EVENTS_SHOWN_ELSEWHERE)
        .select_related("episode", "by")
    )
    return [
        Entry(
            when=event.at,
            who=who(event.by),
            title=f"{event.episode.get_kind_display()}: {event.summary}",
            text=event.details,
            link=reverse("casework:episode", args=[event.episode_id]),
            kind="episode",
        )
        for event in rows
    ]


def notes(child) -> list[Entry]:
    rows = Note.objects.filter(child=child).select_related("author", "episode")
    return [
        Entry(
            when=note.created_at,
            who=who(note.author),
            title=(
                f"Note about the {lower_first(note.episode.get_kind_display())}"
                if note.episode
                else "Note"
            ),
            text=note.text,
            link=reverse("casework:episode", args=[note.episode_id]) if note.episode_id else "",
            kind="note",
        )
        for note in rows
    ]


def enquiry_actions(child) -> list[Entry]:
    rows = EnquiryAction.objects.filter(
        episode__child=child, episode__kind=EpisodeKind.CME_ENQUIRY
    ).select_related("recorded_by", "episode")
    entries = []
    for action in rows:
        text = [f"Made on {day(action.taken_on)}."]
        if action.contacted:
            text.append(f"Contacted: {action.contacted}.")
        text.append(action.outcome)
        entries.append(
            Entry(
                when=action.recorded_at,
                who=who(action.recorded_by),
                title=(
                    f"CME enquiry: {action.get_method_display()} "
                    f"({action.get_result_display().lower()})"
                ),
                text=" ".join(part for part in text if part),
                link=reverse("casework:episode", args=[action.episode_id]),
                kind="enquiry",
            )
        )
    return entries


def merges(child) -> list[Entry]:
    rows = ChildMerge.objects.filter(kept=child).select_related("merged_by", "reversed_by")
    entries = []
    for merge in rows:
        link = reverse("casework:merge-detail", args=[merge.pk])
        entries.append(
            Entry(
                when=merge.merged_at,
                who=who(merge.merged_by),
                title="Another record of this child merged into this one",
                text=merge.reason,
                link=link,
                kind="merge",
                link_for_admins_only=True,
            )
        )
        if merge.reversed_at:
            entries.append(
                Entry(
                    when=merge.reversed_at,
                    who=who(merge.reversed_by),
                    title="Merge reversed: the other record is separate again",
                    link=link,
                    kind="merge",
                    link_for_admins_only=True,
                )
            )
    return entries


# Casework's sources, one function each (child -> entries). Apps above
# casework add theirs as receivers of `signals.timeline_requested` (referrals).
SOURCES = (notifications, reviews, episode_events, notes, enquiry_actions, merges)


def timeline_for(child) -> list[Entry]:
    """Every entry from every source, newest first."""
    entries = [entry for source in SOURCES for entry in source(child)]
    for _receiver, more in timeline_requested.send(sender=Child, child=child):
        entries.extend(cast(list[Entry], more))
    entries.sort(key=lambda entry: entry.when or timezone.now(), reverse=True)
    return entries


def lower_first(label: str) -> str:
    """ "Children missing education (CME) enquiry" -> "children missing education (CME) enquiry"."""
    return label[:1].lower() + label[1:]
