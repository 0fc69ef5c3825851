"""Worklists: each list's membership rule (with its boundary dates), the
index's counts, filtering, server-side sorting, query counts, scope and a
team manager's bulk assignment."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import CLOSED, WORKFLOWS, EpisodeKind
from inclusion_tracker.casework.models import Episode, EpisodeEvent
from inclusion_tracker.casework.worklists import BY_SLUG, WORKLISTS
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.notifications.models import (
    DestinationKnown,
    Kind,
    Notification,
    RemovalFromRoll,
)
from inclusion_tracker.school_calendar.deadlines import due_state, is_overdue
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.school_calendar.school_days import (
    add_school_days,
    last_school_day_on_or_before,
)

# A Wednesday: its week ends on Sunday 15 June 2025.
WEDNESDAY = date(2025, 6, 11)
SUNDAY = date(2025, 6, 15)
NEXT_MONDAY = date(2025, 6, 16)

pytestmark = pytest.mark.django_db


@pytest.fixture
def la_terms():
    """The LA's summer half-terms of 2024/25, with the half-term holiday of
    26 to 30 May 2025 between them."""
    Term.objects.create(
        academic_year=2024, name="Summer 1", first_day=date(2025, 4, 22), last_day=date(2025, 5, 23)
    )
    Term.objects.create(
        academic_year=2024, name="Summer 2", first_day=date(2025, 6, 2), last_day=date(2025, 7, 22)
    )


def episode(kind=EpisodeKind.PART_TIME_TIMETABLE, **fields):
    if "child" not in fields:
        fields["child"] = ChildFactory()
    return Episode.objects.create(kind=kind, **fields)


def closed(kind=EpisodeKind.PART_TIME_TIMETABLE, **fields):
    return episode(kind, status=CLOSED, **fields)


def members(queryset):
    return set(queryset.values_list("pk", flat=True))


def removal(destination_known, user, establishment, **fields):
    """A removal-from-roll episode with the school's notification attached."""
    notification = Notification.start(
        kind=Kind.REMOVAL_FROM_ROLL, user=user, establishment=establishment
    )
    RemovalFromRoll.objects.create(notification=notification, destination_known=destination_known)
    found = episode(EpisodeKind.REMOVAL_FROM_ROLL, **fields)
    found.notifications.add(notification)
    return found, notification


# Membership rules ------------------------------------------------------------


def test_caseload_holds_my_open_episodes_only(officer, manager):
    mine = episode(owner=officer)
    theirs = episode(owner=manager)
    nobodys = episode()
    mine_closed = closed(owner=officer)
    caseload = members(Episode.objects.caseload(officer))
    assert mine.pk in caseload
    assert {theirs.pk, nobodys.pk, mine_closed.pk}.isdisjoint(caseload)


def test_unassigned_holds_open_episodes_without_an_owner(officer):
    nobodys = episode(kind=EpisodeKind.CME_ENQUIRY)
    mine = episode(owner=officer)
    nobodys_closed = closed()
    unassigned = members(Episode.objects.unassigned())
    assert nobodys.pk in unassigned
    assert {mine.pk, nobodys_closed.pk}.isdisjoint(unassigned)


def test_reviews_due_runs_to_the_end_of_this_week_and_includes_overdue():
    on_sunday = episode(review_due=SUNDAY)
    today = episode(review_due=WEDNESDAY)
    yesterday = episode(review_due=WEDNESDAY - timedelta(days=1))
    next_monday = episode(review_due=NEXT_MONDAY)
    no_date = episode(review_due=None)
    ended = closed(review_due=WEDNESDAY - timedelta(days=1))
    other_kind = episode(EpisodeKind.HEALTH_NEEDS, review_due=WEDNESDAY)
    due = members(Episode.objects.reviews_due(WEDNESDAY))
    assert due == {on_sunday.pk, today.pk, yesterday.pk}
    assert {next_monday.pk, no_date.pk, ended.pk, other_kind.pk}.isdisjoint(due)


def test_reviews_due_on_a_sunday_looks_at_the_school_week_ahead():
    on_sunday = episode(review_due=SUNDAY)
    next_monday = episode(review_due=NEXT_MONDAY)
    next_sunday = episode(review_due=NEXT_MONDAY + timedelta(days=6))
    week_after = episode(review_due=NEXT_MONDAY + timedelta(days=7))
    due = members(Episode.objects.reviews_due(SUNDAY))
    assert due == {on_sunday.pk, next_monday.pk, next_sunday.pk}
    assert week_after.pk not in due


def test_reviews_due_in_a_half_term_looks_at_the_week_school_starts_again(la_terms):
    # Half-term: Monday 26 May to Friday 30 May 2025 (la_terms); school starts
    # again on Monday 2 June, so its week is "this week".
    in_half_term = date(2025, 5, 27)
    first_day_back = episode(review_due=date(2025, 6, 2))
    end_of_that_week = episode(review_due=date(2025, 6, 8))
    following_week = episode(review_due=date(2025, 6, 9))
    due = members(Episode.objects.reviews_due(in_half_term))
    assert due == {first_day_back.pk, end_of_that_week.pk}
    assert following_week.pk not in due


