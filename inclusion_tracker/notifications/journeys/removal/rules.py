"""The deletion return's rules, each written once: what the law (the School
Attendance (Pupil Registration) (England) Regulations 2024, regs 9 and 13;
shared/reference/statutory.md §1 and §3.3) asks of a return before it can be
sent.

A rule is a plain function named for what must be true. It takes the answers
it needs (dates, the ground, the establishment whose school days count) and
returns the error message when the rule is broken, or None when it holds or
there is nothing to check yet (an answer it needs is not given: the page that
asks for it says so). Rules read no request, form or draft, so they are tested
on their own (tests/test_removal_rules.py).

Two callers use them:

- each question page's form (`forms.py`), in its `clean()`, puts the message
  on the field that was answered; a page may add where the other date came
  from ("..., 27 March 2026"), because that date is asked on another page;
- the submission check (`journey.py` `submission_errors`), run by "check your
  answers" and again when sending, lists the message with the page to change.
  Answers saved on one page can break a rule checked on another (the date the
  ground was met changed after the absence was answered), so every rule that
  spans pages is checked there again.

Some rules are not refused by their page but lead to a stop page that explains
why the return cannot go on (`journey.py` uses the same rule to decide when
the stop page applies): a standard transition (reg 13(5)), ground H or I
answered the wrong way, ground O before the exclusion's review is over.
"""

from datetime import date

from inclusion_tracker.children.school_age import (
    compulsory_school_age,
    is_of_compulsory_school_age,
    leaves_compulsory_school_age_by_end_of_school_year,
)
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.notifications import attendance_codes, deletion_grounds
from inclusion_tracker.notifications.deletion_grounds import (
    CONTINUOUS_ABSENCE_GROUND,
    JOINT_ENQUIRY_GROUNDS,
    LEAVE_OF_ABSENCE_GROUND,
    LEAVING_AGE_GROUND,
    MOVED_AWAY_GROUND,
    NEW_SCHOOL_GROUND,
    PERMANENT_EXCLUSION_GROUND,
)
from inclusion_tracker.notifications.models import DestinationKnown, ExclusionReview
from inclusion_tracker.school_calendar.school_days import calendar_for

# Any ground, and when the return is due -------------------------------------------


def ground_met_today_or_earlier(ground_met_on: date | None, today: date) -> str | None:
    """The return is sent once the ground is met (reg 13(4); statutory.md
    §1.4), so the date it was met cannot be in the future."""
    if ground_met_on is None or ground_met_on <= today:
        return None
    return "Date the ground was met must be today or in the past"


def deletion_on_or_after_ground_met(
    ground_met_on: date | None, deletion_date: date | None
) -> str | None:
    """A name is deleted only once a ground is met (reg 9(1): "can and must be
    deleted if, and only if"), so not before the date it was met."""
    if ground_met_on is None or deletion_date is None or deletion_date >= ground_met_on:
        return None
    return "The deletion date must be the same as or after the date the ground was met"


def ground_for_age_on_deletion(ground: str, date_of_birth: date | None, on: date) -> str | None:
    """Reg 9(1) (grounds A to O) is for a child of compulsory school age on the
    deletion date (`on`: the deletion date, or today until it is given), reg
    9(3) for any other child. The ground page offers only the right
    paragraph's grounds; this catches a date of birth or deletion date
    changed since the ground was chosen."""
    chosen = deletion_grounds.BY_LETTER.get(ground)
    if chosen is None or date_of_birth is None:
        return None
    of_compulsory_school_age = is_of_compulsory_school_age(date_of_birth, on)
    if chosen.for_compulsory_school_age == of_compulsory_school_age:
        return None
    born, checked_on = govuk_date(date_of_birth), govuk_date(on)
    if of_compulsory_school_age:
        return (
            f"Choose the ground again: a child born on {born} is of compulsory school age on "
            f"{checked_on}, so the grounds are A to O of regulation 9(1)"
        )
    return (
        f"Choose the ground again: a child born on {born} is not of compulsory school age on "
        f"{checked_on}, so the grounds are those of regulation 9(3)"
    )


