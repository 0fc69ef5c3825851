from datetime import date

from inclusion_tracker.school_calendar.school_days import (
    add_school_days,
    count_school_days,
    is_school_day,
    nth_school_day,
)


def test_weekends_and_bank_holidays_are_not_school_days():
    assert is_school_day(date(2026, 3, 2))  # a Monday
    assert not is_school_day(date(2026, 3, 7))  # a Saturday
    assert not is_school_day(date(2026, 12, 25))  # Christmas Day
    assert not is_school_day(date(2026, 8, 31))  # summer bank holiday (England)


def test_counting_includes_both_ends():
    assert count_school_days(date(2026, 3, 2), date(2026, 3, 6)) == 5
    assert count_school_days(date(2026, 3, 6), date(2026, 3, 9)) == 2
    assert count_school_days(date(2026, 3, 9), date(2026, 3, 6)) == 0


def test_adding_school_days_skips_weekends_and_bank_holidays_both_ways():
    assert add_school_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday to Monday
    assert add_school_days(date(2026, 3, 9), -1) == date(2026, 3, 6)
    assert add_school_days(date(2026, 12, 24), 1) == date(2026, 12, 29)  # over Christmas
    assert add_school_days(date(2026, 12, 31), 1) == date(2027, 1, 4)  # over New Year
    assert add_school_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_a_run_of_n_school_days_counts_its_first_day():
    assert nth_school_day(date(2026, 3, 2), 1) == date(2026, 3, 2)
    assert nth_school_day(date(2026, 3, 2), 15) == date(2026, 3, 20)
    assert nth_school_day(date(2026, 3, 7), 1) == date(2026, 3, 9)  # starts on a Saturday


# With term dates (school_calendar) ---------------------------------------------

import pytest  # noqa: E402

from inclusion_tracker.establishments.tests.factories import EstablishmentFactory  # noqa: E402
from inclusion_tracker.school_calendar import school_days  # noqa: E402
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term  # noqa: E402
from inclusion_tracker.school_calendar.school_days import (  # noqa: E402
    NoSchoolDays,
    calendar_for,
    establishments_with_own_calendar,
    la_calendar,
    last_school_day_on_or_before,
)

# The local authority's 2026/27 and 2027/28 (autumn terms only, enough for the
# cases): Autumn 1 Wed 26 Aug to Fri 16 Oct 2026, half-term 19 to 23 Oct,
# Autumn 2 Mon 26 Oct to Fri 18 Dec 2026, Spring 1 from Mon 4 Jan 2027.
LA_TERMS = [
    (2026, "Autumn 1", date(2026, 8, 26), date(2026, 10, 16)),
    (2026, "Autumn 2", date(2026, 10, 26), date(2026, 12, 18)),
    (2026, "Spring 1", date(2027, 1, 4), date(2027, 2, 12)),
    (2026, "Summer 2", date(2027, 6, 7), date(2027, 7, 16)),
    (2027, "Autumn 1", date(2027, 9, 1), date(2027, 10, 15)),
]


def add_terms(terms=LA_TERMS, establishment=None):
    for year, name, first, last in terms:
        Term.objects.create(
            establishment=establishment,
            academic_year=year,
            name=name,
            first_day=first,
            last_day=last,
        )


@pytest.fixture
def la_terms(db):
    add_terms()


def test_a_terms_first_and_last_days_are_school_days_and_the_days_around_them_are_not(la_terms):
    assert is_school_day(date(2026, 8, 26))  # Wednesday, first day of Autumn 1
    assert not is_school_day(date(2026, 8, 25))  # Tuesday before: summer holiday
    assert is_school_day(date(2026, 10, 16))  # Friday, last day of Autumn 1
    assert not is_school_day(date(2026, 10, 19))  # Monday after: half-term


def test_half_term_weekdays_are_not_school_days(la_terms):
    assert count_school_days(date(2026, 10, 17), date(2026, 10, 25)) == 0
    assert add_school_days(date(2026, 10, 16), 1) == date(2026, 10, 26)
    assert add_school_days(date(2026, 10, 26), -1) == date(2026, 10, 16)


def test_a_bank_holiday_inside_a_term_is_not_a_school_day(db):
    add_terms([(2025, "Summer 1", date(2026, 4, 13), date(2026, 5, 22))])
    assert not is_school_day(date(2026, 5, 4))  # Early May bank holiday
    assert is_school_day(date(2026, 5, 5))