def test_a_review_due_on_friday_is_overdue_on_monday_not_at_the_weekend():
    friday = date(2025, 6, 13)
    due_friday = episode(review_due=friday)
    assert is_overdue(friday, date(2025, 6, 14)) is False
    assert is_overdue(friday, date(2025, 6, 15)) is False
    assert is_overdue(friday, date(2025, 6, 16)) is True
    assert due_state(friday, friday) == "due this week"
    assert due_friday.pk in members(Episode.objects.reviews_due(date(2025, 6, 14)))


def test_past_end_date_holds_timetables_that_ended_yesterday_or_before():
    yesterday = episode(end_date=WEDNESDAY - timedelta(days=1))
    today = episode(end_date=WEDNESDAY)
    ended = closed(end_date=WEDNESDAY - timedelta(days=5))
    other_kind = episode(
        EpisodeKind.OTHER_MISSING_EDUCATION, end_date=WEDNESDAY - timedelta(days=5)
    )
    past = members(Episode.objects.past_end_date(WEDNESDAY))
    assert past == {yesterday.pk}
    assert {today.pk, ended.pk, other_kind.pk}.isdisjoint(past)


def test_past_end_date_follows_each_schools_own_calendar(la_terms):
    # Tuesday 10 June 2025 is an INSET day at the academy only: a plan there
    # that ended on Monday 9 June is not past its end on the Tuesday (no
    # school day has passed since), while one at an LA school is.
    academy = EstablishmentFactory()
    la_school = EstablishmentFactory()
    NonSchoolDay.objects.create(establishment=academy, date=date(2025, 6, 10))
    monday = date(2025, 6, 9)
    at_academy = episode(end_date=monday, establishment=academy)
    at_la_school = episode(end_date=monday, establishment=la_school)
    no_school = episode(end_date=monday)
    past = members(Episode.objects.past_end_date(date(2025, 6, 10)))
    assert past == {at_la_school.pk, no_school.pk}
    assert at_academy.pk in members(Episode.objects.past_end_date(date(2025, 6, 11)))


def test_past_end_date_waits_for_the_first_day_back_after_half_term(la_terms):
    ended_before_half_term = episode(end_date=date(2025, 5, 23))
    assert members(Episode.objects.past_end_date(date(2025, 5, 30))) == set()
    assert members(Episode.objects.past_end_date(date(2025, 6, 2))) == {ended_before_half_term.pk}


def test_cme_overdue_counts_school_days(settings):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 20
    threshold = add_school_days(WEDNESDAY, -20)
    exactly = episode(EpisodeKind.CME_ENQUIRY, opened_on=threshold)
    one_more = episode(EpisodeKind.CME_ENQUIRY, opened_on=add_school_days(threshold, -1))
    ended = closed(EpisodeKind.CME_ENQUIRY, opened_on=date(2025, 1, 6))
    other_kind = episode(EpisodeKind.REMOVAL_FROM_ROLL, opened_on=date(2025, 1, 6))
    overdue = members(Episode.objects.cme_overdue(WEDNESDAY))
    assert overdue == {one_more.pk}
    assert {exactly.pk, ended.pk, other_kind.pk}.isdisjoint(overdue)


def test_cme_overdue_skips_a_bank_holiday(settings):
    # Wednesday 28 May 2025 comes after the spring bank holiday (Monday 26 May):
    # three school days back is Thursday 22 May, not Friday 23 May.
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 3
    today = date(2025, 5, 28)
    thursday = episode(EpisodeKind.CME_ENQUIRY, opened_on=date(2025, 5, 22))
    wednesday = episode(EpisodeKind.CME_ENQUIRY, opened_on=date(2025, 5, 21))
    assert members(Episode.objects.cme_overdue(today)) == {wednesday.pk}
    assert thursday.pk not in members(Episode.objects.cme_overdue(today))


def test_cme_overdue_follows_the_setting(settings):
    opened = episode(EpisodeKind.CME_ENQUIRY, opened_on=date(2025, 6, 3))  # a Tuesday
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 20
    assert members(Episode.objects.cme_overdue(WEDNESDAY)) == set()
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 5
    assert members(Episode.objects.cme_overdue(WEDNESDAY)) == {opened.pk}
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 6
    assert members(Episode.objects.cme_overdue(WEDNESDAY)) == set()


def test_cme_overdue_description_names_the_setting(settings):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 12
    assert "longer than 12 school days" in BY_SLUG["cme-overdue"].description


