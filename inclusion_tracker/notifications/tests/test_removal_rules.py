"""The deletion return's rules on their own, without a request, form or draft
(notifications/journeys/removal/rules.py): each holds at its boundary and is
broken just past it, with its exact message, and says nothing about a ground
it is not about. School days here are the LA's with no term dates loaded:
weekdays less England's bank holidays (none in February and March 2026)."""

from datetime import date

import pytest

from inclusion_tracker.notifications.journeys.removal import rules
from inclusion_tracker.notifications.models import DestinationKnown, ExclusionReview

# Any ground ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ground_met_on", "error"),
    [
        (date(2026, 3, 27), None),  # today
        (date(2026, 3, 28), "Date the ground was met must be today or in the past"),
        (None, None),  # not given yet
    ],
)
def test_the_ground_is_met_today_or_earlier(ground_met_on, error):
    assert rules.ground_met_today_or_earlier(ground_met_on, today=date(2026, 3, 27)) == error


@pytest.mark.parametrize(
    ("deletion_date", "error"),
    [
        (date(2026, 3, 27), None),  # the day the ground was met
        (
            date(2026, 3, 26),
            "The deletion date must be the same as or after the date the ground was met",
        ),
        (None, None),
    ],
)
def test_the_deletion_is_on_or_after_the_day_the_ground_was_met(deletion_date, error):
    assert rules.deletion_on_or_after_ground_met(date(2026, 3, 27), deletion_date) == error


@pytest.mark.parametrize(
    ("ground", "born", "on", "error"),
    [
        # Born 1 September 2021: of compulsory school age from 31 December 2026.
        ("3a", date(2021, 9, 1), date(2026, 12, 30), None),
        (
            "3a",
            date(2021, 9, 1),
            date(2026, 12, 31),
            "Choose the ground again: a child born on 1 September 2021 is of compulsory school "
            "age on 31 December 2026, so the grounds are A to O of regulation 9(1)",
        ),
        ("A", date(2021, 9, 1), date(2026, 12, 31), None),
        (
            "A",
            date(2021, 9, 1),
            date(2026, 12, 30),
            "Choose the ground again: a child born on 1 September 2021 is not of compulsory "
            "school age on 30 December 2026, so the grounds are those of regulation 9(3)",
        ),
        ("", date(2021, 9, 1), date(2026, 12, 30), None),  # no ground chosen yet
        ("3a", None, date(2026, 12, 31), None),  # no date of birth yet
    ],
)
def test_the_ground_is_from_the_paragraph_of_reg_9_for_the_childs_age(ground, born, on, error):
    assert rules.ground_for_age_on_deletion(ground, born, on) == error


@pytest.mark.parametrize(
    ("is_standard_transition", "la_asks", "error"),
    [
        (False, False, None),
        (True, True, None),
        (
            True,
            False,
            "You do not need to send a deletion return for a pupil leaving your most senior "
            "class at the end of the school year",
        ),
    ],
)
def test_a_standard_transition_needs_no_return_unless_the_la_asks(
    is_standard_transition, la_asks, error
):
    assert rules.return_needed(is_standard_transition, la_asks) == error


# Grounds A and G: where the child is going -------------------------------------------


@pytest.mark.parametrize(
    ("ground", "new_school_id", "new_school_name", "error"),
    [
        ("A", 7, "", None),
        ("A", None, "Hope Academy", None),
        ("A", None, "", "Select the new school, or enter a school that is not in the list"),
        ("F", None, "", None),
    ],
)
def test_ground_a_names_the_new_school(ground, new_school_id, new_school_name, error):
    assert rules.ground_a_names_the_new_school(ground, new_school_id, new_school_name) == error


NO_ADDRESS = "Enter the child's new address: ground G is for a child who has moved away"