def test_weekends_inside_a_term_are_not_school_days(la_terms):
    assert not is_school_day(date(2026, 9, 5))  # Saturday
    assert not is_school_day(date(2026, 9, 6))  # Sunday
    assert count_school_days(date(2026, 9, 4), date(2026, 9, 7)) == 2


def test_a_local_authority_inset_day_is_not_a_school_day_for_anyone_on_its_terms(la_terms):
    school = EstablishmentFactory()
    NonSchoolDay.objects.create(date=date(2026, 8, 26), kind=NonSchoolDay.Kind.INSET)
    assert not is_school_day(date(2026, 8, 26))
    assert not is_school_day(date(2026, 8, 26), establishment=school)
    assert is_school_day(date(2026, 8, 27), establishment=school)


def test_an_establishments_inset_day_applies_to_it_only(la_terms):
    academy, other = EstablishmentFactory(), EstablishmentFactory()
    NonSchoolDay.objects.create(establishment=academy, date=date(2026, 11, 23))
    assert not is_school_day(date(2026, 11, 23), establishment=academy)
    assert not is_school_day(date(2026, 11, 23), establishment=academy.pk)  # an id will do
    assert is_school_day(date(2026, 11, 23), establishment=other)
    assert is_school_day(date(2026, 11, 23))
    # It keeps the LA's terms and INSET days for that year.
    NonSchoolDay.objects.create(date=date(2026, 8, 26))
    assert not is_school_day(date(2026, 8, 26), establishment=academy)
    assert not is_school_day(date(2026, 10, 19), establishment=academy)


def test_an_establishments_own_terms_replace_the_local_authoritys_for_that_year(la_terms):
    academy = EstablishmentFactory()
    add_terms([(2026, "Autumn 1", date(2026, 9, 2), date(2026, 10, 23))], establishment=academy)
    NonSchoolDay.objects.create(date=date(2026, 9, 2))  # the LA's INSET day: not the academy's
    assert not is_school_day(date(2026, 8, 26), establishment=academy)
    assert is_school_day(date(2026, 9, 2), establishment=academy)
    assert is_school_day(date(2026, 10, 19), establishment=academy)  # the LA's half-term
    assert not is_school_day(date(2026, 10, 26), establishment=academy)  # no term of its own
    # In 2027/28 it has no terms of its own: the LA's apply.
    assert is_school_day(date(2027, 9, 1), establishment=academy)
    assert not is_school_day(date(2027, 8, 31), establishment=academy)
    assert calendar_for(academy).uses_own_terms(2026)
    assert not calendar_for(academy).uses_own_terms(2027)


def test_counting_across_christmas(la_terms):
    # Fri 18 Dec 2026 is the last day of Autumn 2; Mon 4 Jan 2027 the first of Spring 1.
    assert add_school_days(date(2026, 12, 18), 1) == date(2027, 1, 4)
    assert add_school_days(date(2027, 1, 4), -1) == date(2026, 12, 18)
    assert count_school_days(date(2026, 12, 14), date(2027, 1, 8)) == 10


def test_counting_across_the_summer_into_a_new_academic_year(la_terms):
    # Fri 16 Jul 2027 ends 2026/27; Wed 1 Sep 2027 starts 2027/28.
    assert add_school_days(date(2027, 7, 16), 1) == date(2027, 9, 1)
    assert add_school_days(date(2027, 9, 1), -1) == date(2027, 7, 16)
    assert count_school_days(date(2027, 7, 12), date(2027, 9, 3)) == 8
    assert nth_school_day(date(2027, 7, 14), 5) == date(2027, 9, 2)


def test_a_year_without_local_authority_term_dates_falls_back_to_weekdays_less_bank_holidays(
    la_terms,
):
    # 2028/29 has no terms: every weekday but a bank holiday counts.
    assert is_school_day(date(2028, 8, 29))
    assert not is_school_day(date(2028, 8, 28))  # Summer bank holiday
    assert not calendar_for(None).has_term_dates(2028)
    assert calendar_for(None).has_term_dates(2026)


def test_adding_counting_and_runs_go_both_ways_with_term_dates(la_terms):
    assert add_school_days(date(2026, 10, 14), 5) == date(2026, 10, 28)
    assert add_school_days(date(2026, 10, 28), -5) == date(2026, 10, 14)
    assert add_school_days(date(2026, 10, 20), 0) == date(2026, 10, 20)  # not moved
    assert count_school_days(date(2026, 10, 14), date(2026, 10, 30)) == 8
    assert nth_school_day(date(2026, 10, 19), 1) == date(2026, 10, 26)  # starts in half-term
    assert nth_school_day(date(2026, 10, 15), 3) == date(2026, 10, 26)
    assert last_school_day_on_or_before(date(2026, 10, 25)) == date(2026, 10, 16)
    assert last_school_day_on_or_before(date(2026, 10, 16)) == date(2026, 10, 16)