def test_health_past_trigger_from_the_duty_date():
    today = episode(EpisodeKind.HEALTH_NEEDS, duty_date=WEDNESDAY)
    earlier = episode(EpisodeKind.HEALTH_NEEDS, duty_date=WEDNESDAY - timedelta(days=7))
    tomorrow = episode(EpisodeKind.HEALTH_NEEDS, duty_date=WEDNESDAY + timedelta(days=1))
    ended = closed(EpisodeKind.HEALTH_NEEDS, duty_date=WEDNESDAY - timedelta(days=7))
    other_kind = episode(EpisodeKind.OTHER_MISSING_EDUCATION, duty_date=WEDNESDAY)
    arranging = episode(EpisodeKind.HEALTH_NEEDS, duty_date=WEDNESDAY, status="la_arranging")
    # Education in place: the duty is met, nothing more to chase.
    arranged = episode(EpisodeKind.HEALTH_NEEDS, duty_date=WEDNESDAY, status="education_arranged")
    past = members(Episode.objects.health_past_trigger(WEDNESDAY))
    assert past == {today.pk, earlier.pk, arranging.pk}
    assert {tomorrow.pk, ended.pk, other_kind.pk, arranged.pk}.isdisjoint(past)


def test_health_duty_date_is_the_fifteenth_school_day():
    # Monday 2 June 2025 + 15 school days (no bank holidays) = Friday 20 June.
    started = episode(EpisodeKind.HEALTH_NEEDS, start_date=date(2025, 6, 2))
    assert started.duty_date == date(2025, 6, 20)
    assert members(Episode.objects.health_past_trigger(date(2025, 6, 19))) == set()
    assert members(Episode.objects.health_past_trigger(date(2025, 6, 20))) == {started.pk}


def test_no_destination_holds_open_removals_whose_destination_is_not_known(school_user_a, school_a):
    not_known, _ = removal(DestinationKnown.NOT_KNOWN, school_user_a, school_a)
    known, _ = removal(DestinationKnown.KNOWN, school_user_a, school_a)
    ended, _ = removal(DestinationKnown.NOT_KNOWN, school_user_a, school_a, status=CLOSED)
    without_notification = episode(EpisodeKind.REMOVAL_FROM_ROLL)
    in_cme, _ = removal(DestinationKnown.NOT_KNOWN, school_user_a, school_a, status="cme_enquiry")
    # The officer found where the child went: no longer without a destination.
    confirmed, _ = removal(
        DestinationKnown.NOT_KNOWN, school_user_a, school_a, status="destination_confirmed"
    )
    found = members(Episode.objects.removals_without_destination())
    assert found == {not_known.pk, in_cme.pk}
    assert {known.pk, ended.pk, without_notification.pk, confirmed.pk}.isdisjoint(found)


def late_removal(deleted_on, sent_at, user, establishment, **fields):
    found, notification = removal(DestinationKnown.KNOWN, user, establishment, **fields)
    RemovalFromRoll.objects.filter(notification=notification).update(deletion_date=deleted_on)
    Notification.objects.filter(pk=notification.pk).update(submitted_at=sent_at)
    return found


def test_removals_notified_late_hold_returns_sent_after_the_deletion(school_user_a, school_a):
    deleted = date(2025, 6, 11)
    # 23:30 on the deletion day in London is still that day (UTC 22:30).
    on_the_day = late_removal(
        deleted, timezone.make_aware(datetime(2025, 6, 11, 23, 30)), school_user_a, school_a
    )
    day_before = late_removal(
        deleted, timezone.make_aware(datetime(2025, 6, 10, 9)), school_user_a, school_a
    )
    day_after = late_removal(
        deleted, timezone.make_aware(datetime(2025, 6, 12, 0, 30)), school_user_a, school_a
    )
    closed_late = late_removal(
        deleted,
        timezone.make_aware(datetime(2025, 6, 20, 9)),
        school_user_a,
        school_a,
        status=CLOSED,
    )
    late = members(Episode.objects.removals_notified_late())
    assert late == {day_after.pk}
    assert {on_the_day.pk, day_before.pk, closed_late.pk}.isdisjoint(late)


def test_no_destination_lists_an_episode_once_however_many_notifications(school_user_a, school_a):
    found, _ = removal(DestinationKnown.NOT_KNOWN, school_user_a, school_a)
    second = Notification.start(
        kind=Kind.REMOVAL_FROM_ROLL, user=school_user_a, establishment=school_a
    )
    RemovalFromRoll.objects.create(notification=second, destination_known="not_known")
    found.notifications.add(second)
    listed = list(Episode.objects.removals_without_destination())
    assert listed == [found]
    assert Episode.objects.removals_without_destination().count() == 1


def test_awaiting_approval_holds_cme_enquiries_waiting_for_a_manager(officer, manager):
    waiting = episode(EpisodeKind.CME_ENQUIRY)
    waiting.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    sent_back = episode(EpisodeKind.CME_ENQUIRY)
    sent_back.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    sent_back.change_status("open", by=manager, notes="Try the GP")
    approved = episode(EpisodeKind.CME_ENQUIRY)
    approved.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    approved.change_status(CLOSED, by=manager)
    episode(EpisodeKind.CME_ENQUIRY)
    today = timezone.localdate()
    assert members(BY_SLUG["awaiting-approval"].episodes(manager, today)) == {waiting.pk}


