"""The law of deleting a pupil from the admission register, exactly: each
ground's conditions with their boundary dates in the school's own school
days, the age rules (reg 9(1) or 9(3), CME only at compulsory school age), the
standard-transition exemption (reg 13(5)), and what counts as an unknown
destination. School Attendance (Pupil Registration) (England) Regulations
2024, regs 9 and 13; shared/reference/statutory.md §1 and §3.3."""

from datetime import date

import pytest

from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.models import LocalAuthority
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.notifications import deletion_grounds
from inclusion_tracker.notifications.models import (
    DestinationKnown,
    Kind,
    Notification,
    RemovalFromRoll,
    Status,
)
from inclusion_tracker.notifications.tests.helpers import (
    REMOVAL_ANSWERS,
    answer_removal,
    date_parts,
    start,
)
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term

pytestmark = pytest.mark.django_db

# The LA's terms: Autumn 1 to Friday 16 October 2026, half-term 19 to 23
# October, Autumn 2 from Monday 26 October; the summer term ends Friday 16
# July 2027.
LA_TERMS = [
    (2026, "Autumn 1", date(2026, 8, 26), date(2026, 10, 16)),
    (2026, "Autumn 2", date(2026, 10, 26), date(2026, 12, 18)),
    (2026, "Spring 1", date(2027, 1, 4), date(2027, 2, 12)),
    (2026, "Summer 2", date(2027, 6, 7), date(2027, 7, 16)),
    (2027, "Autumn 1", date(2027, 9, 1), date(2027, 10, 22)),
]


@pytest.fixture
def terms(db):
    for year, name, first, last in LA_TERMS:
        Term.objects.create(academic_year=year, name=name, first_day=first, last_day=last)


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def page_url(notification, slug: str) -> str:
    return f"/notify/{notification.reference}/{slug}/"


def parts(name: str, day: date) -> dict:
    return date_parts(name, day.day, day.month, day.year)


def removal_draft(client, *, born=date(2015, 3, 12), year_group="5", **details) -> Notification:
    notification = start(client, Kind.REMOVAL_FROM_ROLL)
    Notification.objects.filter(pk=notification.pk).update(
        date_of_birth=born, year_group=year_group, first_name="Amelia", last_name="Khan"
    )
    RemovalFromRoll.objects.filter(notification=notification).update(**details)
    return Notification.objects.get(pk=notification.pk)


def absence_answers(**answers) -> dict:
    return {
        "all_sessions_unauthorised": "True",
        "sickness_or_unavoidable_cause": "False",
        "joint_enquiries_confirmed": "on",
        **answers,
    }


# Ground I: 20 school days at the child's own school ------------------------------


@pytest.mark.parametrize(
    ("ground_met_on", "school_days"),
    [
        # From Monday 5 October; the academy's INSET day on Friday 9 October
        # and half-term do not count: day 19 is Friday 6 November, day 20
        # Monday 9 November. By the LA's calendar 6 November would be day 20.
        (date(2026, 11, 6), 19),
        (date(2026, 11, 9), 20),
    ],
)
def test_ground_i_counts_20_school_days_at_the_childs_school_across_half_term_and_its_inset_day(
    school, school_a, terms, ground_met_on, school_days
):
    NonSchoolDay.objects.create(establishment=school_a, date=date(2026, 10, 9))
    notification = removal_draft(school, ground="I", ground_met_on=ground_met_on)
    response = school.post(
        page_url(notification, "absence"),
        absence_answers(**parts("first_day_of_absence", date(2026, 10, 5))),
    )
    if school_days < deletion_grounds.GROUND_I_MINIMUM_SCHOOL_DAYS:
        content = page_text(response)
        assert (
            "The child must have been absent for at least 20 school days before the school can "
            "use ground I. From 5 October 2026 to 6 November 2026 is 19 school days at your school"
        ) in content
        assert "school days at your school, from your term dates" in content
    else:
        assert response.status_code == 302


