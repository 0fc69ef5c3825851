"""A child's timeline: every source, who and when, newest first, in a fixed
number of queries."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.casework.enquiries import EnquiryMethod, EnquiryResult
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import (
    ChildMerge,
    EnquiryAction,
    Episode,
    EpisodeEvent,
    Note,
)
from inclusion_tracker.casework.timeline import SOURCES, timeline_for
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.notifications.models import (
    Kind,
    Notification,
    PartTimeTimetable,
    ReviewOutcome,
    Status,
    TimetableReview,
)

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=LONDON)


def received(child, *, establishment, by, when, kind=Kind.PART_TIME_TIMETABLE) -> Notification:
    """A notification the school sent at `when`, linked to `child`."""
    notification = Notification.start(kind=kind, user=by, establishment=establishment)
    Notification.objects.filter(pk=notification.pk).update(
        status=Status.WITH_INCLUSION_SERVICE, submitted_at=when, submitted_by=by, child=child
    )
    if kind == Kind.PART_TIME_TIMETABLE:
        PartTimeTimetable.objects.create(notification=notification)
    notification.refresh_from_db()
    return notification


def review(notification, *, by, when, outcome=ReviewOutcome.CONTINUE) -> TimetableReview:
    record = TimetableReview.objects.create(
        plan=notification.part_time_timetable,
        reviewed_on=when.date(),
        outcome=outcome,
        next_review_date=when.date() + timedelta(days=28),
        reason="Going well",
        recorded_by=by,
    )
    TimetableReview.objects.filter(pk=record.pk).update(recorded_at=when)
    return record


def episode(child, *, kind=EpisodeKind.PART_TIME_TIMETABLE, **fields) -> Episode:
    return Episode.objects.create(child=child, kind=kind, **fields)


def event(of, *, by, when, summary="Status changed to extended") -> EpisodeEvent:
    return of.events.create(what=EpisodeEvent.What.STATUS, summary=summary, by=by, at=when)


def note(child, *, by, when, text="Spoke to the family", about=None) -> Note:
    return Note.objects.create(child=child, episode=about, text=text, author=by, created_at=when)


def enquiry(of, *, by, when) -> EnquiryAction:
    return EnquiryAction.objects.create(
        episode=of,
        taken_on=when.date(),
        method=EnquiryMethod.HOME_VISIT,
        contacted="The family",
        result=EnquiryResult.NO_INFORMATION,
        outcome="Nobody answered the door",
        recorded_by=by,
        recorded_at=when,
    )


@pytest.fixture
def child(school_a):
    return ChildFactory(current_establishment=school_a, legal_first_name="Amelia")


@pytest.fixture
def everything(child, school_a, school_user_a, officer, manager):
    """One entry from each source, each a day apart."""
    notification = received(child, establishment=school_a, by=school_user_a, when=at(2))
    review(notification, by=school_user_a, when=at(3))
    timetable = episode(child)
    event(timetable, by=manager, when=at(4))
    cme = episode(child, kind=EpisodeKind.CME_ENQUIRY)
    enquiry(cme, by=officer, when=at(5))
    note(child, by=officer, when=at(6))
    other = ChildFactory()
    ChildMerge.objects.create(
        kept=child, merged=other, reason="Same child", merged_by=officer, merged_at=at(7)
    )
    return notification


def test_every_source_appears_newest_first_with_who_and_when(everything, child, officer, manager):
    entries = timeline_for(child)
    assert [entry.kind for entry in entries] == [
        "merge",
        "note",
        "enquiry",
        "episode",
        "review",
        "notification",
    ]
    assert [entry.when for entry in entries] == [at(day) for day in (7, 6, 5, 4, 3, 2)]
    assert [entry.who for entry in entries] == [
        str(officer),
        str(officer),
        str(officer),
        str(manager),
        str(everything.submitted_by),
        str(everything.submitted_by),
    ]


def test_a_notification_says_where_it_came_from(everything, child):
    entry = timeline_for(child)[-1]
    assert entry.title == f"Notification {everything.reference} received from Alpha Primary School"
    assert entry.link == f"/notifications/{everything.reference}/"


def test_a_review_says_what_was_decided(everything, child):
    entry = next(entry for entry in timeline_for(child) if entry.kind == "review")
    assert entry.title == (
        f"Timetable review of {everything.reference}: continue to the planned end date"
    )
    assert "Next review 31 March 2026." in entry.text
    assert "Going well" in entry.text


def test_an_enquiry_says_what_was_done_and_found(everything, child):
    entry = next(entry for entry in timeline_for(child) if entry.kind == "enquiry")
    assert entry.title == "CME enquiry: Home visit (no information)"
    assert entry.text == "Made on 5 March 2026. Contacted: The family. Nobody answered the door"


def test_a_reversed_merge_shows_both_the_merge_and_its_reversal(child, officer, admin_user):
    ChildMerge.objects.create(
        kept=child,
        merged=ChildFactory(),
        reason="Same child",
        merged_by=officer,
        merged_at=at(2),
        reversed_by=admin_user,
        reversed_at=at(3),
    )
    entries = timeline_for(child)
    assert [entry.title for entry in entries] == [
        "Merge reversed: the other record is separate again",
        "Another record of this child merged into this one",
    ]
    assert entries[0].who == str(admin_user)


def test_another_childs_records_are_not_on_the_timeline(child, school_a, school_user_a, officer):
    other = ChildFactory()
    received(other, establishment=school_a, by=school_user_a, when=at(2))
    note(other, by=officer, when=at(3))
    assert timeline_for(child) == []


def test_a_note_about_an_episode_says_so_and_links_to_it(child, officer):
    timetable = episode(child)
    note(child, by=officer, when=at(2), about=timetable)
    [entry] = timeline_for(child)
    assert entry.title == "Note about the part-time timetable"
    assert entry.link == reverse("casework:episode", args=[timetable.pk])


def test_review_and_enquiry_events_are_shown_once_by_their_own_source(child, officer):
    timetable = episode(child)
    timetable.events.create(what=EpisodeEvent.What.REVIEW, summary="School review", by=officer)
    timetable.events.create(what=EpisodeEvent.What.ENQUIRY, summary="Enquiry", by=officer)
    assert timeline_for(child) == []


def make_entries(child, school, school_user, officer, n: int) -> None:
    for i in range(n):
        when = timezone.now() - timedelta(hours=i)
        notification = received(child, establishment=school, by=school_user, when=when)
        review(notification, by=school_user, when=when)
        timetable = episode(child)
        event(timetable, by=officer, when=when)
        enquiry(episode(child, kind=EpisodeKind.CME_ENQUIRY), by=officer, when=when)
        note(child, by=officer, when=when, about=timetable)
        ChildMerge.objects.create(
            kept=child, merged=ChildFactory(), reason="Same", merged_by=officer, merged_at=when
        )


def count_queries(child) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        entries = timeline_for(child)
    return len(queries), len(entries)


def test_the_timeline_runs_the_same_queries_for_3_and_30_of_each(
    child, school_a, school_user_a, officer
):
    make_entries(child, school_a, school_user_a, officer, 3)
    few, entries = count_queries(child)
    assert entries == 3 * 6
    make_entries(child, school_a, school_user_a, officer, 27)
    many, entries = count_queries(child)
    assert entries == 30 * 6
    # One query per casework source, and one for referrals' (its receiver).
    assert few == many == len(SOURCES) + 1