def test_every_worklist_has_a_title_a_description_and_a_unique_slug():
    assert len({worklist.slug for worklist in WORKLISTS}) == len(WORKLISTS) == 9
    for worklist in WORKLISTS:
        assert worklist.title and worklist.description.endswith(".")


# Scope -----------------------------------------------------------------------


WORKLIST_URL = reverse("casework:worklist", args=["unassigned"])
INDEX_URL = reverse("casework:worklists")


@pytest.mark.parametrize("url", [INDEX_URL, WORKLIST_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


@pytest.mark.parametrize("who", ["school_user_a", "main_contact_a", "outsider"])
@pytest.mark.parametrize("url", [INDEX_URL, WORKLIST_URL])
def test_school_users_and_outsiders_get_not_found(cast, client_for, who, url):
    assert client_for(cast[who]).get(url).status_code == 404


@pytest.mark.parametrize("who", ["officer", "manager", "admin"])
@pytest.mark.parametrize("url", [INDEX_URL, WORKLIST_URL])
def test_la_staff_see_worklists(cast, client_for, who, url):
    assert client_for(cast[who]).get(url).status_code == 200


def test_an_unknown_worklist_is_not_found(client_for, officer):
    response = client_for(officer).get(reverse("casework:worklist", args=["nothing"]))
    assert response.status_code == 404


@pytest.mark.parametrize("worklist", [worklist.slug for worklist in WORKLISTS])
def test_every_worklist_page_shows(client_for, manager, worklist):
    episode(owner=manager)
    response = client_for(manager).get(reverse("casework:worklist", args=[worklist]))
    assert response.status_code == 200
    assert BY_SLUG[worklist].title in page_text(response)


# The index -------------------------------------------------------------------


def test_index_shows_each_worklists_count(client_for, officer, school_user_a, school_a):
    today = timezone.localdate()
    episode(owner=officer)
    episode(owner=officer, review_due=today)
    episode(EpisodeKind.HEALTH_NEEDS, duty_date=today)
    removal(DestinationKnown.NOT_KNOWN, school_user_a, school_a)
    closed(owner=officer)
    page = page_text(client_for(officer).get(INDEX_URL))
    assert 'id="count-my-caseload">2<' in page
    assert 'id="count-unassigned">2<' in page
    assert 'id="count-reviews-due">1<' in page
    assert 'id="count-health-15-days">1<' in page
    assert 'id="count-no-destination">1<' in page
    assert 'id="count-past-end-date">0<' in page
    assert 'id="count-cme-overdue">0<' in page
    assert reverse("casework:worklist", args=["reviews-due"]) in page


def test_index_issues_one_count_per_worklist_however_many_episodes(client_for, officer):
    client = client_for(officer)
    episode(owner=officer)
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX_URL)
    for _ in range(20):
        episode(owner=officer, review_due=timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        client.get(INDEX_URL)
    assert len(few) == len(many)


# One worklist: rows, filters and sorting ------------------------------------


@pytest.fixture
def three_unassigned(school_a, school_b):
    """Three unassigned episodes that sort differently by every column."""
    today = timezone.localdate()
    adams = episode(
        EpisodeKind.CME_ENQUIRY,
        child=ChildFactory(legal_first_name="Cara", legal_last_name="Adams"),
        opened_on=today - timedelta(days=10),
        establishment=school_b,
    )
    brown = episode(
        EpisodeKind.EARLY_YEARS,
        child=ChildFactory(legal_first_name="Ben", legal_last_name="Brown"),
        status="contact_made",
        opened_on=today - timedelta(days=30),
        establishment=school_a,
    )
    clark = episode(
        EpisodeKind.HEALTH_NEEDS,
        child=ChildFactory(legal_first_name="Alf", legal_last_name="Clark", looked_after=True),
        status="la_arranging",
        opened_on=today - timedelta(days=20),
    )
    return adams, brown, clark


def rows(response):
    assert response.status_code == 200
    return [row["episode"] for row in response.context["rows"]]


def test_a_worklist_shows_its_rows_and_count(client_for, officer, three_unassigned):
    adams, brown, clark = three_unassigned
    response = client_for(officer).get(WORKLIST_URL)
    page = page_text(response)
    assert "3 episodes" in page
    assert reverse("casework:child", args=[adams.child.pk]) in page
    assert reverse("casework:episode", args=[adams.pk]) in page
    assert "Family contacted" in page and "govuk-tag--green" in page
    assert "Looked after" in page  # Clark's flag badge
    assert "Unassigned" in page
    assert "Not known" in page  # Clark's episode has no establishment


def test_a_worklist_writes_a_view_audit_event_without_personal_data(
    client_for, officer, three_unassigned
):
    client_for(officer).get(WORKLIST_URL)
    event = AuditEvent.objects.filter(action=Action.VIEW, actor=officer).latest("pk")
    assert event.summary == "Listed worklist Unassigned, page 1"


@pytest.mark.parametrize(
    "sort, ascending",
    [
        ("child", ["adams", "brown", "clark"]),
        ("type", ["adams", "brown", "clark"]),
        ("status", ["adams", "brown", "clark"]),
        ("date", ["brown", "clark", "adams"]),
    ],
)
def test_a_worklist_sorts_by_each_column_both_ways(
    client_for, officer, three_unassigned, sort, ascending
):
    by_name = dict(zip(["adams", "brown", "clark"], three_unassigned, strict=True))
    client = client_for(officer)
    expected = [by_name[name] for name in ascending]
    response = client.get(WORKLIST_URL, {"sort": sort, "dir": "asc"})
    assert rows(response) == expected
    assert 'aria-sort="ascending"' in page_text(response)
    response = client.get(WORKLIST_URL, {"sort": sort, "dir": "desc"})
    assert rows(response) == expected[::-1]
    assert 'aria-sort="descending"' in page_text(response)


def test_sorting_by_establishment_puts_episodes_without_one_last(
    client_for, officer, three_unassigned
):
    adams, brown, clark = three_unassigned
    client = client_for(officer)
    assert rows(client.get(WORKLIST_URL, {"sort": "establishment"})) == [brown, adams, clark]
    assert rows(client.get(WORKLIST_URL, {"sort": "establishment", "dir": "desc"})) == [
        adams,
        brown,
        clark,
    ]


def test_a_worklist_sorts_by_key_date_oldest_first_by_default(
    client_for, officer, three_unassigned
):
    adams, brown, clark = three_unassigned
    assert rows(client_for(officer).get(WORKLIST_URL)) == [brown, clark, adams]
    assert rows(client_for(officer).get(WORKLIST_URL, {"sort": "nonsense", "dir": "up"})) == [
        brown,
        clark,
        adams,
    ]


def test_sort_links_keep_the_filters_and_flip_the_direction(client_for, officer, three_unassigned):
    response = client_for(officer).get(
        WORKLIST_URL, {"sort": "child", "dir": "asc", "kind": "early_years", "page": "1"}
    )
    headers = {header["key"]: header for header in response.context["headers"]}
    assert headers["child"]["href"] == f"{WORKLIST_URL}?sort=child&dir=desc&kind=early_years"
    assert headers["child"]["aria_sort"] == "ascending"
    assert headers["owner"]["href"] == f"{WORKLIST_URL}?sort=owner&dir=asc&kind=early_years"
    assert headers["owner"]["aria_sort"] == "none"


def test_owners_sort_by_name_with_unassigned_last(client_for, officer):
    today = timezone.localdate()
    zoe = UserFactory(full_name="Zoe Young", role=Role.INCLUSION_OFFICER)
    adam = UserFactory(full_name="Adam Ash", role=Role.INCLUSION_OFFICER)
    zoes = episode(owner=zoe, review_due=today)
    nobodys = episode(review_due=today)
    adams = episode(owner=adam, review_due=today)
    url = reverse("casework:worklist", args=["reviews-due"])
    client = client_for(officer)
    assert rows(client.get(url, {"sort": "owner"})) == [adams, zoes, nobodys]
    assert rows(client.get(url, {"sort": "owner", "dir": "desc"})) == [zoes, adams, nobodys]


def test_filter_by_kind(client_for, officer, three_unassigned):
    adams, brown, clark = three_unassigned
    response = client_for(officer).get(WORKLIST_URL, {"kind": "early_years"})
    assert rows(response) == [brown]
    page = page_text(response)
    assert "1 episode<" in page
    assert "Selected filters" in page and "Clear filters" in page


def test_filter_by_establishment(client_for, officer, three_unassigned):
    adams, brown, clark = three_unassigned
    assert rows(client_for(officer).get(WORKLIST_URL, {"establishment": "beta"})) == [adams]
    assert rows(client_for(officer).get(WORKLIST_URL, {"establishment": "900001"})) == [brown]


def test_filter_by_flags_shows_children_with_any_of_them(client_for, officer, three_unassigned):
    adams, brown, clark = three_unassigned
    adams.child.young_carer = True
    adams.child.save()
    client = client_for(officer)
    assert rows(client.get(WORKLIST_URL, {"flags": "looked_after"})) == [clark]
    both = client.get(WORKLIST_URL, {"flags": ["looked_after", "young_carer"]})
    assert rows(both) == [clark, adams]
    assert rows(client.get(WORKLIST_URL, {"flags": "has_ehcp"})) == []
    assert "No episodes match these filters." in page_text(
        client.get(WORKLIST_URL, {"flags": "has_ehcp"})
    )


def test_selected_filters_link_to_the_list_without_them(client_for, officer, three_unassigned):
    response = client_for(officer).get(
        WORKLIST_URL,
        {"flags": ["looked_after", "young_carer"], "kind": "cme_enquiry", "sort": "child"},
    )
    categories = {c["heading"]: c["items"] for c in response.context["selected_filters"]}
    assert [item["text"] for item in categories["Flags"]] == ["Looked after child", "Young carer"]
    assert categories["Flags"][0]["href"] == (
        f"{WORKLIST_URL}?flags=young_carer&kind=cme_enquiry&sort=child"
    )
    assert categories["Type"] == [
        {
            "text": "Children missing education (CME) enquiry",
            "href": f"{WORKLIST_URL}?flags=looked_after&flags=young_carer&sort=child",
        }
    ]
    assert response.context["clear_filters_url"] == f"{WORKLIST_URL}?sort=child"


def test_filters_that_are_not_choices_are_ignored(client_for, officer, three_unassigned):
    response = client_for(officer).get(WORKLIST_URL, {"kind": "nonsense", "flags": "upn"})
    assert len(rows(response)) == 3
    assert response.context["selected_filters"] == []


def test_filter_by_owner_on_lists_of_everyones_episodes(client_for, officer, manager):
    today = timezone.localdate()
    mine = episode(owner=officer, review_due=today)
    theirs = episode(owner=manager, review_due=today)
    nobodys = episode(review_due=today)
    url = reverse("casework:worklist", args=["reviews-due"])
    client = client_for(officer)
    assert rows(client.get(url, {"owner": officer.pk})) == [mine]
    assert rows(client.get(url, {"owner": "unassigned"})) == [nobodys]
    assert set(rows(client.get(url))) == {mine, theirs, nobodys}


def test_caseload_has_no_owner_filter_and_unassigned_lists_no_kind_filter_for_single_kind_lists(
    client_for, officer
):
    client = client_for(officer)
    caseload = client.get(reverse("casework:worklist", args=["my-caseload"]))
    assert "owner" not in caseload.context["filter_form"].fields
    assert "kind" in caseload.context["filter_form"].fields
    reviews = client.get(reverse("casework:worklist", args=["reviews-due"]))
    assert "kind" not in reviews.context["filter_form"].fields
    assert "owner" in reviews.context["filter_form"].fields


def test_past_key_dates_are_tagged_overdue(client_for, officer):
    # Overdue once a school day has passed since the date, whatever today is.
    last_school_day = last_school_day_on_or_before(timezone.localdate())
    overdue = episode(review_due=add_school_days(last_school_day, -1))
    due = episode(review_due=last_school_day)
    response = client_for(officer).get(reverse("casework:worklist", args=["reviews-due"]))
    flagged = {row["episode"].pk: row["overdue"] for row in response.context["rows"]}
    assert flagged == {overdue.pk: True, due.pk: False}
    assert page_text(response).count(">Overdue</strong>") == 1


def test_a_worklist_is_paginated_at_50(client_for, officer):
    child = ChildFactory()
    for _ in range(51):
        episode(child=child)
    client = client_for(officer)
    first = client.get(WORKLIST_URL)
    assert len(rows(first)) == 50
    assert "51 episodes" in page_text(first)
    assert len(rows(client.get(WORKLIST_URL, {"page": 2}))) == 1


def _make_rows(count, establishment, owner=None):
    today = timezone.localdate()
    for number in range(count):
        episode(
            child=ChildFactory(looked_after=number % 2 == 0, has_ehcp=True),
            owner=owner,
            establishment=establishment,
            review_due=today - timedelta(days=number),
        )


@pytest.mark.parametrize("slug", ["unassigned", "reviews-due"])
@pytest.mark.parametrize("who", ["officer", "manager"])
def test_a_worklist_issues_the_same_queries_for_3_or_30_rows(cast, client_for, school_a, slug, who):
    client = client_for(cast[who])
    url = reverse("casework:worklist", args=[slug])
    _make_rows(3, school_a)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url, {"flags": "has_ehcp", "establishment": "alpha"})
    assert len(rows(response)) == 3
    _make_rows(27, school_a, owner=cast["officer"])
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url, {"flags": "has_ehcp", "establishment": "alpha"})
    assert len(rows(response)) == (30 if slug == "reviews-due" else 3)
    assert len(three) == len(thirty)