@pytest.mark.parametrize(
    ("ground", "destination_known", "line_1", "town", "error"),
    [
        ("G", DestinationKnown.KNOWN, "1 High Street", "Leicester", None),
        ("G", DestinationKnown.KNOWN, "1 High Street", "", NO_ADDRESS),
        ("G", DestinationKnown.KNOWN, "", "Leicester", NO_ADDRESS),
        ("G", DestinationKnown.NOT_KNOWN, "", "", None),
        ("B", DestinationKnown.KNOWN, "", "", None),
    ],
)
def test_ground_g_with_a_known_destination_gives_the_new_address(
    ground, destination_known, line_1, town, error
):
    assert rules.ground_g_gives_the_new_address(ground, destination_known, line_1, town) == error


# Grounds H and I: joint enquiries and sickness ---------------------------------------


@pytest.mark.parametrize(
    ("ground", "confirmed", "error"),
    [
        ("H", True, None),
        (
            "H",
            False,
            "Confirm that the school and the local authority have made joint reasonable enquiries",
        ),
        (
            "I",
            False,
            "Confirm that the school and the local authority have made joint reasonable enquiries",
        ),
        ("G", False, None),
    ],
)
def test_grounds_h_and_i_need_joint_reasonable_enquiries(ground, confirmed, error):
    assert rules.joint_enquiries_made(ground, confirmed) == error


@pytest.mark.parametrize(
    ("ground", "believed", "error"),
    [
        ("I", False, None),
        ("I", None, None),  # not answered yet
        (
            "I",
            True,
            "Ground I cannot be used when you believe the child cannot attend because of "
            "sickness or an unavoidable cause",
        ),
        (
            "H",
            True,
            "Ground H cannot be used when you believe the child cannot attend because of "
            "sickness or an unavoidable cause",
        ),
        ("F", True, None),
    ],
)
def test_grounds_h_and_i_cannot_be_used_for_a_child_kept_away_by_sickness(ground, believed, error):
    assert rules.not_kept_away_by_sickness(ground, believed) == error


# Ground I: continuous absence ----------------------------------------------------------


@pytest.mark.parametrize(
    ("ground", "all_sessions_unauthorised", "error"),
    [
        ("I", True, None),
        ("I", None, None),  # not answered yet
        (
            "I",
            False,
            "Ground I can only be used when every session of the absence was recorded with code "
            "G, N or O",
        ),
        ("H", False, None),
    ],
)
def test_ground_i_needs_every_session_coded_g_n_or_o(ground, all_sessions_unauthorised, error):
    assert rules.ground_i_every_session_coded_g_n_or_o(ground, all_sessions_unauthorised) == error


@pytest.mark.parametrize(
    ("ground", "first_day", "error"),
    [
        ("I", date(2026, 3, 26), None),  # the day before the ground was met
        (
            "I",
            date(2026, 3, 27),
            "The first day of absence must be before the date the ground was met",
        ),
        ("I", None, None),
        ("H", date(2026, 3, 27), None),
    ],
)
def test_ground_i_absence_began_before_the_ground_was_met(ground, first_day, error):
    assert (
        rules.ground_i_absence_began_before_ground_met(ground, first_day, date(2026, 3, 27))
        == error
    )


@pytest.mark.parametrize(
    ("ground", "ground_met_on", "error"),
    [
        # From Monday 2 March 2026: day 20 is Friday 27 March.
        ("I", date(2026, 3, 27), None),
        (
            "I",
            date(2026, 3, 26),
            "The child must have been absent for at least 20 school days before the school can "
            "use ground I. From 2 March 2026 to 26 March 2026 is 19 school days at your school",
        ),
        ("I", None, None),
        ("H", date(2026, 3, 26), None),
    ],
)
def test_ground_i_needs_20_school_days_of_absence(ground, ground_met_on, error):
    assert (
        rules.ground_i_absent_20_school_days(ground, date(2026, 3, 2), ground_met_on, None) == error
    )


def test_ground_i_says_one_school_day_not_one_school_days():
    error = rules.ground_i_absent_20_school_days("I", date(2026, 3, 2), date(2026, 3, 2), None)
    assert error is not None
    assert error.endswith("From 2 March 2026 to 2 March 2026 is 1 school day at your school")


# Ground H: not back after a leave of absence ---------------------------------------


