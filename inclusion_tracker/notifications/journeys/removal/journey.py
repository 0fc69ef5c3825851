"""The deletion return's journey: its pages in order, when each applies, the
stop pages, and "check your answers" (warnings, the submission check run
before sending, what happens next). The forms are in `forms.py`, the checks
in `rules.py`.
"""

from django.conf import settings
from django.utils import timezone

from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.notifications import deletion_grounds
from inclusion_tracker.notifications.deletion_grounds import (
    HOME_EDUCATION_GROUND,
    NEW_SCHOOL_GROUND,
    PERMANENT_EXCLUSION_GROUND,
)
from inclusion_tracker.notifications.journeys.base import CollectionPage, Journey, Page
from inclusion_tracker.notifications.journeys.common import (
    CHILD_PAGES,
    ESTABLISHMENT_PAGE,
    FLAGS_PAGE,
)
from inclusion_tracker.notifications.journeys.removal import rules
from inclusion_tracker.notifications.journeys.removal.forms import (
    AbsenceForm,
    DestinationForm,
    ExclusionReviewForm,
    FutureAddressForm,
    FutureSchoolForm,
    GroundForm,
    NewSchoolForm,
    NewSchoolStartForm,
    ParentForm,
    ParentNoticeForm,
    RemovalDatesForm,
    describe_parent,
    destination_by_ground,
)
from inclusion_tracker.notifications.models import DestinationKnown, Kind, RemovalFromRoll

# When each page applies ----------------------------------------------------------


def _ground(notification) -> str:
    return notification.details.ground


def ground_is_a(notification) -> bool:
    return _ground(notification) == NEW_SCHOOL_GROUND


def ground_is_f(notification) -> bool:
    return _ground(notification) == HOME_EDUCATION_GROUND


def ground_is_o(notification) -> bool:
    return _ground(notification) == PERMANENT_EXCLUSION_GROUND


def needs_joint_enquiries(notification) -> bool:
    return _ground(notification) in deletion_grounds.JOINT_ENQUIRY_GROUNDS


def asks_about_destination(notification) -> bool:
    ground = _ground(notification)
    return bool(ground) and destination_by_ground(ground) == "asked"


def destination_is_known(notification) -> bool:
    return notification.details.destination_known == DestinationKnown.KNOWN


def asks_about_future_school(notification) -> bool:
    return destination_is_known(notification) and not ground_is_a(notification)


# Stop pages: a rule broken by an answer the page accepts ---------------------------


def la_asks_for_standard_transition_returns(notification) -> bool:
    """Whether the notifying school's LA asks for reg 13(5) returns (the
    deployment's setting until the establishment is chosen)."""
    establishment = notification.establishment
    if establishment is None:
        return settings.LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS
    return establishment.la_asks_for_standard_transition_returns


def _phone(notification) -> str:
    establishment = notification.establishment
    return (
        establishment.inclusion_service_phone if establishment else settings.INCLUSION_SERVICE_PHONE
    )


def _la_name(notification) -> str:
    establishment = notification.establishment
    return establishment.la_display_name if establishment else settings.LA_NAME


def no_return_needed(notification) -> bool:
    """Reg 13(5): a standard transition, and this LA does not ask for those."""
    return bool(
        rules.return_needed(
            notification.details.is_standard_transition,
            la_asks_for_standard_transition_returns(notification),
        )
    )


def absence_rules_out_ground(notification) -> bool:
    """Grounds H and I answered in a way that rules the ground out: not every
    session coded G, N or O, or reasonable grounds to believe the child cannot
    attend because of sickness or an unavoidable cause."""
    removal = notification.details
    return bool(
        rules.not_kept_away_by_sickness(removal.ground, removal.sickness_or_unavoidable_cause)
        or rules.ground_i_every_session_coded_g_n_or_o(
            removal.ground, removal.all_sessions_unauthorised
        )
    )


def exclusion_review_pending(notification) -> bool:
    removal = notification.details
    return bool(rules.ground_o_review_over(removal.ground, removal.exclusion_review))


# Check your answers, sending and afterwards --------------------------------------


