"""Suggesting services from a child's flags, age and open episodes: the seeded
rules (issue 5's examples), age bounds, what is never suggested, and the
query count."""

from datetime import date

import pytest

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.notifications.models import Kind, OtherReason, PartTimeReason
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.referrals.suggestions import age_on, suggestions_for
from inclusion_tracker.support.conditions import Condition
from inclusion_tracker.support.models import Service, SuggestionRule
from inclusion_tracker.support.tests.factories import ServiceFactory
from inclusion_tracker.support.tests.helpers import (
    TODAY,
    child_with,
    notified_episode,
    open_episode,
    suggested,
)

VIRTUAL_SCHOOL = "Leicestershire Virtual School"
MATU = "Multi Agency Travellers Unit (MATU)"
STS = "Specialist Teaching Service"
EP = "Educational psychology service"
OUTREACH = "School-to-school outreach for children with SEND"
HEALTH = "Specialist health services"
FAMILY_HELP = "Family Help Service"
FORUMS = "Inclusion forums"


def service(name):
    return Service.objects.get(name=name)


pytestmark = pytest.mark.django_db


# The seeded rules ---------------------------------------------------------------


def test_every_seeded_rule_names_a_seed_service_and_is_on():
    rules = list(SuggestionRule.objects.select_related("service"))
    assert len(rules) == 20
    assert all(rule.active and rule.service.active for rule in rules)


def test_a_child_with_no_flags_episodes_or_early_age_has_no_suggestions():
    assert suggested(child_with()) == {}


def test_a_looked_after_child_is_suggested_the_virtual_school_with_the_reason():
    assert suggested(child_with(looked_after=True)) == {
        VIRTUAL_SCHOOL: [
            "Looked after child: the Virtual School oversees the education of looked-after children"
        ]
    }


def test_a_gypsy_roma_or_traveller_child_is_suggested_matu():
    assert list(suggested(child_with(gypsy_roma_traveller=True))) == [MATU]


@pytest.mark.parametrize("flag", ["has_ehcp", "sen_support"])
def test_a_child_with_an_ehcp_or_sen_support_is_suggested_the_send_services(flag):
    assert list(suggested(child_with(**{flag: True}))) == [STS, EP, OUTREACH]


@pytest.mark.parametrize("flag", ["child_protection_plan", "child_in_need", "young_carer", "eal"])
def test_flags_with_no_rule_suggest_nothing(flag):
    assert suggested(child_with(**{flag: True})) == {}


def test_an_open_health_needs_episode_suggests_health_services():
    child = child_with()
    open_episode(child, EpisodeKind.HEALTH_NEEDS)
    assert list(suggested(child)) == [HEALTH]


def test_a_closed_episode_suggests_nothing():
    child = child_with()
    open_episode(child, EpisodeKind.HEALTH_NEEDS, closed=True)
    assert suggested(child) == {}


def test_a_part_time_timetable_for_health_suggests_health_services_and_the_forums(
    school_user_a,
):
    child = child_with()
    notified_episode(child, Kind.PART_TIME_TIMETABLE, PartTimeReason.HEALTH, by=school_user_a)
    assert suggested(child) == {
        HEALTH: ["Part-time timetable for medical or health needs"],
        FORUMS: [
            "Part-time timetable: the inclusion forums help schools return a child to "
            "full-time education"
        ],
    }


def test_a_part_time_timetable_for_another_reason_does_not_suggest_health_services(
    school_user_a,
):
    child = child_with()
    notified_episode(child, Kind.PART_TIME_TIMETABLE, PartTimeReason.TRANSITION, by=school_user_a)
    assert list(suggested(child)) == [FORUMS]


def test_a_closed_episodes_notification_reason_suggests_nothing(school_user_a):
    child = child_with()
    notified_episode(
        child, Kind.OTHER_MISSING_EDUCATION, OtherReason.HEALTH, by=school_user_a, closed=True
    )
    assert suggested(child) == {}


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (OtherReason.HEALTH, [HEALTH]),
        (OtherReason.EBSA, [HEALTH]),
        (OtherReason.SUSPENSION, [FORUMS]),
        (OtherReason.AWAITING_PLACE, [EP]),
        (OtherReason.ALTERNATIVE_PROVISION, []),
    ],
)
def test_other_missing_education_reasons(school_user_a, reason, expected):
    child = child_with()
    notified_episode(child, Kind.OTHER_MISSING_EDUCATION, reason, by=school_user_a)
    assert list(suggested(child)) == expected