def test_query_count_is_constant_on_the_caseload(client_for, officer, school_a):
    client = client_for(officer)
    url = reverse("casework:worklist", args=["my-caseload"])
    _make_rows(3, school_a, owner=officer)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    _make_rows(27, school_a, owner=officer)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url)
    assert len(rows(response)) == 30
    assert len(three) == len(thirty)


# Bulk assignment -------------------------------------------------------------


def ticked(*episodes):
    """The checkboxes' values: each row's id and the version the page showed."""
    return [f"{episode.pk}:{episode.version}" for episode in episodes]


def test_managers_see_a_checkbox_per_row_and_officers_do_not(
    client_for, officer, manager, three_unassigned
):
    as_manager = page_text(client_for(manager).get(WORKLIST_URL))
    assert as_manager.count('name="episodes"') == 3
    assert "Select Cara Adams" in as_manager
    assert "Assign selected" in as_manager
    as_officer = page_text(client_for(officer).get(WORKLIST_URL))
    assert 'name="episodes"' not in as_officer
    assert "Assign selected" not in as_officer


def test_the_assign_to_list_holds_la_staff_and_unassigned(
    client_for, manager, officer, admin_user, school_user_a, three_unassigned
):
    response = client_for(manager).get(WORKLIST_URL)
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["owner"].choices)
    assert choices["unassigned"] == "Unassigned"
    assert {str(officer.pk), str(manager.pk), str(admin_user.pk)} <= set(choices)
    assert str(school_user_a.pk) not in choices


