from datetime import date, timedelta

import pytest
from django.utils import timezone

from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.models import Establishment
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
    REMOVAL_PARENT,
    answer_removal,
    date_parts,
    start,
)
from inclusion_tracker.school_calendar.school_days import count_school_days as school_days


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def page_url(notification, slug: str) -> str:
    return f"/notify/{notification.reference}/{slug}/"


def post_page(client, notification, slug, data):
    return client.post(page_url(notification, slug), data)


def removal_draft(client, **details) -> Notification:
    """A removal-from-roll draft with these answers already given."""
    notification = start(client, Kind.REMOVAL_FROM_ROLL)
    RemovalFromRoll.objects.filter(notification=notification).update(**details)
    return Notification.objects.get(pk=notification.pk)


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def parts(name: str, day: date) -> dict:
    return date_parts(name, day.day, day.month, day.year)


# The whole journey ------------------------------------------------------------


def test_a_school_user_removes_a_child_registered_at_a_new_school_found_by_search(
    school, school_a, school_b, client_for, school_user_a, officer
):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    assert notification.reference.startswith("ROL-")
    assert notification.establishment == school_a
    post_page(school, notification, "ground", {"ground": "A"})

    search = page_text(school.get(page_url(notification, "new-school") + "?q=beta"))
    assert "1 school matches ‘beta’" in search
    assert f'value="{school_b.pk}"' in search
    assert "URN 900002, Leicestershire, LE1 1AA" in search
    # By URN too; the school the child is leaving is never offered.
    by_urn = page_text(school.get(page_url(notification, "new-school") + "?q=900002"))
    assert f'value="{school_b.pk}"' in by_urn
    own = page_text(school.get(page_url(notification, "new-school") + "?q=Alpha"))
    assert "No open schools match ‘Alpha’" in own
    assert f'value="{school_a.pk}"' not in own

    answer_removal(
        school,
        notification,
        {
            "ground": {"ground": "A"},
            "new-school": {"new_school": str(school_b.pk)},
            # Ground A: the new address is asked only if the child moves home.
            "future-address": {},
        },
    )
    check = page_text(school.get(f"/notify/{notification.reference}/check/"))
    assert "Check your answers before sending" in check
    assert "A: Registered at another school (regulation 9(1)(a))" in check
    assert "Beta Academy" in check
    assert "13 April 2026" in check
    assert (
        "Sara Khan (Mother), lives at the child's address, emergency phone 07700900982"
    ) in check
    assert "is in the past, so this return is late" not in check
    assert "Do you know where the child is going?" not in check

    response = school.post(f"/notify/{notification.reference}/check/")
    assert response.url == f"/notify/{notification.reference}/confirmation/"
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.needs_cme_enquiry is False
    removal = notification.details
    assert removal.new_school == school_b
    assert removal.new_school_name == ""
    assert removal.new_school_start_date == date(2026, 4, 13)
    assert removal.destination_known == DestinationKnown.KNOWN
    assert [parent.full_name for parent in removal.parents.all()] == ["Sara Khan"]

    detail = client_for(officer).get(f"/notifications/{notification.reference}/")
    assert detail.status_code == 200
    assert "Beta Academy" in page_text(detail)

    school = client_for(school_user_a)
    confirmation = page_text(school.get(response.url))
    assert "Removal from roll sent" in confirmation
    assert "Phone the Inclusion service today" not in confirmation
    assert "The Inclusion service may check with Beta Academy that the child has started there" in (
        confirmation
    )


def test_when_the_destination_is_not_known_the_school_is_told_to_phone_and_a_cme_enquiry_is_needed(
    school, settings
):
    settings.INCLUSION_SERVICE_PHONE = "01572 000 111"
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification)  # ground I, destination not known

    check = page_text(school.get(f"/notify/{notification.reference}/check/"))
    assert "I: Continuously absent for 20 school days, whereabouts unknown" in check
    assert "Joint reasonable enquiries made" in check
    assert (
        "You have said you do not know where the child is going. After you send this, phone "
        "the Inclusion service on 01572 000 111." in check
    )
    assert "The child's new address" not in check

    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.needs_cme_enquiry is True
    confirmation = page_text(school.get(f"/notify/{notification.reference}/confirmation/"))
    assert "Phone the Inclusion service today on 01572 000 111" in confirmation
    assert "children missing education enquiry" in confirmation
    assert "0116 305 2071" not in confirmation


