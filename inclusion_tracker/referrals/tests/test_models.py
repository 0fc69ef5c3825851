"""The referral's rules, whatever page or command uses them: consent, the
status changes allowed and their dates, retired services, the worklist's
boundary in school days, and which referrals a school user may see."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from inclusion_tracker.casework.episode_kinds import CLOSED
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.referrals.models import (
    NO_CONSENT_MESSAGE,
    Referral,
    ReferralEvent,
    TransitionNotAllowed,
)
from inclusion_tracker.referrals.statuses import TRANSITIONS, ReferralStatus
from inclusion_tracker.referrals.tests.helpers import make_referral, open_episode
from inclusion_tracker.school_calendar.deadlines import referral_threshold_cutoff
from inclusion_tracker.school_calendar.school_days import add_school_days
from inclusion_tracker.support.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict:
    return error.value.message_dict


# Consent ------------------------------------------------------------------


def test_a_referral_without_consent_is_refused_without_a_safeguarding_reason(officer):
    with pytest.raises(ValidationError) as error:
        make_referral(officer, parent_consented=False, consent_date=None, safeguarding_reason=" ")
    assert messages_of(error) == {"safeguarding_reason": [NO_CONSENT_MESSAGE]}
    assert NO_CONSENT_MESSAGE == (
        "Enter the safeguarding reason for referring without the parent's consent"
    )
    assert not Referral.objects.exists()


def test_a_referral_without_consent_is_recorded_with_a_safeguarding_reason(officer):
    referral = make_referral(
        officer, parent_consented=False, consent_date=None, safeguarding_reason="At risk of harm"
    )
    assert referral.safeguarding_reason == "At risk of harm"
    assert referral.consent_date is None


def test_consent_needs_its_date(officer):
    with pytest.raises(ValidationError) as error:
        make_referral(officer, parent_consented=True, consent_date=None)
    assert messages_of(error) == {"consent_date": ["Enter the date the parent consented"]}


def test_consent_cannot_be_given_after_the_referral_was_made(officer):
    made_on = date(2026, 3, 2)
    with pytest.raises(ValidationError) as error:
        make_referral(officer, made_on=made_on, consent_date=date(2026, 3, 3))
    assert messages_of(error) == {
        "consent_date": [
            "Date the parent consented must be the same as or before the date the referral "
            "was made, 2 March 2026"
        ]
    }


def test_a_referral_cannot_be_made_in_the_future(officer):
    tomorrow = TODAY() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        make_referral(officer, made_on=tomorrow, consent_date=TODAY())
    assert messages_of(error)["made_on"] == [
        "Date the referral was made must be today or in the past"
    ]


def test_with_consent_a_safeguarding_reason_is_not_kept(officer):
    referral = make_referral(officer, safeguarding_reason="Typed, then consent given")
    assert referral.safeguarding_reason == ""


def test_the_database_refuses_a_referral_without_consent_or_reason(officer):
    referral = make_referral(officer)
    with pytest.raises(IntegrityError):
        Referral.objects.filter(pk=referral.pk).update(
            parent_consented=False, safeguarding_reason=""
        )


# Services and episodes ---------------------------------------------------------


def test_a_new_referral_must_be_to_a_service_still_offered(officer):
    service = ServiceFactory()
    service.retire()
    with pytest.raises(ValidationError) as error:
        make_referral(officer, service=service)
    assert messages_of(error) == {"service": ["Select a service that is still offered"]}


def test_a_retired_service_stays_on_its_old_referrals(officer):
    service = ServiceFactory()
    referral = make_referral(officer, service=service)
    service.retire()
    referral.refresh_from_db()
    assert referral.service == service
    # Its status still changes.
    referral.change_status(ReferralStatus.ACCEPTED, by=officer)
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_referral_is_made_from_an_open_episode(officer, manager):
    episode = open_episode()
    episode.change_status(CLOSED, by=manager, outcome="returned_full_time")
    with pytest.raises(ValidationError) as error:
        make_referral(officer, episode=episode)
    assert messages_of(error) == {"episode": ["Select an open episode"]}


def test_the_child_is_the_episodes_child(officer):
    child = ChildFactory()
    referral = make_referral(officer, episode=open_episode(child))
    assert referral.child == child


def test_recording_writes_the_first_history_row(officer):
    referral = make_referral(officer, made_on=date(2026, 3, 2), consent_date=date(2026, 3, 1))
    event = referral.events.get()
    assert (event.what, event.to_status, event.on, event.by) == (
        ReferralEvent.What.MADE,
        ReferralStatus.MADE,
        date(2026, 3, 2),
        officer,
    )


# Status changes -------------------------------------------------------------------

ALLOWED = [(before, after) for before, afters in TRANSITIONS.items() for after in afters]


def referral_at(status, officer):
    referral = make_referral(officer, made_on=TODAY() - timedelta(days=10))
    path = {
        ReferralStatus.MADE: [],
        ReferralStatus.ACCEPTED: [ReferralStatus.ACCEPTED],
        ReferralStatus.DECLINED: [ReferralStatus.DECLINED],
        ReferralStatus.WITHDRAWN: [ReferralStatus.WITHDRAWN],
        ReferralStatus.COMPLETED: [ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED],
    }[status]
    for step in path:
        referral.change_status(step, by=officer, on=TODAY() - timedelta(days=9), outcome="Done")
    return referral


def test_the_allowed_changes_are_exactly_these():
    assert sorted(ALLOWED) == sorted(
        [
            ("made", "accepted"),
            ("made", "declined"),
            ("made", "withdrawn"),
            ("accepted", "completed"),
            ("accepted", "withdrawn"),
        ]
    )


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_each_allowed_change_is_made_and_dated(officer, manager, before, after):
    referral = referral_at(before, officer)
    on = TODAY() - timedelta(days=2)
    event = referral.change_status(after, by=manager, on=on, outcome="What happened")
    referral.refresh_from_db()
    assert referral.status == after
    assert (event.from_status, event.to_status, event.on, event.by) == (before, after, on, manager)
    assert referral.version >= 2


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("made", "completed"),
        ("accepted", "declined"),
        ("accepted", "made"),
        ("declined", "accepted"),
        ("completed", "accepted"),
        ("withdrawn", "made"),
    ],
)
def test_a_change_not_in_the_table_is_refused_with_a_message(officer, before, after):
    referral = referral_at(before, officer)
    events = referral.events.count()
    with pytest.raises(TransitionNotAllowed) as refused:
        referral.change_status(after, by=officer, outcome="x")
    assert str(refused.value) == (
        f"The referral's status cannot change from ‘{before.capitalize()}’ "
        f"to ‘{after.capitalize()}’"
    )
    referral.refresh_from_db()
    assert referral.status == before
    assert referral.events.count() == events


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("made", "declined", "Enter why the service declined the referral"),
        ("accepted", "completed", "Enter the outcome of the referral"),
    ],
)
def test_declining_and_completing_need_the_outcome(officer, before, after, message):
    referral = referral_at(before, officer)
    with pytest.raises(TransitionNotAllowed) as refused:
        referral.change_status(after, by=officer, outcome="  ")
    assert str(refused.value) == message


def test_the_outcome_is_kept_on_the_referral(officer):
    referral = referral_at(ReferralStatus.ACCEPTED, officer)
    referral.change_status(ReferralStatus.COMPLETED, by=officer, outcome="Six sessions held")
    referral.refresh_from_db()
    assert referral.outcome == "Six sessions held"


def test_a_change_cannot_be_dated_before_the_referral_was_made(officer):
    referral = make_referral(officer, made_on=date(2026, 3, 2), consent_date=date(2026, 3, 2))
    with pytest.raises(TransitionNotAllowed) as refused:
        referral.change_status(ReferralStatus.ACCEPTED, by=officer, on=date(2026, 3, 1))
    assert str(refused.value) == (
        "Date of the change must be the same as or after the date the referral was made, "
        "2 March 2026"
    )


def test_a_change_cannot_be_dated_before_the_last_change(officer):
    referral = make_referral(officer, made_on=date(2026, 3, 2), consent_date=date(2026, 3, 2))
    referral.change_status(ReferralStatus.ACCEPTED, by=officer, on=date(2026, 3, 10))
    with pytest.raises(TransitionNotAllowed) as refused:
        referral.change_status(ReferralStatus.WITHDRAWN, by=officer, on=date(2026, 3, 9))
    assert str(refused.value) == (
        "Date of the change must be the same as or after the last change, 10 March 2026"
    )


def test_a_change_cannot_be_dated_in_the_future(officer):
    referral = make_referral(officer)
    with pytest.raises(TransitionNotAllowed) as refused:
        referral.change_status(ReferralStatus.ACCEPTED, by=officer, on=TODAY() + timedelta(days=1))
    assert str(refused.value) == "Date of the change must be today or in the past"


def test_a_change_without_a_date_is_dated_today(officer):
    referral = make_referral(officer)
    event = referral.change_status(ReferralStatus.ACCEPTED, by=officer)
    assert event.on == TODAY()


# The worklist's rule --------------------------------------------------------------

WEDNESDAY = date(2025, 6, 11)


def made(officer, on, status=ReferralStatus.MADE):
    referral = make_referral(officer, made_on=on, consent_date=on)
    if status != ReferralStatus.MADE:
        referral.change_status(status, by=officer, on=on, outcome="Done")
    return referral


def overdue_pks(today):
    return set(Referral.objects.overdue(today).values_list("pk", flat=True))


def test_the_worklist_boundary_is_the_threshold_in_school_days(officer, settings):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 20
    at = add_school_days(WEDNESDAY, -20)
    day_before = made(officer, add_school_days(at, -1))
    at_threshold = made(officer, at)
    day_after = made(officer, add_school_days(at, 1))
    assert overdue_pks(WEDNESDAY) == {day_before.pk}
    assert day_before.school_days_since_made(WEDNESDAY) == 21
    assert at_threshold.school_days_since_made(WEDNESDAY) == 20
    assert day_after.school_days_since_made(WEDNESDAY) == 19
    assert day_before.is_overdue(WEDNESDAY)
    assert not at_threshold.is_overdue(WEDNESDAY)
    assert not day_after.is_overdue(WEDNESDAY)


def test_the_worklist_holds_made_and_accepted_referrals_only(officer, settings):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 5
    old = date(2025, 5, 1)
    kept = {made(officer, old).pk, made(officer, old, ReferralStatus.ACCEPTED).pk}
    for status in (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN):
        made(officer, old, status)
    completed = made(officer, old, ReferralStatus.ACCEPTED)
    completed.change_status(ReferralStatus.COMPLETED, by=officer, on=old, outcome="Done")
    assert overdue_pks(WEDNESDAY) == kept


def test_the_worklist_counts_school_days_not_weekends_or_bank_holidays(officer, settings):
    # Wednesday 28 May 2025 comes after the spring bank holiday (Monday 26 May):
    # three school days back is Thursday 22 May.
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 3
    today = date(2025, 5, 28)
    thursday = made(officer, date(2025, 5, 22))
    wednesday = made(officer, date(2025, 5, 21))
    assert overdue_pks(today) == {wednesday.pk}
    assert thursday.pk not in overdue_pks(today)


def test_the_worklist_follows_the_setting(officer, settings):
    referral = made(officer, date(2025, 6, 3))  # a Tuesday
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 5
    assert overdue_pks(WEDNESDAY) == {referral.pk}
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 6
    assert overdue_pks(WEDNESDAY) == set()


def test_a_weekend_does_not_move_the_cutoff(settings):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 1
    friday, saturday, sunday = date(2025, 6, 13), date(2025, 6, 14), date(2025, 6, 15)
    assert referral_threshold_cutoff(saturday) == referral_threshold_cutoff(friday)
    assert referral_threshold_cutoff(sunday) == referral_threshold_cutoff(friday)


# What a school user may see -----------------------------------------------------------


def test_school_users_see_referrals_for_their_own_pupils_only(
    officer, school_user_a, school_a, school_b, main_contact_a
):
    at_school = make_referral(officer, episode=open_episode(establishment=school_a))
    on_roll = make_referral(
        officer, episode=open_episode(ChildFactory(current_establishment=school_a))
    )
    elsewhere = make_referral(
        officer,
        episode=open_episode(ChildFactory(current_establishment=school_b), establishment=school_b),
    )
    seen = set(Referral.objects.for_school_user(school_user_a).values_list("pk", flat=True))
    assert seen == {at_school.pk, on_roll.pk}
    assert elsewhere.pk not in seen
    assert set(Referral.objects.for_school_user(main_contact_a)) == {at_school, on_roll}


@pytest.mark.parametrize("who", ["officer", "manager", "admin", "outsider"])
def test_only_school_users_have_pupils(cast, officer, school_a, who):
    make_referral(officer, episode=open_episode(establishment=school_a))
    assert not Referral.objects.for_school_user(cast[who]).exists()


def test_the_worklist_counts_in_the_episodes_establishments_school_days(
    officer, settings, school_a, school_b
):
    from inclusion_tracker.school_calendar import school_days
    from inclusion_tracker.school_calendar.models import NonSchoolDay

    # Wednesday 11 June 2025, threshold 3: in the local authority's calendar,
    # a referral made on Thursday 5 June is past it. School A closed on
    # Monday 9 June (an INSET day), so for its pupils it is not yet.
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 3
    NonSchoolDay.objects.create(establishment=school_a, date=date(2025, 6, 9))
    school_days.clear_cache()
    thursday = date(2025, 6, 5)
    at_a = made_at(officer, school_a, thursday)
    at_b = made_at(officer, school_b, thursday)
    nowhere = made_at(officer, None, thursday)
    assert overdue_pks(WEDNESDAY) == {at_b.pk, nowhere.pk}
    assert at_a.school_days_since_made(WEDNESDAY) == 3
    assert at_b.school_days_since_made(WEDNESDAY) == 4
    assert not at_a.is_overdue(WEDNESDAY)
    assert at_b.is_overdue(WEDNESDAY)


def made_at(officer, establishment, on):
    return make_referral(
        officer, episode=open_episode(establishment=establishment), made_on=on, consent_date=on
    )