def test_a_manager_assigns_many_episodes_at_once(client_for, manager, officer, three_unassigned):
    adams, brown, clark = three_unassigned
    url = f"{WORKLIST_URL}?sort=child&flags=looked_after"
    client = client_for(manager)
    response = client.post(url, {"episodes": ticked(adams, brown, clark), "owner": officer.pk})
    assert response.status_code == 302
    assert response["Location"] == url
    for assigned in three_unassigned:
        assigned.refresh_from_db()
        assert assigned.owner == officer
        assert assigned.version == 2
        event = assigned.events.get(what=EpisodeEvent.What.ASSIGNED)
        assert event.by == manager
        audit = AuditEvent.objects.get(
            action=Action.UPDATE, object_type="episode", object_id=str(assigned.pk)
        )
        assert audit.actor == manager
        assert audit.child == assigned.child
        assert audit.summary == "Assigned episode to another officer"
    followed = client.get(url)
    assert f"3 episodes assigned to {officer}" in page_text(followed)


def test_a_manager_reassigns_and_unassigns(client_for, manager, officer):
    today = timezone.localdate()
    first = episode(owner=officer, review_due=today)
    second = episode(owner=manager, review_due=today)
    url = reverse("casework:worklist", args=["reviews-due"])
    client = client_for(manager)
    response = client.post(url, {"episodes": ticked(first), "owner": manager.pk}, follow=True)
    first.refresh_from_db()
    assert first.owner == manager
    assert f"1 episode assigned to {manager}" in page_text(response)
    # The page now shows the assigned row's new version.
    first.refresh_from_db()
    response = client.post(
        url, {"episodes": ticked(first, second), "owner": "unassigned"}, follow=True
    )
    assert "2 episodes unassigned" in page_text(response)
    assert Episode.objects.filter(pk__in=[first.pk, second.pk], owner__isnull=True).count() == 2
    assert (
        AuditEvent.objects.filter(action=Action.UPDATE, summary="Unassigned episode").count() == 2
    )