def test_a_ground_met_date_in_the_future_is_refused(school):
    notification = removal_draft(school, ground="I")
    response = school.post(
        page_url(notification, "dates"),
        {**parts("ground_met_on", date(2099, 1, 5)), **parts("deletion_date", date(2099, 1, 6))},
    )
    assert "Date the ground was met must be today or in the past" in page_text(response)
    assert RemovalFromRoll.objects.get(notification=notification).ground_met_on is None


@pytest.mark.parametrize(
    ("answers", "stop_text", "check_error"),
    [
        (
            {"all_sessions_unauthorised": "False"},
            "with code G, N or O",
            "Ground I can only be used when every session of the absence was recorded with code G, N or O",
        ),
        (
            {"sickness_or_unavoidable_cause": "True"},
            "because of sickness or an unavoidable cause",
            "Ground I cannot be used when you believe the child cannot attend because of sickness or an unavoidable cause",
        ),
    ],
)
def test_ground_i_answered_the_wrong_way_stops_the_return_with_an_explanation(
    school, answers, stop_text, check_error
):
    notification = removal_draft(school, ground="I", ground_met_on=date(2026, 3, 27))
    response = school.post(
        page_url(notification, "absence"),
        absence_answers(**parts("first_day_of_absence", date(2026, 3, 2)), **answers),
    )
    assert response.url == page_url(notification, "ground-not-met")
    stop = page_text(school.get(response.url))
    assert "You cannot use this ground" in stop
    assert stop_text in stop
    # The check page refuses to send it.
    check = page_text(school.get(page_url(notification, "check")))
    assert check_error in check
    school.post(page_url(notification, "check"))
    assert Notification.objects.get(pk=notification.pk).status == Status.DRAFT


def test_ground_i_asks_whether_every_session_was_coded_g_n_or_o(school):
    notification = removal_draft(school, ground="I", ground_met_on=date(2026, 3, 27))
    page = page_text(school.get(page_url(notification, "absence")))
    assert "recorded with code G, N or O?" in page
    assert "G (holiday not agreed by the school)" in page


# Ground H: 10 school days after the leave of absence ended -----------------------


@pytest.mark.parametrize(
    ("ground_met_on", "accepted"),
    [
        # Leave ended Friday 16 October; half-term, then the academy's INSET
        # day on Friday 30 October: day 9 is 6 November, day 10 9 November.
        (date(2026, 11, 6), False),
        (date(2026, 11, 9), True),
        (date(2026, 11, 10), True),
    ],
)
def test_ground_h_is_met_10_school_days_after_the_leave_ended_at_the_childs_school(
    school, school_a, terms, ground_met_on, accepted
):
    NonSchoolDay.objects.create(establishment=school_a, date=date(2026, 10, 30))
    notification = removal_draft(school, ground="H", ground_met_on=ground_met_on)
    response = school.post(
        page_url(notification, "absence"),
        {
            **parts("leave_ended_on", date(2026, 10, 16)),
            "sickness_or_unavoidable_cause": "False",
            "joint_enquiries_confirmed": "on",
        },
    )
    if accepted:
        assert response.status_code == 302
    else:
        assert "The ground can be met on 9 November 2026 at the earliest" in page_text(response)
    # The date the ground was met is checked the other way round too.
    RemovalFromRoll.objects.filter(notification=notification).update(
        leave_ended_on=date(2026, 10, 16)
    )
    dates = school.post(
        page_url(notification, "dates"),
        {**parts("ground_met_on", ground_met_on), **parts("deletion_date", date(2026, 11, 20))},
    )
    assert (dates.status_code == 302) is accepted


def test_ground_h_asks_for_the_end_of_the_leave_not_a_first_day_of_absence(school):
    notification = removal_draft(school, ground="H", ground_met_on=date(2026, 3, 27))
    page = page_text(school.get(page_url(notification, "absence")))
    assert "Last day of the leave of absence" in page
    assert "First day of absence" not in page
    assert "recorded with code G, N or O" not in page