def check_warnings(notification) -> list[str]:
    removal = notification.details
    warnings = []
    if removal.is_late:
        warnings.append(
            f"The deletion date, {govuk_date(removal.deletion_date)}, is in the past, so this return "
            "is late. Send a deletion return as soon as the ground is met, and no later than the "
            "deletion date."
        )
    if removal.destination_unknown:
        warnings.append(
            "You have said you do not know where the child is going. After you send this, phone "
            f"the Inclusion service on {_phone(notification)}."
        )
    if removal.is_standard_transition and la_asks_for_standard_transition_returns(notification):
        warnings.append(
            f"{_la_name(notification)} asks for a deletion return for pupils leaving your most senior "
            "class at the end of the school year, so send this one."
        )
    return warnings


def submission_errors(notification) -> list[tuple[str, str]]:
    """The submission check, run by "check your answers" and again when
    sending: every rule the pages check, against the answers as they are now
    (an answer changed on one page can break a rule checked on another).
    Gives (message, slug of the page to change). Pages not answered yet are
    listed by the check page already, so a rule about a page's answers waits
    for that page."""
    removal = notification.details
    establishment, born = notification.establishment, notification.date_of_birth
    ground, met, deletion = removal.ground, removal.ground_met_on, removal.deletion_date
    first_day, leave_ended = removal.first_day_of_absence, removal.leave_ended_on
    la_asks = la_asks_for_standard_transition_returns(notification)
    # (the page the rule waits for, or "" for none; the rule; the page to change)
    checks: list[tuple[str, str | None, str]] = [
        ("", rules.return_needed(removal.is_standard_transition, la_asks), "no-return-needed"),
        (
            "ground",
            rules.ground_for_age_on_deletion(ground, born, removal.age_checked_on),
            "ground",
        ),
        ("", rules.ground_met_today_or_earlier(met, timezone.localdate()), "dates"),
        ("", rules.deletion_on_or_after_ground_met(met, deletion), "dates"),
        ("", rules.ground_l_leaves_compulsory_school_age(ground, born, met, deletion), "dates"),
        (
            "new-school",
            rules.ground_a_names_the_new_school(
                ground, removal.new_school_id, removal.new_school_name
            ),
            "new-school",
        ),
        (
            "absence",
            rules.joint_enquiries_made(ground, removal.joint_enquiries_confirmed),
            "absence",
        ),
        (
            "absence",
            rules.not_kept_away_by_sickness(ground, removal.sickness_or_unavoidable_cause),
            "absence",
        ),
        (
            "absence",
            rules.ground_i_every_session_coded_g_n_or_o(ground, removal.all_sessions_unauthorised),
            "absence",
        ),
        (
            "absence",
            rules.ground_i_absence_began_before_ground_met(ground, first_day, met)
            or rules.ground_i_absent_20_school_days(ground, first_day, met, establishment),
            "absence",
        ),
        (
            "absence",
            rules.ground_h_10_school_days_after_leave(ground, leave_ended, met, establishment),
            "dates",
        ),
        ("", rules.ground_o_review_over(ground, removal.exclusion_review), "exclusion-review"),
        (
            "future-address",
            rules.ground_g_gives_the_new_address(
                ground,
                removal.destination_known,
                removal.future_address_line_1,
                removal.future_town,
            ),
            "future-address",
        ),
    ]
    answered = {"", *notification.completed_pages}
    return [(error, slug) for waits_for, error, slug in checks if error and waits_for in answered]


def what_happens_next(notification) -> list[str]:
    removal = notification.details
    phone = settings.INCLUSION_SERVICE_PHONE
    steps = [
        "The Inclusion service will check the deletion return and contact you if they need to know more."
    ]
    if removal.needs_cme_enquiry:
        steps.append(
            "The Inclusion service has started enquiries to find the child (a children missing "
            "education enquiry). Tell them anything that could help, such as the last contact "
            f"with the family or brothers' and sisters' schools. If you find out where the child "
            f"is, phone {phone} straight away."
        )
    elif removal.needs_early_years_follow_up:
        steps.append(
            "The child is not of compulsory school age, so this is not a children missing "
            "education enquiry: the Inclusion service will follow it up as an early years child "
            f"missing education. If you find out where the child is, phone {phone}."
        )
    elif removal.destination_unknown:
        steps.append(
            "The child is past compulsory school age, so the Inclusion service will not start a "
            f"children missing education enquiry. If you find out where the child is, phone {phone}."
        )
    if removal.ground == NEW_SCHOOL_GROUND and removal.new_school:
        steps.append(
            f"The Inclusion service may check with {removal.new_school.name} that the child has started there."
        )
    if removal.deletion_date and removal.deletion_date >= timezone.localdate():
        steps.append(
            f"Delete the child's name from your admission register on {govuk_date(removal.deletion_date)}, not before."
        )
    return steps