@pytest.mark.parametrize(("ground", "expected"), [("O", [FORUMS]), ("I", [])])
def test_a_permanent_exclusion_suggests_the_inclusion_forums(school_user_a, ground, expected):
    child = child_with()
    notified_episode(child, Kind.REMOVAL_FROM_ROLL, ground, by=school_user_a)
    assert list(suggested(child)) == expected


def test_an_early_years_child_is_suggested_family_help_for_both_reasons():
    child = child_with(date_of_birth=date(2022, 6, 1))  # 3 on TODAY
    open_episode(child, EpisodeKind.EARLY_YEARS)
    assert suggested(child) == {
        FAMILY_HELP: [
            "Early years: the Family Help Service supports families with young children "
            "missing their setting",
            "Under 5: the Family Help Service offers early help to families with young children",
        ]
    }


def test_the_early_years_rule_stops_after_age_5():
    child = child_with(date_of_birth=date(2020, 3, 2))  # 6 on TODAY
    open_episode(child, EpisodeKind.EARLY_YEARS)
    assert suggested(child) == {}


def test_under_5_is_suggested_family_help_and_5_is_not():
    fourth_birthday_last_year = child_with(date_of_birth=date(2021, 3, 3))  # 4, 5 tomorrow
    fifth_birthday_today = child_with(date_of_birth=date(2021, 3, 2))
    assert list(suggested(fourth_birthday_last_year)) == [FAMILY_HELP]
    assert suggested(fifth_birthday_today) == {}


# Age bounds ---------------------------------------------------------------------


@pytest.fixture
def five_to_eleven():
    """Only one rule: a service for ages 5 to 11 on the age condition."""
    SuggestionRule.objects.all().delete()
    return SuggestionRule.objects.create(
        service=ServiceFactory(name="Primary mentoring"),
        condition=Condition.AGE,
        age_from=5,
        age_to=11,
        reason="Primary school age",
    )


@pytest.mark.parametrize(
    ("today", "suggested_then"),
    [
        (date(2026, 3, 11), False),  # the day before the fifth birthday
        (date(2026, 3, 12), True),  # the fifth birthday
        (date(2033, 3, 11), True),  # the day before the twelfth: still 11
        (date(2033, 3, 12), False),  # the twelfth birthday
    ],
)
def test_age_bounds_include_both_ends_in_whole_years(five_to_eleven, today, suggested_then):
    child = child_with(date_of_birth=date(2021, 3, 12))
    assert bool(suggested(child, today=today)) is suggested_then


def test_an_upper_bound_includes_the_whole_year_of_that_age(five_to_eleven):
    child = child_with(date_of_birth=date(2021, 3, 12))
    assert suggested(child, today=date(2032, 3, 12)) == {
        "Primary mentoring": ["Primary school age"]
    }


def test_a_child_without_a_date_of_birth_matches_no_age_bounded_rule(five_to_eleven):
    bounded_flag_rule = SuggestionRule.objects.create(
        service=ServiceFactory(name="Care leavers' team"),
        condition=Condition.FLAG,
        flag="looked_after",
        age_from=16,
        age_to=25,
        reason="Looked after, 16 or over",
    )
    SuggestionRule.objects.create(
        service=bounded_flag_rule.service,
        condition=Condition.FLAG,
        flag="looked_after",
        reason="Looked after",
    )
    child = child_with(looked_after=True)
    child.date_of_birth = None  # not known (the form requires one today)
    assert suggested(child) == {"Care leavers' team": ["Looked after"]}


def test_a_bound_on_a_flag_rule_limits_it():
    SuggestionRule.objects.create(
        service=ServiceFactory(name="Care leavers' team"),
        condition=Condition.FLAG,
        flag="looked_after",
        age_from=16,
        reason="Looked after, 16 or over",
    )
    assert "Care leavers' team" not in suggested(child_with(looked_after=True))
    assert "Care leavers' team" in suggested(
        child_with(looked_after=True, date_of_birth=date(2010, 3, 2))
    )