def test_a_run_of_zero_school_days_is_refused():
    with pytest.raises(ValueError):
        nth_school_day(date(2026, 3, 2), 0)


def test_arithmetic_gives_up_when_no_school_day_comes(db, monkeypatch):
    # Two years of term dates in which every day is closed: no school day
    # until the fallback of 2028/29, past the (lowered) limit.
    monkeypatch.setattr(school_days, "MAX_DAYS_WITHOUT_SCHOOL_DAY", 400)
    add_terms([(2026, "Only", date(2026, 9, 1), date(2026, 9, 1))])
    NonSchoolDay.objects.create(date=date(2026, 9, 1), kind=NonSchoolDay.Kind.CLOSURE)
    add_terms([(2027, "Only", date(2027, 9, 1), date(2027, 9, 1))])
    NonSchoolDay.objects.create(date=date(2027, 9, 1), kind=NonSchoolDay.Kind.CLOSURE)
    with pytest.raises(NoSchoolDays):
        add_school_days(date(2026, 8, 20), 1)
    with pytest.raises(NoSchoolDays):
        last_school_day_on_or_before(date(2028, 7, 31))
    assert add_school_days(date(2027, 9, 1), -1) == date(2026, 7, 31)  # 2025/26: fallback


def test_establishments_with_their_own_calendar_are_listed(la_terms):
    with_terms, with_days, plain = (EstablishmentFactory() for _ in range(3))
    add_terms([(2026, "Autumn 1", date(2026, 9, 2), date(2026, 10, 23))], establishment=with_terms)
    NonSchoolDay.objects.create(establishment=with_days, date=date(2026, 11, 23))
    assert establishments_with_own_calendar() == {with_terms.pk, with_days.pk}
    assert calendar_for(plain) is calendar_for(None)


def test_a_changed_term_clears_the_cache(la_terms):
    assert not is_school_day(date(2026, 10, 19))
    term = Term.objects.get(academic_year=2026, name="Autumn 1")
    term.last_day = date(2026, 10, 23)
    term.save()
    assert is_school_day(date(2026, 10, 19))
    term.delete()
    assert not is_school_day(date(2026, 9, 1))
    day = NonSchoolDay.objects.create(date=date(2026, 11, 2))
    assert not is_school_day(date(2026, 11, 2))
    day.delete()
    assert is_school_day(date(2026, 11, 2))


def test_the_cache_is_reloaded_after_its_time_runs_out(la_terms, monkeypatch):
    assert not is_school_day(date(2026, 10, 19))
    Term.objects.filter(name="Autumn 1", academic_year=2026).update(last_day=date(2026, 10, 23))
    assert not is_school_day(date(2026, 10, 19))  # an update() sends no signal: cached
    monkeypatch.setattr(school_days, "CACHE_SECONDS", -1)
    assert is_school_day(date(2026, 10, 19))


def test_loading_a_calendar_costs_two_queries_then_none(la_terms, django_assert_num_queries):
    # An Establishment says its LA (la_code): no query to find its calendar.
    schools = [*EstablishmentFactory.create_batch(3), EstablishmentFactory(la_code="856")]
    school_days.clear_cache()
    with django_assert_num_queries(2):
        calendar_for(None).count_school_days(date(2026, 9, 1), date(2027, 7, 31))
    with django_assert_num_queries(0):
        for school in schools:
            calendar_for(school).is_school_day(date(2026, 9, 1))
        la_calendar("856").is_school_day(date(2026, 9, 1))
        establishments_with_own_calendar()


def test_an_establishment_given_by_its_id_costs_one_query_the_first_time(
    la_terms, django_assert_num_queries
):
    """By id, an establishment without dates of its own is looked up once
    (its LA); none at all while no LA has term dates."""
    school = EstablishmentFactory()
    calendar_for(None)
    with django_assert_num_queries(1):
        for _ in range(3):
            assert calendar_for(school.pk) is calendar_for(school)
    school_days.clear_cache(known_empty=True)
    with django_assert_num_queries(0):
        for establishment_id in range(1, 50):
            calendar_for(establishment_id).is_school_day(date(2026, 9, 1))