def return_needed(is_standard_transition: bool, la_asks_for_them: bool) -> str | None:
    """Reg 13(5): no deletion return for a pupil leaving the school's most
    senior class at or after the end of the school year (a standard
    transition, `RemovalFromRoll.is_standard_transition`) unless the LA asks
    for one (`LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS`). Broken, it leads to
    the stop page "You do not need to send a deletion return"."""
    if not is_standard_transition or la_asks_for_them:
        return None
    return (
        "You do not need to send a deletion return for a pupil leaving your most senior "
        "class at the end of the school year"
    )


# Ground A: registered at another school -------------------------------------------


def ground_a_names_the_new_school(
    ground: str, new_school_id: int | None, new_school_name: str
) -> str | None:
    """Ground A (reg 9(1)(a)) is registration at another school: the return
    names it, from the list of establishments or as one not in the list."""
    if ground != NEW_SCHOOL_GROUND or new_school_id or new_school_name:
        return None
    return "Select the new school, or enter a school that is not in the list"


# Ground G: moved beyond a reasonable distance --------------------------------------


def ground_g_gives_the_new_address(
    ground: str, destination_known: str, address_line_1: str, town: str
) -> str | None:
    """Ground G (reg 9(1)(g)) is for a child who has moved away: when the
    school knows where to, the return gives the new address (reg 13(4) and
    reg 8(3); statutory.md §1.4)."""
    if ground != MOVED_AWAY_GROUND or destination_known != DestinationKnown.KNOWN:
        return None
    if address_line_1 and town:
        return None
    return "Enter the child's new address: ground G is for a child who has moved away"


# Grounds H and I: joint reasonable enquiries -------------------------------------


def joint_enquiries_made(ground: str, confirmed: bool) -> str | None:
    """Grounds H and I (reg 9(1)(h) and (i)): the school and the LA have made
    joint reasonable enquiries and not found the child (statutory.md §3.3)."""
    if ground not in JOINT_ENQUIRY_GROUNDS or confirmed:
        return None
    return "Confirm that the school and the local authority have made joint reasonable enquiries"


def not_kept_away_by_sickness(
    ground: str, sickness_or_unavoidable_cause: bool | None
) -> str | None:
    """Grounds H and I (reg 9(1)(h) and (i)) need the school to have no
    reasonable grounds to believe the child cannot attend because of sickness
    or an unavoidable cause. Broken, it leads to the stop page "You cannot
    use this ground"."""
    if ground not in JOINT_ENQUIRY_GROUNDS or not sickness_or_unavoidable_cause:
        return None
    return (
        f"Ground {ground} cannot be used when you believe the child cannot attend because of "
        "sickness or an unavoidable cause"
    )


# Ground I: continuous absence ------------------------------------------------------


def ground_i_every_session_coded_g_n_or_o(
    ground: str, all_sessions_unauthorised: bool | None
) -> str | None:
    """Ground I (reg 9(1)(i)): every session of the absence recorded with code
    G, N or O (`attendance_codes.GROUND_I_CODES`); any other code breaks the
    run. Broken, it leads to the stop page "You cannot use this ground"."""
    if ground != CONTINUOUS_ABSENCE_GROUND or all_sessions_unauthorised is not False:
        return None
    codes = attendance_codes.codes_text(attendance_codes.GROUND_I_CODES)
    return f"Ground I can only be used when every session of the absence was recorded with code {codes}"


def ground_i_absence_began_before_ground_met(
    ground: str, first_day_of_absence: date | None, ground_met_on: date | None
) -> str | None:
    """Ground I (reg 9(1)(i)): the ground is met by the absence, so the absence
    began before the date it was met."""
    if ground != CONTINUOUS_ABSENCE_GROUND or first_day_of_absence is None or ground_met_on is None:
        return None
    if first_day_of_absence < ground_met_on:
        return None
    return "The first day of absence must be before the date the ground was met"