# Ground L: the child's date of birth -------------------------------------------------


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        # 16 on 31 August 2027: compulsory school age ends 25 June 2027, this school year.
        (date(2011, 8, 31), True),
        # 16 on 1 September 2027: it ends in June 2028, next school year.
        (date(2011, 9, 1), False),
    ],
)
def test_ground_l_is_checked_against_the_date_of_birth(school, born, accepted):
    notification = removal_draft(school, born=born, year_group="11", ground="L")
    response = school.post(
        page_url(notification, "dates"),
        {**parts("ground_met_on", date(2026, 12, 1)), **parts("deletion_date", date(2027, 5, 21))},
    )
    if accepted:
        assert response.status_code == 302
    else:
        assert (
            "Ground L is only for a child who stops being of compulsory school age by the end of "
            "this school year. A child born on 1 September 2011 is of compulsory school age until "
            "30 June 2028"
        ) in page_text(response)


# Ground O: the review of the permanent exclusion --------------------------------------


def test_ground_o_asks_about_the_exclusion_review_and_stops_while_one_is_possible(school):
    notification = removal_draft(school, ground="O")
    response = school.post(page_url(notification, "exclusion-review"), {})
    assert (
        "Select whether the time to ask for a review has passed or a review has concluded"
        in page_text(response)
    )
    response = school.post(
        page_url(notification, "exclusion-review"), {"exclusion_review": "pending"}
    )
    assert response.url == page_url(notification, "exclusion-review-pending")
    assert "stays on your admission register" in page_text(school.get(response.url))
    school.post(page_url(notification, "check"))
    assert Notification.objects.get(pk=notification.pk).status == Status.DRAFT

    response = school.post(
        page_url(notification, "exclusion-review"), {"exclusion_review": "period_passed"}
    )
    assert response.status_code == 302
    assert "exclusion-review-pending" not in response.url


def test_ground_j_shows_the_regulations_wording_and_no_unconfirmed_note(school):
    notification = removal_draft(school)
    page = page_text(school.get(page_url(notification, "ground")))
    assert "sentence of detention" in page
    assert "not yet confirmed" not in page
    assert "check the regulation" not in page
    assert "not yet confirmed" not in deletion_grounds.BY_LETTER["J"].explanation


# Reg 13(5): standard transition ----------------------------------------------------------


@pytest.mark.parametrize(
    ("year_group", "deletion_date", "exempt"),
    [
        ("6", date(2027, 7, 16), True),  # a Year 6 leaver on the last day of the summer term
        ("6", date(2027, 7, 15), False),  # the day before the end of the term
        ("6", date(2027, 8, 20), True),  # in the summer holiday
        ("5", date(2027, 7, 16), False),  # not the most senior class
    ],
)
def test_a_year_6_leaver_at_the_end_of_the_school_year_needs_no_deletion_return(
    school, terms, year_group, deletion_date, exempt
):
    notification = removal_draft(
        school,
        born=date(2016, 1, 10),
        year_group=year_group,
        ground="A",
        ground_met_on=date(2026, 12, 1),
        deletion_date=deletion_date,
    )
    assert notification.details.is_standard_transition is exempt
    stop = school.get(page_url(notification, "no-return-needed"))
    check = page_text(school.get(page_url(notification, "check")))
    if exempt:
        assert "Regulation 13(5)" in page_text(stop)
        assert "You do not need to send a deletion return" in check
    else:
        assert stop.status_code == 404
        assert "You do not need to send a deletion return" not in check


def test_when_the_la_asks_for_standard_transition_returns_the_journey_goes_on(
    school, terms, settings
):
    settings.LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS = True
    notification = removal_draft(
        school,
        born=date(2016, 1, 10),
        year_group="6",
        ground="A",
        ground_met_on=date(2026, 12, 1),
        deletion_date=date(2027, 7, 16),
    )
    assert school.get(page_url(notification, "no-return-needed")).status_code == 404
    check = page_text(school.get(page_url(notification, "check")))
    assert "asks for a deletion return for pupils leaving your most senior class" in check