def test_a_service_is_not_suggested_outside_its_own_age_range():
    # The Virtual School's range is 0 to 18.
    nineteen = child_with(looked_after=True, date_of_birth=date(2007, 3, 1))
    eighteen = child_with(looked_after=True, date_of_birth=date(2007, 3, 3))
    assert VIRTUAL_SCHOOL not in suggested(nineteen)
    assert VIRTUAL_SCHOOL in suggested(eighteen)


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(2016, 2, 29), date(2021, 2, 28), 4),
        (date(2016, 2, 29), date(2021, 3, 1), 5),
        (date(2016, 2, 29), date(2024, 2, 29), 8),
        (date(2015, 3, 12), date(2015, 3, 12), 0),
        (date(2015, 3, 12), date(2015, 3, 11), None),
        (None, date(2015, 3, 11), None),
    ],
)
def test_age_in_whole_years(born, today, age):
    assert age_on(born, today) == age


# Never suggested ----------------------------------------------------------------


def test_a_rule_turned_off_suggests_nothing():
    SuggestionRule.objects.filter(flag="looked_after").get().turn_off()
    assert suggested(child_with(looked_after=True)) == {}


def test_a_retired_service_is_not_suggested_even_with_its_rules_on():
    service(VIRTUAL_SCHOOL).retire()
    assert suggested(child_with(looked_after=True)) == {}


# Combining ----------------------------------------------------------------------


def test_one_service_is_suggested_once_with_every_reason_that_applies(school_user_a):
    child = child_with(has_ehcp=True, sen_support=True)
    notified_episode(
        child, Kind.OTHER_MISSING_EDUCATION, OtherReason.AWAITING_PLACE, by=school_user_a
    )
    suggestions = suggestions_for(child, today=TODAY)
    names = [suggestion.service.name for suggestion in suggestions]
    assert names == [STS, EP, OUTREACH]
    assert suggestions[1].reasons == [
        "EHCP: educational psychologists support learning and wellbeing",
        "SEN support: educational psychologists support learning and wellbeing",
        "Awaiting a specialist place or an EHC needs assessment",
    ]


def test_the_same_reason_from_two_rules_is_shown_once(school_user_a):
    child = child_with()
    open_episode(child, EpisodeKind.HEALTH_NEEDS)
    open_episode(child, EpisodeKind.HEALTH_NEEDS)
    assert len(suggested(child)[HEALTH]) == 1


def test_services_come_in_the_order_of_their_first_matching_rule():
    SuggestionRule.objects.filter(service__name=MATU).update(position=1)
    child = child_with(looked_after=True, gypsy_roma_traveller=True)
    assert list(suggested(child)) == [MATU, VIRTUAL_SCHOOL]


# Queries ------------------------------------------------------------------------


def test_suggestions_take_two_queries_however_many_rules_and_episodes(
    school_user_a, django_assert_num_queries
):
    few = child_with(looked_after=True)
    open_episode(few, EpisodeKind.HEALTH_NEEDS)
    many = child_with(looked_after=True, has_ehcp=True, gypsy_roma_traveller=True)
    for reason in (OtherReason.HEALTH, OtherReason.EBSA, OtherReason.SUSPENSION):
        notified_episode(many, Kind.OTHER_MISSING_EDUCATION, reason, by=school_user_a)
    for plan_reason in (PartTimeReason.HEALTH, PartTimeReason.SEND):
        notified_episode(many, Kind.PART_TIME_TIMETABLE, plan_reason, by=school_user_a)
    notified_episode(many, Kind.REMOVAL_FROM_ROLL, "O", by=school_user_a)
    extra = ServiceFactory()
    for position in range(30):
        SuggestionRule.objects.create(
            service=extra, condition=Condition.FLAG, flag="eal", reason=f"R{position}"
        )
    with django_assert_num_queries(2):
        assert len(suggestions_for(few, today=TODAY)) == 2
    with django_assert_num_queries(2):
        assert len(suggestions_for(many, today=TODAY)) == 7


# Referrals ----------------------------------------------------------------------


@pytest.mark.parametrize(("status", "still_suggested"), [("made", False), ("completed", True)])
def test_a_service_the_child_has_an_open_referral_to_is_not_suggested_again(
    officer, status, still_suggested
):
    child = child_with(looked_after=True, gypsy_roma_traveller=True)
    episode = open_episode(child, EpisodeKind.CME_ENQUIRY)
    Referral.objects.create(
        episode=episode,
        service=service(VIRTUAL_SCHOOL),
        made_on=TODAY,
        made_by="la",
        recorded_by=officer,
        parent_consented=True,
        consent_date=TODAY,
        status=status,
        outcome="Done",
    )
    assert (VIRTUAL_SCHOOL in suggested(child)) is still_suggested
    assert MATU in suggested(child)
