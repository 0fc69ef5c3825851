"""Worklists with several local authorities: each row's dates count in its
school's calendar (its own, else its LA's, else weekdays less bank holidays;
with no school, the child's LA's) and a CME enquiry's threshold is its
child's LA's, still in one query per worklist. Each worklist must hold
exactly the episodes their own pages call overdue, whatever the day."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.models import LocalAuthority
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.referrals.tests.helpers import make_referral
from inclusion_tracker.school_calendar import deadlines
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.school_calendar.school_days import la_calendar
from inclusion_tracker.support.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

# Late May to late June 2025: Leicestershire's half-term, then Leicester's.
DAYS = [date(2025, 5, 20) + timedelta(days=n) for n in range(35)]


def add_term(name, first, last, la_code=None, establishment=None):
    Term.objects.create(
        local_authority_id=la_code,
        establishment=establishment,
        academic_year=2024,
        name=name,
        first_day=first,
        last_day=last,
    )


@pytest.fixture
def calendars():
    """Leicestershire (855): half-term 26 to 30 May 2025. Leicester (856):
    half-term 2 to 6 June and an INSET day on 16 June. Rutland (857): no term
    dates. A Leicester academy with its own terms, and a Leicestershire
    school with an INSET day of its own."""
    add_term("Summer 1", date(2025, 4, 22), date(2025, 5, 23), la_code="855")
    add_term("Summer 2", date(2025, 6, 2), date(2025, 7, 22), la_code="855")
    add_term("Summer 1", date(2025, 4, 22), date(2025, 5, 30), la_code="856")
    add_term("Summer 2", date(2025, 6, 9), date(2025, 7, 18), la_code="856")
    NonSchoolDay.objects.create(local_authority_id="856", date=date(2025, 6, 16))
    academy = EstablishmentFactory(la_code="856")
    add_term("Summer 1", date(2025, 4, 23), date(2025, 5, 21), establishment=academy)
    add_term("Summer 2", date(2025, 6, 11), date(2025, 7, 20), establishment=academy)
    county_inset = EstablishmentFactory(la_code="855")
    NonSchoolDay.objects.create(establishment=county_inset, date=date(2025, 6, 3))
    return {
        "county": EstablishmentFactory(la_code="855"),
        "city": EstablishmentFactory(la_code="856"),
        "rutland": EstablishmentFactory(la_code="857"),
        "academy": academy,
        "county_inset": county_inset,
    }


def owners(calendars):
    """Every kind of row: a school of each calendar, and no school with a
    child of each LA."""
    return [(school, school.la_code) for school in calendars.values()] + [
        (None, code) for code in ("855", "856", "857")
    ]


def members(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_timetable_worklists_count_in_each_rows_calendar(calendars, django_assert_num_queries):
    episodes = []
    for school, la_code in owners(calendars):
        child = ChildFactory(local_authority_id=la_code)
        for due in DAYS[::2]:
            episodes.append(
                Episode.objects.create(
                    kind=EpisodeKind.PART_TIME_TIMETABLE,
                    child=child,
                    establishment=school,
                    review_due=due,
                    end_date=due,
                )
            )
    for today in DAYS[5:]:

        def expected(state, today=today):
            return {
                episode.pk
                for episode in episodes
                if deadlines.due_state(
                    episode.review_due,
                    today,
                    episode.establishment,
                    episode.child.local_authority_id,
                )
                in state
            }

        overdue_by_page = expected({"overdue"})  # the term data is loaded now
        with django_assert_num_queries(1):
            overdue = members(Episode.objects.reviews_overdue(today))
        assert overdue == overdue_by_page, today
        assert members(Episode.objects.past_end_date(today)) == overdue, today
        due = members(Episode.objects.reviews_due(today))
        assert due == expected({"overdue", "due this week"}), today


def test_the_open_referrals_worklist_counts_in_each_rows_calendar(calendars, settings, officer):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 3
    service = ServiceFactory()
    referrals = []
    for school, la_code in owners(calendars):
        episode = Episode.objects.create(
            kind=EpisodeKind.PART_TIME_TIMETABLE,
            child=ChildFactory(local_authority_id=la_code),
            establishment=school,
        )
        for made in DAYS[::3]:
            referrals.append(make_referral(officer, episode=episode, service=service, made_on=made))
    for today in DAYS[5:]:
        expected = {referral.pk for referral in referrals if referral.is_overdue(today)}
        assert members(Referral.objects.overdue(today)) == expected, today


# The CME enquiry threshold of each LA --------------------------------------------


def test_a_local_authoritys_threshold_is_its_own_else_the_setting(settings):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 20
    city = LocalAuthority.objects.get(code="856")
    assert city.cme_threshold_school_days == 20
    city.cme_enquiry_threshold_school_days = 5
    city.save()
    cached = LocalAuthority.by_code("856")
    assert cached is not None and cached.cme_threshold_school_days == 5
    assert deadlines.cme_threshold_days("856") == 5
    assert deadlines.cme_threshold_days("855") == deadlines.cme_threshold_days() == 20


@pytest.mark.parametrize("city_threshold", [None, 5])
def test_cme_enquiries_are_overdue_by_their_childs_local_authoritys_threshold_and_school_days(
    calendars, settings, city_threshold, django_assert_num_queries
):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 8
    LocalAuthority.objects.filter(code="856").update(
        cme_enquiry_threshold_school_days=city_threshold
    )
    LocalAuthority.objects.get(code="856").save()  # forget the cached copy
    enquiries = [
        Episode.objects.create(
            kind=EpisodeKind.CME_ENQUIRY,
            child=ChildFactory(local_authority_id=la_code),
            opened_on=opened,
        )
        for la_code in ("855", "856", "857")
        for opened in [date(2025, 4, 28) + timedelta(days=n) for n in range(40)]
    ]
    for today in DAYS[5:]:
        expected = {episode.pk for episode in enquiries if episode.is_past_cme_threshold(today)}
        with django_assert_num_queries(1):
            assert members(Episode.objects.cme_overdue(today)) == expected, today
    # The page's count of school days open (Leicester's) says the same.
    today = date(2025, 6, 18)
    for episode in enquiries:
        if episode.child.local_authority_id == "856":
            over = episode.school_days_open(today) > (city_threshold or 8)
            assert episode.is_past_cme_threshold(today) is over, episode.opened_on
    assert la_calendar("856").count_school_days(date(2025, 6, 2), date(2025, 6, 6)) == 0


def test_the_enquirys_page_names_its_childs_local_authoritys_threshold(client_for, settings):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 20
    LocalAuthority.objects.filter(code="856").update(cme_enquiry_threshold_school_days=5)
    LocalAuthority.objects.get(code="856").save()  # forget the cached copy
    city_officer = UserFactory(role=Role.INCLUSION_OFFICER, local_authority_id="856")
    enquiry = Episode.objects.create(
        kind=EpisodeKind.CME_ENQUIRY,
        child=ChildFactory(local_authority_id="856"),
        opened_on=timezone.localdate() - timedelta(days=30),
    )
    content = page_text(client_for(city_officer).get(f"/episodes/{enquiry.pk}/"))
    assert "(the threshold is 5)" in content
    assert "Over threshold" in content