def test_whether_the_la_asks_is_the_schools_own_las_choice(school, terms, settings):
    """Each LA chooses (LocalAuthority.asks_for_standard_transition_returns);
    the setting is only the default."""
    settings.LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS = False
    leicestershire = LocalAuthority.objects.get(code="855")
    leicestershire.asks_for_standard_transition_returns = True
    leicestershire.save()
    notification = removal_draft(
        school,
        born=date(2016, 1, 10),
        year_group="6",
        ground="A",
        ground_met_on=date(2026, 12, 1),
        deletion_date=date(2027, 7, 16),
    )
    assert school.get(page_url(notification, "no-return-needed")).status_code == 404
    check = page_text(school.get(page_url(notification, "check")))
    assert (
        "Leicestershire County Council asks for a deletion return for pupils leaving your most "
        "senior class" in check
    )
    assert "also asks for a deletion return" in page_text(school.get("/notify/"))


def test_the_start_page_says_when_no_deletion_return_is_needed(school, settings):
    page = page_text(school.get("/notify/"))
    assert "Record absence data" in page
    assert "regulation 13(5)" in page
    settings.LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS = True
    page = page_text(school.get("/notify/"))
    assert "also asks for a deletion return when a pupil leaves your most senior class" in page


def test_the_most_senior_class_comes_from_the_statutory_high_age():
    assert EstablishmentFactory.build(statutory_high_age=11).most_senior_year_group == "6"
    assert EstablishmentFactory.build(statutory_high_age=16).most_senior_year_group == "11"
    assert EstablishmentFactory.build(statutory_high_age=18).most_senior_year_group == ""
    assert EstablishmentFactory.build(statutory_high_age=7).most_senior_year_group == "2"
    assert EstablishmentFactory.build(phase="Primary").most_senior_year_group == "6"
    assert EstablishmentFactory.build(phase="Secondary").most_senior_year_group == ""


# Age: reg 9(1) or 9(3), and CME only at compulsory school age ------------------------------


@pytest.mark.parametrize(
    ("born", "deleted", "compulsory"),
    [
        # Fifth birthday on a prescribed day: of compulsory school age from it.
        (date(2021, 8, 31), date(2026, 9, 1), True),
        (date(2021, 9, 1), date(2026, 9, 1), False),  # from 31 December 2026
        (date(2021, 12, 31), date(2027, 1, 5), True),
        (date(2022, 1, 1), date(2027, 1, 5), False),  # from 31 March 2027
        (date(2022, 3, 31), date(2027, 4, 1), True),
        (date(2022, 4, 1), date(2027, 4, 1), False),  # from 31 August 2027
    ],
)
def test_the_ground_question_offers_reg_9_1_or_9_3_by_age_on_the_deletion_date(
    school, born, deleted, compulsory
):
    notification = removal_draft(school, born=born, year_group="R", deletion_date=deleted)
    assert notification.details.of_compulsory_school_age is compulsory
    page = page_text(school.get(page_url(notification, "ground")))
    assert ("A: Registered at another school" in page) is compulsory
    assert ("Stopped attending the school (regulation 9(3))" in page) is not compulsory
    # A ground from the other paragraph is refused.
    wrong = "3a" if compulsory else "A"
    response = school.post(page_url(notification, "ground"), {"ground": wrong})
    assert response.status_code == 200


def test_a_child_below_compulsory_school_age_removed_with_no_known_destination_gets_no_cme_enquiry(
    school, officer
):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(
        school,
        notification,
        {
            "child-details": {
                **REMOVAL_ANSWERS["child-details"],
                "year_group": "R",
                **date_parts("date_of_birth", 1, 9, 2022),
            },
            "ground": {"ground": "3a"},
            "dates": {
                **date_parts("ground_met_on", 1, 12, 2026),
                **date_parts("deletion_date", 4, 12, 2026),
            },
            "destination": {"destination_known": "not_known"},
        },
    )
    school.post(page_url(notification, "check"))
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.needs_cme_enquiry is False
    kinds = set(notification.episodes.values_list("kind", flat=True))
    assert kinds == {"removal_from_roll", "early_years"}
    confirmation = page_text(school.get(page_url(notification, "confirmation")))
    assert "not a children missing education enquiry" in confirmation