@pytest.mark.parametrize(
    ("ground", "leave_ended_on", "error"),
    [
        ("H", date(2026, 3, 26), None),  # the day before the ground was met
        (
            "H",
            date(2026, 3, 27),
            "The last day of the leave of absence must be before the date the ground was met",
        ),
        ("H", None, None),
        ("I", date(2026, 3, 27), None),
    ],
)
def test_ground_h_leave_ended_before_the_ground_was_met(ground, leave_ended_on, error):
    assert (
        rules.ground_h_leave_ended_before_ground_met(ground, leave_ended_on, date(2026, 3, 27))
        == error
    )


@pytest.mark.parametrize(
    ("ground", "ground_met_on", "error"),
    [
        # Leave ended Friday 27 February 2026: the 10th school day after is Friday 13 March.
        ("H", date(2026, 3, 13), None),
        (
            "H",
            date(2026, 3, 12),
            "Ground H can only be used once the child has not come back for the 10 school days "
            "after the leave of absence ended. The ground can be met on 13 March 2026 at the "
            "earliest",
        ),
        ("H", None, None),
        ("I", date(2026, 3, 12), None),
    ],
)
def test_ground_h_is_met_10_school_days_after_the_leave_ended(ground, ground_met_on, error):
    assert (
        rules.ground_h_10_school_days_after_leave(ground, date(2026, 2, 27), ground_met_on, None)
        == error
    )


def test_ground_h_earliest_is_the_10th_school_day_after_the_leave():
    assert rules.ground_h_earliest(date(2026, 2, 27), None) == date(2026, 3, 13)


# Ground L: leaving compulsory school age -----------------------------------------------


NOT_LEAVING = (
    "Ground L is only for a child who stops being of compulsory school age by the end of this "
    "school year. A child born on 1 September 2011 is of compulsory school age until 30 June 2028"
)


@pytest.mark.parametrize(
    ("ground", "born", "ground_met_on", "deletion_date", "error"),
    [
        # Born 31 August 2011: compulsory school age ends 25 June 2027, in 2026/27.
        ("L", date(2011, 8, 31), date(2026, 12, 1), date(2027, 5, 21), None),
        # Born 1 September 2011: it ends 30 June 2028, in 2027/28.
        ("L", date(2011, 9, 1), date(2026, 12, 1), date(2027, 5, 21), NOT_LEAVING),
        # The school year is the deletion's: 2027/28 from 1 September 2027.
        ("L", date(2011, 9, 1), date(2027, 8, 31), date(2027, 9, 1), None),
        ("L", date(2011, 9, 1), date(2027, 8, 31), date(2027, 8, 31), NOT_LEAVING),
        # Until the deletion date is given, the date the ground was met's.
        ("L", date(2011, 9, 1), date(2027, 9, 1), None, None),
        ("L", date(2011, 9, 1), date(2027, 8, 31), None, NOT_LEAVING),
        ("L", None, date(2026, 12, 1), None, None),
        ("L", date(2011, 9, 1), None, date(2027, 5, 21), None),
        ("K", date(2011, 9, 1), date(2026, 12, 1), date(2027, 5, 21), None),
    ],
)
def test_ground_l_is_for_a_child_leaving_compulsory_school_age_this_school_year(
    ground, born, ground_met_on, deletion_date, error
):
    assert (
        rules.ground_l_leaves_compulsory_school_age(ground, born, ground_met_on, deletion_date)
        == error
    )


# Ground O: permanent exclusion ---------------------------------------------------------


@pytest.mark.parametrize(
    ("ground", "review", "error"),
    [
        ("O", ExclusionReview.PERIOD_PASSED, None),
        ("O", ExclusionReview.REVIEW_CONCLUDED, None),
        ("O", "", None),  # not answered yet
        (
            "O",
            ExclusionReview.PENDING,
            "You cannot delete the child's name until the time to ask for a review of the "
            "permanent exclusion has passed, or a review has concluded",
        ),
        ("A", ExclusionReview.PENDING, None),
    ],
)
def test_ground_o_waits_until_the_exclusion_review_is_over(ground, review, error):
    assert rules.ground_o_review_over(ground, review) == error