def test_a_known_destination_asks_for_the_new_address_and_the_next_school(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(
        school,
        notification,
        {
            "ground": {"ground": "N"},
            "destination": {"destination_known": "known"},
            "future-school": {
                "new_school_name": "Oakham C of E Primary",
                "new_school_la": "Rutland",
                **date_parts("new_school_start_date", 13, 4, 2026),
            },
        },
    )
    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.needs_cme_enquiry is False
    removal = notification.details
    assert (removal.future_address_line_1, removal.future_town, removal.future_postcode) == (
        "9 New Street",
        "Oakham",
        "LE15 6AA",
    )
    assert removal.future_address_from == date(2026, 4, 4)
    assert removal.future_parent_name == "Sara Khan"
    assert (removal.new_school_name, removal.new_school_la) == ("Oakham C of E Primary", "Rutland")


def test_ground_g_asks_whether_the_new_address_is_known_and_then_takes_it(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    post_page(school, notification, "ground", {"ground": "G"})
    notification.refresh_from_db()
    assert notification.details.destination_known == ""
    # Moved away, but to where: the school is asked whether it knows.
    question = page_text(school.get(page_url(notification, "destination")))
    assert "Do you know the child's new address?" in question
    response = post_page(school, notification, "destination", {})
    assert "Select yes if you know the child's new address" in page_text(response)
    post_page(school, notification, "destination", {"destination_known": "known"})
    response = post_page(school, notification, "future-address", {})
    content = page_text(response)
    assert "Enter address line 1, typically the building and street" in content
    assert "Enter the date the child will live at the new address" in content
    assert "Ground G is for a child who has moved away" in content


def test_ground_k_asks_nothing_about_where_the_child_is_going(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification, {"ground": {"ground": "K"}})
    notification.refresh_from_db()
    assert "ground" in notification.completed_pages
    assert "destination" not in notification.completed_pages
    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.needs_cme_enquiry is False


def test_the_ground_page_shows_each_ground_with_its_regulation_and_explanation(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    content = page_text(school.get(page_url(notification, "ground")))
    for ground in deletion_grounds.GROUNDS:
        assert ground.label in content
        assert ground.explanation in content
    assert 'aria-describedby="id_ground_0-hint"' in content


# Validation ---------------------------------------------------------------------

ABSENCE_I = {"ground": "I", "ground_met_on": date(2026, 3, 27)}


@pytest.mark.parametrize(
    ("details", "slug", "data", "message"),
    [
        ({}, "ground", {}, "Select why the child is being removed from the admission register"),
        ({}, "ground", {"ground": "Z"}, "Select one of the grounds A to O"),
        ({}, "dates", parts("ground_met_on", date(2026, 3, 2)), "Enter the deletion date"),
        (
            {},
            "dates",
            {
                **date_parts("ground_met_on", 2, 3, 2026),
                "deletion_date_day": "9",
                "deletion_date_year": "2026",
            },
            "Deletion date must include a month",
        ),
        (
            {},
            "dates",
            {**date_parts("ground_met_on", 2, 3, 2026), **date_parts("deletion_date", 31, 4, 2026)},
            "Deletion date must be a real date",
        ),
        (
            {},
            "dates",
            {**date_parts("ground_met_on", 2, 3, 26), **date_parts("deletion_date", 3, 3, 2026)},
            "Year must include 4 numbers",
        ),
        (
            {},
            "dates",
            {
                **date_parts("ground_met_on", 27, 3, 2026),
                **date_parts("deletion_date", 26, 3, 2026),
            },
            "The deletion date must be the same as or after the date the ground was met, 27 March 2026",
        ),
        (
            {"ground": "A"},
            "new-school",
            {},
            "Search for the new school and select it, or enter the name of a school that is not in the list",
        ),
        (
            {"ground": "A"},
            "new-school",
            {"new_school_name": "Hillside School"},
            "Enter the new school's local authority",
        ),
        (
            {"ground": "A"},
            "new-school",
            {"new_school_la": "Rutland"},
            "Enter the name of the new school",
        ),
        (
            {"ground": "A"},
            "new-school-start",
            {"new_school_start_date_day": "13", "new_school_start_date_month": "4"},
            "Start date at the new school must include a year",
        ),
        (
            {"ground": "A"},
            "new-school-start",
            {},
            "Enter the date the child starts at the new school",
        ),
        ({"ground": "F"}, "parent-notice", {}, "Enter the date of the parent's written notice"),
        (
            {"ground": "F"},
            "parent-notice",
            # A week ahead: still in the future if the run crosses midnight.
            parts("parent_notice_date", in_days(7)),
            "Date of the parent's written notice must be today or in the past",
        ),
        (
            ABSENCE_I,
            "absence",
            date_parts("first_day_of_absence", 2, 3, 2026),
            "Confirm that the school and the local authority have made joint reasonable enquiries",
        ),
        (
            ABSENCE_I,
            "absence",
            {"joint_enquiries_confirmed": "on"},
            "Enter the first day of absence",
        ),
        (
            ABSENCE_I,
            "absence",
            {
                **date_parts("first_day_of_absence", 27, 3, 2026),
                "all_sessions_unauthorised": "True",
                "sickness_or_unavoidable_cause": "False",
                "joint_enquiries_confirmed": "on",
            },
            "The first day of absence must be before the date the ground was met, 27 March 2026",
        ),
        (
            {"ground": "H", "ground_met_on": date(2026, 3, 27)},
            "absence",
            {
                **date_parts("leave_ended_on", 27, 3, 2026),
                "sickness_or_unavoidable_cause": "False",
                "joint_enquiries_confirmed": "on",
            },
            "The last day of the leave of absence must be before the date the ground was met, 27 March 2026",
        ),
        (
            ABSENCE_I,
            "absence",
            {
                **date_parts("first_day_of_absence", 2, 3, 2026),
                "sickness_or_unavoidable_cause": "False",
                "joint_enquiries_confirmed": "on",
            },
            "Select yes if every session was recorded as unauthorised absence",
        ),
        (
            ABSENCE_I,
            "absence",
            {
                **date_parts("first_day_of_absence", 2, 3, 2026),
                "all_sessions_unauthorised": "True",
                "joint_enquiries_confirmed": "on",
            },
            "Select yes if you believe the child cannot attend because of sickness or an unavoidable cause",
        ),
        ({"ground": "B"}, "destination", {}, "Select yes if you know where the child is going"),
        (
            {"ground": "I", "destination_known": "known"},
            "future-address",
            {"future_town": "Oakham", **date_parts("future_address_from", 4, 4, 2026)},
            "Enter address line 1, typically the building and street",
        ),
        (
            {"ground": "I", "destination_known": "known"},
            "future-address",
            {"future_address_line_1": "9 New Street", "future_town": "Oakham"},
            "Enter the date the child will live at the new address",
        ),
        (
            {"ground": "I", "destination_known": "known"},
            "future-address",
            {
                "future_address_line_1": "9 New Street",
                "future_town": "Oakham",
                "future_postcode": "LE15",
                **date_parts("future_address_from", 4, 4, 2026),
            },
            "Enter a real postcode, like LE1 2AB",
        ),
        (
            {"ground": "A", "destination_known": "known"},
            "future-address",
            {"future_town": "Oakham"},
            "Enter address line 1, typically the building and street",
        ),
        (
            {"ground": "I", "destination_known": "known"},
            "future-school",
            {"new_school_la": "Rutland"},
            "Enter the name of the new school",
        ),
    ],
)
def test_each_question_explains_what_to_fix_and_keeps_what_was_typed(
    school, details, slug, data, message
):
    notification = removal_draft(school, **details)
    response = post_page(school, notification, slug, data)
    assert response.status_code == 200
    content = page_text(response)
    assert "There is a problem" in content
    assert "<title>Error: " in content
    assert message in content
    for key, value in data.items():
        if key not in {"ground", "joint_enquiries_confirmed"}:
            assert f'value="{value}"' in content, key
    assert slug not in Notification.objects.get(pk=notification.pk).completed_pages


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": ""}, "Enter the parent's full name"),
        ({"relationship": ""}, "Enter the parent's relationship to the child"),
        ({"lives_at_child_address": ""}, "Select yes if the parent lives at the child's address"),
        ({"emergency_phone": ""}, "Enter an emergency phone number for the parent"),
        (
            {"emergency_phone": "call mum"},
            "Enter a phone number for emergencies in the correct format, like 01632 960 001 or 07700 900 982, or for a number outside the UK, its country code and number, like +48 22 123 4567",
        ),
        (
            {"other_phone": "12345"},
            "Enter a phone number in the correct format, like 01632 960 001 or 07700 900 982, or for a number outside the UK, its country code and number, like +48 22 123 4567",
        ),
        (
            {"lives_at_child_address": "False", "town": "Leicester", "postcode": "LE2 3CD"},
            "Enter address line 1, typically the building and street",
        ),
        (
            {"lives_at_child_address": "False", "address_line_1": "3 Oak Road", "postcode": "LE2"},
            "Enter the town or city",
        ),
        (
            {
                "lives_at_child_address": "False",
                "address_line_1": "3 Oak Road",
                "town": "Leicester",
                "postcode": "LE2",
            },
            "Enter a real postcode, like LE1 2AB",
        ),
    ],
)
def test_each_parent_question_explains_what_to_fix_and_keeps_what_was_typed(school, data, message):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    posted = {**REMOVAL_PARENT, **data}
    response = post_page(school, notification, "parents", posted)
    assert response.status_code == 200
    content = page_text(response)
    assert "<title>Error: " in content
    assert message in content
    for key, value in posted.items():
        if value and key not in {"action", "lives_at_child_address"}:
            assert f'value="{value}"' in content, key
    assert not notification.details.parents.exists()


def test_a_past_deletion_date_is_accepted_with_a_warning_that_the_return_is_late(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    yesterday = in_days(-1)
    answer_removal(
        school,
        notification,
        {
            "ground": {"ground": "K"},
            "dates": {**parts("ground_met_on", in_days(-3)), **parts("deletion_date", yesterday)},
        },
    )
    check = page_text(school.get(f"/notify/{notification.reference}/check/"))
    assert (
        f"The deletion date, {yesterday.day} {yesterday:%B %Y}, is in the past, so this return is "
        "late. Send a deletion return as soon as the ground is met, and no later than the deletion "
        "date." in check
    )
    assert "You cannot send this yet" not in check
    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    assert notification.details.is_late


def test_school_days_count_monday_to_friday_with_both_ends_included():
    assert school_days(date(2026, 3, 2), date(2026, 3, 20)) == 15
    assert school_days(date(2026, 3, 2), date(2026, 3, 27)) == 20
    assert school_days(date(2026, 3, 6), date(2026, 3, 9)) == 2  # Friday to Monday
    assert school_days(date(2026, 3, 7), date(2026, 3, 8)) == 0  # a weekend
    assert school_days(date(2026, 3, 9), date(2026, 3, 6)) == 0


@pytest.mark.parametrize(
    ("ground_met_on", "error"),
    [
        (
            date(2026, 3, 20),
            "The child must have been absent for at least 20 school days before the school can "
            "use ground I. From 2 March 2026 to 20 March 2026 is 15 school days",
        ),
        (
            date(2026, 3, 26),
            "The child must have been absent for at least 20 school days before the school can "
            "use ground I. From 2 March 2026 to 26 March 2026 is 19 school days",
        ),
        (date(2026, 3, 27), None),
    ],
)
def test_ground_i_needs_at_least_20_school_days_of_absence(school, ground_met_on, error):
    notification = removal_draft(school, ground="I", ground_met_on=ground_met_on)
    response = post_page(school, notification, "absence", REMOVAL_ANSWERS["absence"])
    if error:
        assert error in page_text(response)
        assert "school days at your school, from your term dates" in page_text(response)
    else:
        assert response.status_code == 302


def test_changing_the_ground_met_date_afterwards_is_caught_before_sending(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification)
    school.post(
        f"/notify/{notification.reference}/dates/?change=1",
        {**REMOVAL_ANSWERS["dates"], **date_parts("ground_met_on", 20, 3, 2026)},
    )
    check = page_text(school.get(f"/notify/{notification.reference}/check/"))
    assert "You cannot send this yet" in check
    assert "From 2 March 2026 to 20 March 2026 is 15 school days" in check
    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.DRAFT


def test_changing_the_ground_asks_the_new_grounds_questions_and_forgets_the_old_ones(
    school, school_b
):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(
        school,
        notification,
        {"ground": {"ground": "A"}, "new-school": {"new_school": str(school_b.pk)}},
    )
    response = school.post(f"/notify/{notification.reference}/ground/?change=1", {"ground": "I"})
    # The first question the new ground needs, then back to check your answers.
    assert response.url == f"/notify/{notification.reference}/absence/?change=1"
    notification.refresh_from_db()
    removal = notification.details
    assert removal.new_school is None
    # Ground I is used only when enquiries have failed: the destination is unknown.
    assert removal.destination_known == "not_known"
    assert removal.needs_cme_enquiry
    assert "new-school" not in notification.completed_pages
    check = page_text(school.get(f"/notify/{notification.reference}/check/"))
    assert "Answer the question: absence and joint reasonable enquiries" in check
    assert "Answer the question: where the child is going" not in check
    assert school.get(f"/notify/{notification.reference}/destination/").status_code == 404


# Parents --------------------------------------------------------------------------


def test_parents_can_be_added_several_times_and_removed(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    url = page_url(notification, "parents")
    assert "Add parents" in page_text(school.get(url))
    refused = page_text(school.post(url, {"action": "continue"}))
    assert "Add at least one parent the child normally lives with" in refused
    assert "<title>Error: " in refused

    school.post(url, REMOVAL_PARENT)
    school.post(
        url,
        {
            **REMOVAL_PARENT,
            "full_name": "Omar Khan",
            "relationship": "Father",
            "lives_at_child_address": "False",
            "address_line_1": "3 Oak Road",
            "town": "Leicester",
            "postcode": "le2 3cd",
            "emergency_phone": "+44 7700 900 123",
        },
    )
    removal = notification.details
    assert [parent.full_name for parent in removal.parents.all()] == ["Sara Khan", "Omar Khan"]
    listing = page_text(school.get(url))
    assert "You have added 2 parents" in listing
    assert "Omar Khan (Father), 3 Oak Road, Leicester, LE2 3CD, emergency phone +447700900123" in (
        listing
    )

    school.post(f"{url}remove/{removal.parents.first().pk}/")
    assert [parent.full_name for parent in removal.parents.all()] == ["Omar Khan"]
    assert school.post(url, {"action": "continue"}).status_code == 302
    notification.refresh_from_db()
    assert "parents" in notification.completed_pages

    school.post(f"{url}remove/{removal.parents.get().pk}/")
    notification.refresh_from_db()
    assert "parents" not in notification.completed_pages


def test_phone_numbers_and_postcodes_are_normalised(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    school.post(
        page_url(notification, "parents"),
        {
            **REMOVAL_PARENT,
            "lives_at_child_address": "False",
            "address_line_1": "3 Oak Road",
            "town": "Leicester",
            "postcode": " le2  3cd ",
            "emergency_phone": "07700 900-982",
            "other_phone": "(0116) 496 0123",
        },
    )
    parent = notification.details.parents.get()
    assert parent.postcode == "LE2 3CD"
    assert parent.emergency_phone == "07700900982"
    assert parent.other_phone == "01164960123"


def test_a_parent_at_the_childs_address_keeps_no_separate_address(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    school.post(
        page_url(notification, "parents"),
        {**REMOVAL_PARENT, "address_line_1": "3 Oak Road", "town": "Leicester"},
    )
    parent = notification.details.parents.get()
    assert parent.lives_at_child_address is True
    assert (parent.address_line_1, parent.town) == ("", "")


# The new school search --------------------------------------------------------------


def test_the_new_school_search_keeps_the_change_link_and_explains_no_results(school, school_b):
    notification = removal_draft(school, ground="A")
    content = page_text(school.get(page_url(notification, "new-school") + "?q=Nowhere&change=1"))
    assert "No open schools match ‘Nowhere’" in content
    assert '<input type="hidden" name="change" value="1">' in content
    assert "Save and return to check your answers" in content


def test_the_chosen_new_school_stays_offered_when_the_page_is_shown_again(school, school_b):
    notification = removal_draft(school, ground="A", new_school=school_b)
    content = page_text(school.get(page_url(notification, "new-school")))
    assert f'value="{school_b.pk}" checked' in content


@pytest.mark.parametrize("which", ["missing", "closed", "early_years", "own", "not_a_number"])
def test_a_new_school_id_typed_into_the_form_cannot_pick_an_invalid_school(school, school_a, which):
    closed = EstablishmentFactory(name="Old Closed School", status=Establishment.Status.CLOSED)
    nursery = EstablishmentFactory(name="Little Acorns Day Nursery", is_early_years_setting=True)
    value = {
        "missing": "999999",
        "closed": str(closed.pk),
        "early_years": str(nursery.pk),
        "own": str(school_a.pk),
        "not_a_number": "x",
    }[which]
    notification = removal_draft(school, ground="A")
    response = post_page(school, notification, "new-school", {"new_school": value})
    assert response.status_code == 200
    assert "Select a school from the search results" in page_text(response)
    assert notification.details.new_school is None


def test_a_school_cannot_be_both_picked_and_typed_in(school, school_b):
    notification = removal_draft(school, ground="A")
    response = post_page(
        school,
        notification,
        "new-school",
        {"new_school": str(school_b.pk), "new_school_name": "Hillside", "new_school_la": "Rutland"},
    )
    assert (
        "Select a school from the search results or enter a school that is not in the list, not both"
        in page_text(response)
    )
    # What was picked is still offered and selected.
    assert f'value="{school_b.pk}" checked' in page_text(response)


def test_an_establishment_id_typed_into_the_form_must_be_one_of_the_users_own(
    client_for, school_user_a, school_b
):
    other_own = EstablishmentFactory(name="Alpha Junior School")
    school_user_a.establishments.add(other_own)
    school = client_for(school_user_a)
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    assert notification.establishment is None
    response = post_page(school, notification, "establishment", {"establishment": school_b.pk})
    assert "Select one of your establishments" in page_text(response)
    response = post_page(school, notification, "establishment", {"establishment": other_own.pk})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.establishment == other_own


# Who may see a draft ------------------------------------------------------------------


def test_a_school_user_at_another_establishment_gets_404_on_the_drafts_pages(
    client_for, school_user_a, school_user_b
):
    school = client_for(school_user_a)
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification, {"ground": {"ground": "A"}})
    parent = notification.details.parents.get()
    other = client_for(school_user_b)
    reference = notification.reference
    for slug in ("child-upn", "parents", "ground", "dates", "new-school", "future-address"):
        assert other.get(f"/notify/{reference}/{slug}/").status_code == 404, slug
        assert other.post(f"/notify/{reference}/{slug}/", {}).status_code == 404, slug
    assert other.get(f"/notify/{reference}/new-school/?q=Beta").status_code == 404
    assert other.get(f"/notify/{reference}/").status_code == 404
    assert other.get(f"/notify/{reference}/check/").status_code == 404
    assert other.post(f"/notify/{reference}/check/").status_code == 404
    assert other.post(f"/notify/{reference}/parents/remove/{parent.pk}/").status_code == 404
    notification.refresh_from_db()
    assert notification.status == Status.DRAFT
    assert notification.details.parents.count() == 1


def test_the_receipt_and_next_steps_name_the_deletion_date(school):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification, {"ground": {"ground": "K"}})
    school.post(f"/notify/{notification.reference}/check/")
    deletion = notification.details.deletion_date
    confirmation = page_text(school.get(f"/notify/{notification.reference}/confirmation/"))
    assert (
        "Delete the child's name from your admission register on "
        f"{deletion.day} {deletion:%B %Y}, not before."
    ) in confirmation


def test_switching_from_ground_a_to_g_without_a_new_address_is_caught_before_sending(
    school, school_b
):
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(
        school,
        notification,
        {
            "ground": {"ground": "A"},
            "new-school": {"new_school": str(school_b.pk)},
            "future-address": {},
        },
    )
    school.post(f"/notify/{notification.reference}/ground/?change=1", {"ground": "G"})
    check = page_text(school.get(f"/notify/{notification.reference}/check/"))
    # Ground G asks again whether the new address is known, and then for it.
    assert "Answer the question: where the child is going" in check
    school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.DRAFT
    assert notification.details.new_school is None