JOURNEY = Journey(
    kind=Kind.REMOVAL_FROM_ROLL,
    title="Removal from roll",
    description="Tell us whenever you delete a child's name from your admission register, under any of the grounds A to O, or regulation 9(3) for a child not of compulsory school age (a deletion return).",
    due="As soon as the ground for removal is met, and no later than the day you delete the child's name",
    create_details=lambda notification: RemovalFromRoll.objects.create(notification=notification),
    pages=(
        ESTABLISHMENT_PAGE,
        *CHILD_PAGES,
        CollectionPage(
            "parents",
            "Parent",
            ParentForm,
            edits="details",
            caption="Parents the child normally lives with",
            items=lambda notification: notification.details.parents.all(),
            item_summary=describe_parent,
            add_label="Add this parent",
            empty_message="Add at least one parent the child normally lives with",
        ),
        Page("ground", "Ground for removal", GroundForm, edits="details", caption="The removal"),
        Page(
            "dates",
            "Date the ground was met and deletion date",
            RemovalDatesForm,
            edits="details",
            caption="The removal",
        ),
        Page(
            "no-return-needed",
            "You do not need to send a deletion return",
            RemovalDatesForm,
            edits="details",
            applies=no_return_needed,
            template="notifications/removal_stop.html",
            stop=True,
        ),
        Page(
            "new-school",
            "The child's new school",
            NewSchoolForm,
            edits="details",
            applies=ground_is_a,
            caption="The removal",
            template="notifications/removal_new_school.html",
        ),
        Page(
            "new-school-start",
            "Start date at the new school",
            NewSchoolStartForm,
            edits="details",
            applies=ground_is_a,
            caption="The removal",
        ),
        Page(
            "parent-notice",
            "Parent's written notice",
            ParentNoticeForm,
            edits="details",
            applies=ground_is_f,
            caption="The removal",
        ),
        Page(
            "absence",
            "Absence and joint reasonable enquiries",
            AbsenceForm,
            edits="details",
            applies=needs_joint_enquiries,
            caption="The removal",
        ),
        Page(
            "ground-not-met",
            "You cannot use this ground",
            AbsenceForm,
            edits="details",
            applies=absence_rules_out_ground,
            template="notifications/removal_stop.html",
            stop=True,
        ),
        Page(
            "exclusion-review",
            "Review of the permanent exclusion",
            ExclusionReviewForm,
            edits="details",
            applies=ground_is_o,
            caption="The removal",
        ),
        Page(
            "exclusion-review-pending",
            "You cannot delete the child's name yet",
            ExclusionReviewForm,
            edits="details",
            applies=exclusion_review_pending,
            template="notifications/removal_stop.html",
            stop=True,
        ),
        Page(
            "destination",
            "Where the child is going",
            DestinationForm,
            edits="details",
            applies=asks_about_destination,
            caption="Where the child is going",
        ),
        Page(
            "future-address",
            "The child's new address",
            FutureAddressForm,
            edits="details",
            applies=destination_is_known,
            caption="Where the child is going",
        ),
        Page(
            "future-school",
            "The child's next school",
            FutureSchoolForm,
            edits="details",
            applies=asks_about_future_school,
            caption="Where the child is going",
            intro="If you know the school the child will go to next, tell us. Leave this page empty if you do not know.",
        ),
        FLAGS_PAGE,
    ),
    check_warnings=check_warnings,
    submission_errors=submission_errors,
    what_happens_next=what_happens_next,
)