def test_assigning_an_episode_to_its_owner_writes_nothing(client_for, manager, officer):
    mine = episode(owner=officer, review_due=timezone.localdate())
    url = reverse("casework:worklist", args=["reviews-due"])
    response = client_for(manager).post(
        url, {"episodes": ticked(mine), "owner": officer.pk}, follow=True
    )
    assert (
        f"Nothing changed: the episodes selected were already assigned to {officer}"
        in page_text(response)
    )
    assert not mine.events.exists()
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_officers_cannot_assign(client_for, officer, manager, three_unassigned):
    adams, _, _ = three_unassigned
    response = client_for(officer).post(
        WORKLIST_URL, {"episodes": ticked(adams), "owner": manager.pk}
    )
    assert response.status_code == 403
    adams.refresh_from_db()
    assert adams.owner is None
    assert not EpisodeEvent.objects.exists()


@pytest.mark.parametrize("who", ["school_user_a", "outsider"])
def test_others_cannot_assign(cast, client_for, who, three_unassigned):
    adams, _, _ = three_unassigned
    response = client_for(cast[who]).post(
        WORKLIST_URL, {"episodes": ticked(adams), "owner": cast["officer"].pk}
    )
    assert response.status_code == 404
    adams.refresh_from_db()
    assert adams.owner is None


def test_assigning_nothing_selected_is_refused(client_for, manager, officer, three_unassigned):
    response = client_for(manager).post(WORKLIST_URL, {"owner": officer.pk})
    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert '<a href="#id_episodes_0">Select at least one episode</a>' in page
    assert not EpisodeEvent.objects.exists()


def test_assigning_to_nobody_chosen_is_refused(client_for, manager, three_unassigned):
    adams, brown, _ = three_unassigned
    response = client_for(manager).post(WORKLIST_URL, {"episodes": ticked(adams, brown)})
    page = page_text(response)
    assert '<a href="#id_owner">Select who to assign the episodes to</a>' in page
    # The ticked rows stay ticked.
    assert page.count(" checked") == 2
    assert not EpisodeEvent.objects.exists()


def test_assigning_to_someone_who_is_not_la_staff_is_refused(
    client_for, manager, school_user_a, three_unassigned
):
    adams, _, _ = three_unassigned
    response = client_for(manager).post(
        WORKLIST_URL, {"episodes": ticked(adams), "owner": school_user_a.pk}
    )
    assert "Select who to assign the episodes to" in page_text(response)
    adams.refresh_from_db()
    assert adams.owner is None