def test_a_part_time_timetable_for_a_child_below_compulsory_school_age_says_code_x(school):
    from inclusion_tracker.notifications.tests.helpers import PART_TIME_ANSWERS, answer_all

    notification = start(school, Kind.PART_TIME_TIMETABLE)
    answer_all(
        school,
        notification,
        {
            **PART_TIME_ANSWERS,
            "child-details": {
                **PART_TIME_ANSWERS["child-details"],
                "year_group": "R",
                **date_parts("date_of_birth", 1, 9, 2021),
            },
        },
    )
    check = page_text(school.get(page_url(notification, "check")))
    assert "with code X" in check and "not C2" in check
    school.post(page_url(notification, "check"))
    confirmation = page_text(school.get(page_url(notification, "confirmation")))
    assert "with code X" in confirmation
    assert "with code C2 for the sessions" not in confirmation


def test_other_missing_out_for_a_child_below_compulsory_school_age_is_not_a_statutory_case(school):
    from inclusion_tracker.notifications.tests.helpers import OTHER_ANSWERS, answer_all

    notification = start(school, Kind.OTHER_MISSING_EDUCATION)
    answer_all(
        school,
        notification,
        {
            **OTHER_ANSWERS,
            "child-details": {
                **OTHER_ANSWERS["child-details"],
                "year_group": "R",
                **date_parts("date_of_birth", 1, 9, 2022),
            },
        },
    )
    check = page_text(school.get(page_url(notification, "check")))
    assert "this is not a statutory case" in check
    # The section 19 duty is not claimed for a child not of compulsory school age.
    assert "local authority's duty to arrange suitable education for them applies" not in check


# Unknown destination is any unknown, at home or abroad -----------------------------------


def test_ground_g_with_no_known_address_is_a_destination_unknown_return(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(
        school,
        notification,
        {
            "ground": {"ground": "G"},
            "dates": {
                **date_parts("ground_met_on", 1, 12, 2026),
                **REMOVAL_ANSWERS["dates"],
                **date_parts("ground_met_on", 1, 12, 2026),
            },
            "destination": {"destination_known": "not_known"},
        },
    )
    check = page_text(school.get(page_url(notification, "check")))
    assert "phone the Inclusion service on 0116 305 2071" in check
    school.post(page_url(notification, "check"))
    notification.refresh_from_db()
    assert notification.details.destination_known == DestinationKnown.NOT_KNOWN
    assert notification.needs_cme_enquiry is True
    assert notification.episodes.filter(kind="cme_enquiry").exists()


def test_a_parent_abroad_has_an_international_phone_number_and_no_uk_postcode(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    response = school.post(
        page_url(notification, "parents"),
        {
            "action": "add",
            "full_name": "Marek Nowak",
            "relationship": "Father",
            "lives_at_child_address": "False",
            "address_line_1": "ul. Długa 5",
            "town": "Kraków",
            "postcode": "31-147",
            "country": "Poland",
            "emergency_phone": "+48 12 345 6789",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    parent = notification.details.parents.get()
    assert parent.emergency_phone == "+48123456789"
    assert (parent.postcode, parent.country) == ("31-147", "Poland")
    # 00 48 is read as +48; a UK address still needs a real UK postcode.
    response = school.post(
        page_url(notification, "parents"),
        {
            "action": "add",
            "full_name": "Ewa Nowak",
            "relationship": "Mother",
            "lives_at_child_address": "False",
            "address_line_1": "3 Oak Road",
            "town": "Leicester",
            "postcode": "31-147",
            "emergency_phone": "0048 12 345 6789",
        },
    )
    assert (
        "Enter a real postcode, like LE1 2AB. If the address is outside the UK, enter the country"
        in page_text(response)
    )
