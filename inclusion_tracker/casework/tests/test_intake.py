"""Linking a notification opens or updates the child's episodes; a school's
timetable review updates its episode."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from inclusion_tracker.casework import intake
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import Episode, EpisodeEvent
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.notifications.models import (
    DestinationKnown,
    EarlyYearsMissing,
    Kind,
    Notification,
    OtherMissingEducation,
    OtherReason,
    PartTimeReason,
    PartTimeTimetable,
    RemovalFromRoll,
    ReviewOutcome,
    Status,
    TimetableReview,
)
from inclusion_tracker.school_calendar.school_days import count_school_days

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def sent(kind, school, user, **details):
    notification = Notification.start(kind=kind, user=user, establishment=school)
    notification.first_name, notification.last_name = "Amelia", "Khan"
    notification.date_of_birth = date(2015, 3, 12)
    notification.save()
    model = {
        Kind.PART_TIME_TIMETABLE: PartTimeTimetable,
        Kind.REMOVAL_FROM_ROLL: RemovalFromRoll,
        Kind.OTHER_MISSING_EDUCATION: OtherMissingEducation,
        Kind.EARLY_YEARS: EarlyYearsMissing,
    }[kind]
    model._default_manager.create(notification=notification, **details)
    notification.submit(by=user)
    return notification


def part_time(school, user, **overrides):
    details = dict(
        start_date=TODAY - timedelta(days=7),
        end_date=TODAY + timedelta(days=28),
        first_review_date=TODAY + timedelta(days=7),
        reason=PartTimeReason.HEALTH,
        hours_per_week=Decimal("15"),
    )
    return sent(Kind.PART_TIME_TIMETABLE, school, user, **{**details, **overrides})


@pytest.fixture
def child(school_a):
    return ChildFactory(current_establishment=school_a)


def test_a_part_time_timetable_opens_an_episode_with_its_dates(
    school_a, school_user_a, officer, child
):
    notification = part_time(school_a, school_user_a)
    [episode] = intake.link(notification, child, by=officer)
    assert episode.kind == EpisodeKind.PART_TIME_TIMETABLE
    assert episode.status == "active"
    assert episode.start_date == TODAY - timedelta(days=7)
    assert episode.end_date == TODAY + timedelta(days=28)
    assert episode.review_due == TODAY + timedelta(days=7)
    assert episode.reason == "Medical or health needs"
    assert episode.establishment == school_a
    assert list(episode.notifications.all()) == [notification]
    notification.refresh_from_db()
    assert notification.child == child
    assert notification.status == Status.WITH_INCLUSION_SERVICE
    assert episode.events.get().what == EpisodeEvent.What.OPENED


def test_a_second_part_time_timetable_updates_the_open_episode(
    school_a, school_user_a, officer, child
):
    [first] = intake.link(part_time(school_a, school_user_a), child, by=officer)
    later = part_time(school_a, school_user_a, end_date=TODAY + timedelta(days=50))
    [second] = intake.link(later, child, by=officer)
    assert second.pk == first.pk
    assert second.end_date == TODAY + timedelta(days=50)
    assert second.notifications.count() == 2
    assert second.events.filter(what=EpisodeEvent.What.NOTIFICATION).count() == 1


def test_a_part_time_timetable_at_another_school_opens_its_own_episode(
    school_a, school_b, school_user_a, school_user_b, officer, child
):
    intake.link(part_time(school_a, school_user_a), child, by=officer)
    intake.link(part_time(school_b, school_user_b), child, by=officer)
    assert child.episodes.filter(kind=EpisodeKind.PART_TIME_TIMETABLE).count() == 2


def test_linking_twice_is_refused_and_opens_nothing_more(school_a, school_user_a, officer, child):
    notification = part_time(school_a, school_user_a)
    intake.link(notification, child, by=officer)
    with pytest.raises(intake.AlreadyLinked):
        intake.link(notification, ChildFactory(), by=officer)
    assert Episode.objects.count() == 1


def test_a_removal_with_no_known_destination_opens_a_cme_enquiry(
    school_a, school_user_a, officer, child
):
    notification = sent(
        Kind.REMOVAL_FROM_ROLL,
        school_a,
        school_user_a,
        ground="I",
        deletion_date=TODAY,
        destination_known=DestinationKnown.NOT_KNOWN,
    )
    removal, enquiry = intake.link(notification, child, by=officer)
    assert removal.kind == EpisodeKind.REMOVAL_FROM_ROLL
    assert removal.status == "cme_enquiry"
    assert enquiry.kind == EpisodeKind.CME_ENQUIRY
    assert enquiry.status == "open"
    assert enquiry.parent == removal
    assert "no known destination" in enquiry.events.get(what="opened").summary


def test_a_second_unknown_destination_joins_the_open_cme_enquiry(
    school_a, school_b, school_user_a, school_user_b, officer, child
):
    for school, user in ((school_a, school_user_a), (school_b, school_user_b)):
        notification = sent(
            Kind.REMOVAL_FROM_ROLL,
            school,
            user,
            ground="H",
            destination_known=DestinationKnown.NOT_KNOWN,
        )
        intake.link(notification, child, by=officer)
    assert child.episodes.filter(kind=EpisodeKind.CME_ENQUIRY).count() == 1
    assert child.episodes.filter(kind=EpisodeKind.REMOVAL_FROM_ROLL).count() == 2


def test_a_removal_to_a_known_school_opens_no_enquiry_and_moves_the_child(
    school_a, school_b, school_user_a, officer, child
):
    notification = sent(
        Kind.REMOVAL_FROM_ROLL,
        school_a,
        school_user_a,
        ground="A",
        new_school=school_b,
        destination_known=DestinationKnown.KNOWN,
    )
    [removal] = intake.link(notification, child, by=officer, update_child=True)
    assert removal.status == "checking"
    child.refresh_from_db()
    assert child.current_establishment == school_b


def test_health_needs_expected_past_15_days_is_flagged_as_the_la_duty(
    school_a, school_user_a, officer, child
):
    since = TODAY - timedelta(days=3)
    notification = sent(
        Kind.OTHER_MISSING_EDUCATION,
        school_a,
        school_user_a,
        reason=OtherReason.HEALTH,
        since=since,
        expected_to_miss_15_days=True,
    )
    [episode] = intake.link(notification, child, by=officer)
    assert episode.kind == EpisodeKind.HEALTH_NEEDS
    assert episode.la_duty_applies
    assert count_school_days(since, episode.duty_date) == 15


def test_health_needs_not_expected_past_15_days_is_flagged_once_it_passes(
    school_a, school_user_a, officer, child
):
    notification = sent(
        Kind.OTHER_MISSING_EDUCATION,
        school_a,
        school_user_a,
        reason=OtherReason.HEALTH,
        since=TODAY - timedelta(days=60),
        expected_to_miss_15_days=False,
    )
    [episode] = intake.link(notification, child, by=officer)
    assert episode.duty_date < TODAY
    assert episode.la_duty_applies


def test_other_reasons_open_an_other_missing_education_episode(
    school_a, school_user_a, officer, child
):
    notification = sent(
        Kind.OTHER_MISSING_EDUCATION,
        school_a,
        school_user_a,
        reason=OtherReason.AWAITING_PLACE,
        since=TODAY,
    )
    [episode] = intake.link(notification, child, by=officer)
    assert episode.kind == EpisodeKind.OTHER_MISSING_EDUCATION
    assert not episode.la_duty_applies


def test_early_years_opens_an_early_years_episode(school_a, school_user_a, officer, child):
    notification = sent(Kind.EARLY_YEARS, school_a, school_user_a, last_attended=TODAY)
    [episode] = intake.link(notification, child, by=officer)
    assert episode.kind == EpisodeKind.EARLY_YEARS
    assert episode.start_date == TODAY


def test_update_child_copies_details_and_only_adds_flags(school_a, school_user_a, officer):
    child = ChildFactory(current_establishment=school_a, postcode="LE1 2AB", looked_after=True)
    notification = part_time(school_a, school_user_a)
    notification.postcode, notification.has_ehcp = "LE9 9ZZ", True
    notification.save()
    rows = intake.differences(child, notification)
    assert ("Postcode", "LE1 2AB", "LE9 9ZZ") in rows
    intake.link(notification, child, by=officer, update_child=True)
    child.refresh_from_db()
    assert child.postcode == "LE9 9ZZ"
    assert child.has_ehcp and child.looked_after


def test_without_update_child_the_record_is_unchanged(school_a, school_user_a, officer, child):
    notification = part_time(school_a, school_user_a)
    notification.postcode = "LE9 9ZZ"
    notification.save()
    intake.link(notification, child, by=officer)
    child.refresh_from_db()
    assert child.postcode == "LE1 2AB"


def review(notification, user, outcome, **fields):
    plan = notification.part_time_timetable
    made = TimetableReview.objects.create(
        plan=plan, reviewed_on=TODAY, outcome=outcome, recorded_by=user, **fields
    )
    return intake.apply_timetable_review(made, by=user)


def test_an_extension_from_the_school_updates_the_episode(school_a, school_user_a, officer, child):
    notification = part_time(school_a, school_user_a)
    intake.link(notification, child, by=officer)
    new_end = TODAY + timedelta(days=60)
    episode = review(
        notification,
        school_user_a,
        ReviewOutcome.EXTEND,
        new_end_date=new_end,
        next_review_date=TODAY + timedelta(days=14),
        reason="Needs longer",
    )
    assert episode.status == "extended"
    assert episode.end_date == new_end
    assert episode.review_due == TODAY + timedelta(days=14)
    assert episode.events.filter(what=EpisodeEvent.What.REVIEW).exists()


def test_a_return_to_full_time_closes_the_episode(school_a, school_user_a, officer, child):
    notification = part_time(school_a, school_user_a)
    intake.link(notification, child, by=officer)
    episode = review(notification, school_user_a, ReviewOutcome.RETURNED)
    assert episode.status == CLOSED
    assert episode.outcome == "returned_full_time"
    assert episode.closed_on == TODAY


def test_a_review_before_triage_changes_no_episode(school_a, school_user_a):
    notification = part_time(school_a, school_user_a)
    assert review(notification, school_user_a, ReviewOutcome.CONTINUE) is None


def test_the_schools_review_page_updates_the_episode(
    client_for, school_a, school_user_a, officer, child
):
    notification = part_time(school_a, school_user_a)
    [episode] = intake.link(notification, child, by=officer)
    response = client_for(school_user_a).post(
        f"/notifications/{notification.reference}/review/",
        {
            "reviewed_on_day": TODAY.day,
            "reviewed_on_month": TODAY.month,
            "reviewed_on_year": TODAY.year,
            "outcome": ReviewOutcome.RETURNED,
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.is_closed


# Opened when the school told us ------------------------------------------------


@pytest.mark.parametrize(
    "kind", [Kind.PART_TIME_TIMETABLE, Kind.OTHER_MISSING_EDUCATION, Kind.EARLY_YEARS]
)
def test_an_episode_opens_on_the_day_the_notification_was_submitted(kind, officer, child):
    from inclusion_tracker.casework.tests.factories import submitted_notification

    submitted = timezone.now() - timedelta(days=9)
    notification = submitted_notification(kind, submitted_at=submitted)
    [episode] = intake.link(notification, child, by=officer)
    assert episode.opened_on == timezone.localdate(submitted)


def test_an_automatic_cme_enquiry_opens_on_the_day_the_removal_was_submitted(officer, child):
    from inclusion_tracker.casework.tests.factories import submitted_notification

    # Submitted late on 1 June (UTC), which is already 2 June in London (BST).
    submitted = timezone.make_aware(datetime(2026, 6, 1, 23, 30), UTC)
    notification = submitted_notification(
        Kind.REMOVAL_FROM_ROLL,
        details={"destination_known": DestinationKnown.NOT_KNOWN},
        submitted_at=submitted,
    )
    removal, enquiry = intake.link(notification, child, by=officer)
    assert enquiry.kind == EpisodeKind.CME_ENQUIRY
    assert enquiry.opened_on == removal.opened_on == date(2026, 6, 2)


# A part-time timetable reviewed before triage ----------------------------------


def test_a_timetable_that_returned_to_full_time_before_triage_opens_closed(
    school_a, school_user_a, officer, child
):
    notification = part_time(school_a, school_user_a)
    review(notification, school_user_a, ReviewOutcome.RETURNED)
    notification.part_time_timetable.apply_review(notification.part_time_timetable.reviews.first())
    [episode] = intake.link(notification, child, by=officer)
    assert episode.status == CLOSED
    assert episode.outcome == "returned_full_time"
    assert episode.closed_on == TODAY
    closing = episode.events.get(what=EpisodeEvent.What.STATUS)
    assert closing.by == officer and closing.to_status == CLOSED


def test_a_timetable_ended_for_another_reason_before_triage_opens_closed_on_its_end_day(
    school_a, school_user_a, officer, child
):
    notification = part_time(school_a, school_user_a)
    plan = notification.part_time_timetable
    made = TimetableReview.objects.create(
        plan=plan,
        reviewed_on=TODAY - timedelta(days=2),
        outcome=ReviewOutcome.ENDED_OTHER,
        reason="Moved to alternative provision",
        recorded_by=school_user_a,
    )
    plan.apply_review(made)
    [episode] = intake.link(notification, child, by=officer)
    assert episode.status == CLOSED
    assert episode.outcome == "ended_other"
    assert episode.closed_on == TODAY - timedelta(days=2)
    assert episode.outcome_notes == "Moved to alternative provision"


def test_a_timetable_extended_before_triage_opens_extended(school_a, school_user_a, officer, child):
    notification = part_time(school_a, school_user_a)
    plan = notification.part_time_timetable
    new_end = TODAY + timedelta(days=60)
    made = TimetableReview.objects.create(
        plan=plan,
        reviewed_on=TODAY,
        outcome=ReviewOutcome.EXTEND,
        new_end_date=new_end,
        next_review_date=TODAY + timedelta(days=21),
        recorded_by=school_user_a,
    )
    plan.apply_review(made)
    [episode] = intake.link(notification, child, by=officer)
    assert episode.status == "extended"
    assert episode.end_date == new_end
    assert episode.review_due == TODAY + timedelta(days=21)
    assert episode.events.get(what=EpisodeEvent.What.STATUS).by == officer


def test_a_timetable_continuing_after_its_review_opens_active(
    school_a, school_user_a, officer, child
):
    notification = part_time(school_a, school_user_a)
    plan = notification.part_time_timetable
    plan.apply_review(
        TimetableReview.objects.create(
            plan=plan, reviewed_on=TODAY, outcome=ReviewOutcome.CONTINUE, recorded_by=school_user_a
        )
    )
    [episode] = intake.link(notification, child, by=officer)
    assert episode.status == "active"


def test_a_timetable_extended_then_continued_before_triage_opens_extended(
    school_a, school_user_a, officer, child
):
    notification = part_time(school_a, school_user_a)
    plan = notification.part_time_timetable
    extension = TimetableReview.objects.create(
        plan=plan,
        reviewed_on=TODAY - timedelta(days=2),
        outcome=ReviewOutcome.EXTEND,
        new_end_date=plan.end_date + timedelta(days=30),
        reason="Needs longer",
        recorded_by=school_user_a,
    )
    plan.apply_review(extension)
    plan.apply_review(
        TimetableReview.objects.create(
            plan=plan,
            reviewed_on=TODAY - timedelta(days=1),
            outcome=ReviewOutcome.CONTINUE,
            recorded_by=school_user_a,
        )
    )
    [episode] = intake.link(notification, child, by=officer)
    assert episode.status == "extended"
    assert episode.end_date == plan.end_date