@pytest.mark.parametrize("bad", ["999999:1", "abc", "12", "1:x"])
def test_assigning_episodes_that_do_not_exist_assigns_nothing(
    client_for, manager, officer, three_unassigned, bad
):
    adams, _, _ = three_unassigned
    response = client_for(manager).post(
        WORKLIST_URL, {"episodes": [*ticked(adams), bad], "owner": officer.pk}
    )
    assert response.status_code == 200
    assert "Select episodes from the list" in page_text(response)
    adams.refresh_from_db()
    assert adams.owner is None
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_assignment_works_for_episodes_on_another_page_of_the_list(
    client_for, manager, officer, school_a, school_b
):
    elsewhere = episode(establishment=EstablishmentFactory(name="Gamma School"))
    response = client_for(manager).post(
        f"{WORKLIST_URL}?establishment=alpha", {"episodes": ticked(elsewhere), "owner": officer.pk}
    )
    assert response.status_code == 302
    elsewhere.refresh_from_db()
    assert elsewhere.owner == officer


def test_each_checkbox_carries_the_version_the_page_shows(client_for, manager, three_unassigned):
    adams, _, _ = three_unassigned
    adams.assign(manager, by=manager)
    adams.assign(None, by=manager)
    page = page_text(client_for(manager).get(WORKLIST_URL))
    assert f'value="{adams.pk}:3"' in page


def test_rows_someone_changed_after_the_page_was_shown_are_not_overwritten(
    client_for, manager, officer, three_unassigned
):
    adams, brown, clark = three_unassigned
    shown = ticked(adams, brown, clark)
    # Meanwhile another manager gives Clark to someone else.
    colleague = UserFactory(role=Role.TEAM_MANAGER)
    Episode.objects.get(pk=clark.pk).assign(colleague, by=colleague)
    response = client_for(manager).post(
        WORKLIST_URL, {"episodes": shown, "owner": officer.pk}, follow=True
    )
    page = page_text(response)
    assert (
        f"2 episodes assigned to {officer}. 1 episode was not assigned because someone "
        "changed it after you opened the page: check it and try again."
    ) in page
    clark.refresh_from_db()
    assert clark.owner == colleague
    assert not clark.events.filter(by=manager).exists()
    assert set(Episode.objects.filter(owner=officer).values_list("pk", flat=True)) == {
        adams.pk,
        brown.pk,
    }
    assert AuditEvent.objects.filter(action=Action.UPDATE, actor=manager).count() == 2


def test_rows_closed_after_the_page_was_shown_are_reported_not_assigned(
    client_for, manager, officer, three_unassigned
):
    adams, brown, _ = three_unassigned
    shown = ticked(adams, brown)
    for closing in (adams, brown):
        Episode.objects.get(pk=closing.pk).change_status(
            CLOSED,
            by=officer,
            outcome=WORKFLOWS[closing.kind].outcomes[1].value,
            notes="Closed meanwhile",
        )
    response = client_for(manager).post(
        WORKLIST_URL, {"episodes": shown, "owner": officer.pk}, follow=True
    )
    assert (
        "2 episodes were not assigned because someone changed them after you opened "
        "the page: check them and try again."
    ) in page_text(response)
    assert not Episode.objects.filter(owner=officer).exists()


def test_a_closed_episode_cannot_be_selected(client_for, manager, officer, three_unassigned):
    adams, _, _ = three_unassigned
    ended = closed(EpisodeKind.EARLY_YEARS)
    response = client_for(manager).post(
        WORKLIST_URL, {"episodes": ticked(adams, ended), "owner": officer.pk}
    )
    assert response.status_code == 200
    assert "Select episodes from the list" in page_text(response)
    ended.refresh_from_db()
    adams.refresh_from_db()
    assert ended.owner is None and adams.owner is None


def test_the_count_is_of_the_episodes_actually_changed(client_for, manager, officer):
    today = timezone.localdate()
    already = episode(owner=officer, review_due=today)
    other = episode(review_due=today)
    url = reverse("casework:worklist", args=["reviews-due"])
    client = client_for(manager)
    response = client.post(url, {"episodes": ticked(already, other), "owner": officer.pk})
    assert response.status_code == 302
    page = page_text(client.get(url))
    assert f"1 episode assigned to {officer}" in page
    already.refresh_from_db()
    response = client.post(url, {"episodes": ticked(already), "owner": officer.pk}, follow=True)
    assert f"Nothing changed: the episodes selected were already assigned to {officer}" in (
        page_text(response)
    )


def test_reviews_overdue_leaves_out_reviews_only_due_this_week():
    # Friday 13 June 2025 seen on Monday 16 June: overdue; Monday's is not yet.
    overdue = episode(review_due=date(2025, 6, 13))
    due_today = episode(review_due=NEXT_MONDAY)
    assert members(Episode.objects.reviews_overdue(NEXT_MONDAY)) == {overdue.pk}
    assert members(Episode.objects.reviews_overdue(date(2025, 6, 15))) == set()
    assert due_today.pk in members(Episode.objects.reviews_due(NEXT_MONDAY))