def ground_i_absent_20_school_days(
    ground: str,
    first_day_of_absence: date | None,
    ground_met_on: date | None,
    establishment: Establishment | None,
) -> str | None:
    """Ground I (reg 9(1)(i)): at least 20 school days of continuous absence
    (`deletion_grounds.GROUND_I_MINIMUM_SCHOOL_DAYS`), from the first day of
    absence to the date the ground was met, both counted, in the child's
    school's own school days (its terms and INSET days, or the LA's)."""
    if ground != CONTINUOUS_ABSENCE_GROUND or first_day_of_absence is None or ground_met_on is None:
        return None
    minimum = deletion_grounds.GROUND_I_MINIMUM_SCHOOL_DAYS
    days = calendar_for(establishment).count_school_days(first_day_of_absence, ground_met_on)
    if days >= minimum:
        return None
    return (
        f"The child must have been absent for at least {minimum} school days before the school "
        f"can use ground I. From {govuk_date(first_day_of_absence)} to {govuk_date(ground_met_on)} "
        f"is {days} school day{'' if days == 1 else 's'} at your school"
    )


# Ground H: not back after a leave of absence ------------------------------------------


def ground_h_leave_ended_before_ground_met(
    ground: str, leave_ended_on: date | None, ground_met_on: date | None
) -> str | None:
    """Ground H (reg 9(1)(h)): the ground is met after the leave of absence,
    so the leave ended before the date it was met."""
    if ground != LEAVE_OF_ABSENCE_GROUND or leave_ended_on is None or ground_met_on is None:
        return None
    if leave_ended_on < ground_met_on:
        return None
    return "The last day of the leave of absence must be before the date the ground was met"


def ground_h_earliest(leave_ended_on: date, establishment: Establishment | None) -> date:
    """Ground H (reg 9(1)(h)): the child has failed to attend within the 10
    school days after the leave of absence ended, so the ground can be met on
    the 10th school day after the leave's last day at the earliest (the
    child's school's own school days)."""
    return calendar_for(establishment).add_school_days(
        leave_ended_on, deletion_grounds.GROUND_H_SCHOOL_DAYS_AFTER_LEAVE
    )


def ground_h_10_school_days_after_leave(
    ground: str,
    leave_ended_on: date | None,
    ground_met_on: date | None,
    establishment: Establishment | None,
) -> str | None:
    """Ground H (reg 9(1)(h)): met no earlier than the 10th school day after
    the leave of absence ended (`ground_h_earliest`)."""
    if ground != LEAVE_OF_ABSENCE_GROUND or leave_ended_on is None or ground_met_on is None:
        return None
    earliest = ground_h_earliest(leave_ended_on, establishment)
    if ground_met_on >= earliest:
        return None
    days = deletion_grounds.GROUND_H_SCHOOL_DAYS_AFTER_LEAVE
    return (
        f"Ground H can only be used once the child has not come back for the {days} school days "
        f"after the leave of absence ended. The ground can be met on {govuk_date(earliest)} at the earliest"
    )


# Ground L: leaving compulsory school age ---------------------------------------------


def ground_l_leaves_compulsory_school_age(
    ground: str,
    date_of_birth: date | None,
    ground_met_on: date | None,
    deletion_date: date | None,
) -> str | None:
    """Ground L (reg 9(1)(l)) is for a child who stops being of compulsory
    school age (the last Friday in June of the school year they turn 16,
    children/school_age.py) by the end of the school year of the deletion
    (the deletion date, or the date the ground was met until it is given)."""
    if ground != LEAVING_AGE_GROUND or date_of_birth is None or ground_met_on is None:
        return None
    if leaves_compulsory_school_age_by_end_of_school_year(
        date_of_birth, deletion_date or ground_met_on
    ):
        return None
    end = compulsory_school_age(date_of_birth).end
    return (
        f"Ground L is only for a child who stops being of compulsory school age by the end of this "
        f"school year. A child born on {govuk_date(date_of_birth)} is of compulsory school age "
        f"until {govuk_date(end)}"
    )


# Ground O: permanent exclusion -------------------------------------------------------


def ground_o_review_over(ground: str, exclusion_review: str) -> str | None:
    """Ground O (reg 9(1)(o)): a permanently excluded child stays on the
    register until the time to ask for a review of the exclusion has passed,
    or a review asked for has concluded. Broken, it leads to the stop page
    "You cannot delete the child's name yet"."""
    if ground != PERMANENT_EXCLUSION_GROUND or exclusion_review != ExclusionReview.PENDING:
        return None
    return (
        "You cannot delete the child's name until the time to ask for a review of the "
        "permanent exclusion has passed, or a review has concluded"
    )
