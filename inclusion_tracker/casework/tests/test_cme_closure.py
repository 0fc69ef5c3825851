"""Closing a CME enquiry says where the child is: "found on roll" needs the
establishment (from the list, or named with its local authority when it is
not in it) and the date; "moved to another local authority" needs which
authority and the date it was told; every closure, and every request for a
manager's approval, needs a note. The rules live in
`Episode.closure_errors`, used by the status form, `change_status` and the
approval; the details are shown on the episode page, the approval page and
the child's timeline, and the team managers are e-mailed when a closure
awaits their approval."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import ClosureIncomplete, Episode, EpisodeEvent
from inclusion_tracker.casework.timeline import timeline_for
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder

pytestmark = pytest.mark.django_db

FOUND_NOTHING = "Select the establishment the child was found on roll at, or enter its name"
NO_FOUND_DATE = "Enter the date the child was found on roll"
NO_AUTHORITY = "Select the local authority the child moved to"
NO_TOLD_DATE = "Enter the date the local authority was told"
NO_NOTE = "Enter a note about how the enquiry ended"


def today():
    return timezone.localdate()


def enquiry(days_open=10, **fields) -> Episode:
    child = fields.pop("child", None) or ChildFactory(
        legal_first_name="Tomasz", legal_last_name="Nowak"
    )
    return Episode.objects.create(
        child=child,
        kind=EpisodeKind.CME_ENQUIRY,
        opened_on=today() - timedelta(days=days_open),
        **fields,
    )


def status_url(episode):
    return reverse("casework:episode-status", args=[episode.pk])


def date_parts(name, value) -> dict:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def closing(episode, outcome, **fields) -> dict:
    return {
        "status": CLOSED,
        "outcome": outcome,
        "version": episode.version,
        "loaded_status": episode.status,
        **fields,
    }


def errors_of(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# The rules, on the model ------------------------------------------------------------


def test_found_on_roll_needs_the_establishment_the_date_and_a_note(officer):
    episode = enquiry()
    with pytest.raises(ClosureIncomplete) as refusal:
        episode.change_status(CLOSED, by=officer, outcome="found_on_roll")
    assert refusal.value.errors == {
        "found_at": FOUND_NOTHING,
        "found_on": NO_FOUND_DATE,
        "notes": NO_NOTE,
    }
    episode.refresh_from_db()
    assert episode.status == "open"
    assert not episode.events.exists()


def test_an_establishment_not_in_the_list_needs_its_local_authority(officer):
    episode = enquiry()
    errors = episode.closure_errors(
        "found_on_roll",
        notes="Seen",
        details={"found_at_name": "St Mary's School", "found_on": today()},
    )
    assert errors == {"found_at_la": "Enter the local authority or country of the establishment"}


@pytest.mark.parametrize(
    ("days_after_opening", "error"),
    [
        (-1, "before"),
        (0, ""),
        (10, ""),  # today
        (11, "future"),
    ],
)
def test_the_date_found_on_roll_is_between_the_enquiry_opening_and_today(days_after_opening, error):
    episode = enquiry(days_open=10)
    found_on = episode.opened_on + timedelta(days=days_after_opening)
    errors = episode.closure_errors(
        "found_on_roll",
        notes="Seen",
        details={"found_at": EstablishmentFactory(), "found_on": found_on},
    )
    expected = {
        "": {},
        "future": {"found_on": "Date the child was found on roll must be today or in the past"},
        "before": {
            "found_on": "Date the child was found on roll must be the same as or after the day "
            f"the enquiry opened, {govuk_date(episode.opened_on)}"
        },
    }[error]
    assert errors == expected


def test_moved_la_needs_the_authority_the_date_it_was_told_and_a_note(officer):
    episode = enquiry()
    with pytest.raises(ClosureIncomplete) as refusal:
        episode.change_status(CLOSED, by=officer, outcome="moved_la")
    assert refusal.value.errors == {
        "moved_to": NO_AUTHORITY,
        "moved_la_told_on": NO_TOLD_DATE,
        "notes": NO_NOTE,
    }


@pytest.mark.parametrize(
    ("code", "told_days_ago", "errors"),
    [
        ("857", 0, {}),
        ("wales", 3, {}),
        ("abroad", 3, {}),
        ("855", 3, {"moved_to": NO_AUTHORITY}),  # this authority (LA_CODES)
        ("909", 3, {"moved_to": NO_AUTHORITY}),  # Cumbria, split in 2023
        ("857", -1, {"moved_la_told_on": "Date the local authority was told must be today or in the past"}),
    ],
)  # fmt: skip
def test_the_authority_moved_to_is_another_one_and_was_told_by_today(
    code, told_days_ago, errors, settings
):
    settings.LA_CODES = ["855"]
    episode = enquiry()
    details = {"moved_to": code, "moved_la_told_on": today() - timedelta(days=told_days_ago)}
    assert episode.closure_errors("moved_la", notes="Told them", details=details) == errors


@pytest.mark.parametrize("outcome", ["home_educated", "left_england", "whereabouts_unknown"])
def test_every_cme_closure_needs_a_note(outcome, manager):
    episode = enquiry()
    with pytest.raises(ClosureIncomplete, match=NO_NOTE):
        episode.change_status(CLOSED, by=manager, outcome=outcome, notes="   ")
    episode.change_status(CLOSED, by=manager, outcome=outcome, notes="Confirmed")
    episode.refresh_from_db()
    assert episode.is_closed


def test_asking_a_manager_to_approve_a_closure_needs_a_note(officer):
    episode = enquiry()
    with pytest.raises(ClosureIncomplete, match=NO_NOTE):
        episode.change_status("awaiting_approval", by=officer, outcome="whereabouts_unknown")
    episode.refresh_from_db()
    assert episode.status == "open"


def test_other_kinds_of_episode_close_without_a_note(officer):
    episode = Episode.objects.create(child=ChildFactory(), kind=EpisodeKind.EARLY_YEARS)
    episode.change_status(CLOSED, by=officer, outcome="attending")
    episode.refresh_from_db()
    assert episode.is_closed


def test_approving_checks_what_was_asked_for_again(officer, manager):
    # Asked for before notes were needed: nothing to approve it with.
    episode = enquiry(status="awaiting_approval", outcome="whereabouts_unknown")
    with pytest.raises(ClosureIncomplete, match=NO_NOTE):
        episode.change_status(CLOSED, by=manager)
    episode.refresh_from_db()
    assert episode.is_awaiting_approval


def test_closing_keeps_only_the_details_the_outcome_needs(officer, school_b):
    episode = enquiry()
    episode.change_status(
        CLOSED,
        by=officer,
        outcome="moved_la",
        notes="Told Rutland",
        details={
            "found_at": school_b,
            "found_on": today(),
            "moved_to": "857",
            "moved_la_told_on": today(),
        },
    )
    episode.refresh_from_db()
    assert (episode.moved_to, episode.moved_la_told_on) == ("857", today())
    assert episode.found_at is None and episode.found_on is None


def test_reopening_clears_the_closure_details(officer, school_b):
    episode = enquiry()
    episode.change_status(
        CLOSED,
        by=officer,
        outcome="found_on_roll",
        notes="On roll",
        details={"found_at": school_b, "found_on": today()},
    )
    episode.change_status("open", by=officer)
    episode.refresh_from_db()
    assert episode.found_at is None and episode.found_on is None and episode.outcome == ""


def test_the_history_says_where_the_child_was_found(officer, school_b):
    episode = enquiry()
    found_on = today() - timedelta(days=2)
    event = episode.change_status(
        CLOSED,
        by=officer,
        outcome="found_on_roll",
        notes="Admissions confirmed it",
        details={"found_at": school_b, "found_on": found_on},
    )
    assert event.summary == f"Closed: Found on roll at Beta Academy on {govuk_date(found_on)}"
    assert event.details == "Admissions confirmed it"
    entry = next(entry for entry in timeline_for(episode.child) if entry.kind == "episode")
    assert entry.title == (
        "Children missing education (CME) enquiry: "
        f"Closed: Found on roll at Beta Academy on {govuk_date(found_on)}"
    )
    assert entry.text == "Admissions confirmed it"


def test_the_history_says_which_authority_was_told_and_when(officer):
    episode = enquiry()
    event = episode.change_status(
        CLOSED,
        by=officer,
        outcome="moved_la",
        notes="Their CME officer has the address",
        details={"moved_to": "857", "moved_la_told_on": today()},
    )
    assert event.summary == (
        f"Closed: Moved to another local authority: Rutland (857), told on {govuk_date(today())}"
    )


# The status page ---------------------------------------------------------------------


def test_the_status_page_asks_for_each_outcomes_details_under_it(client_for, officer):
    page = page_text(client_for(officer).get(status_url(enquiry())))
    for text in (
        "How did the enquiry end?",
        "If found on roll",
        "Name, URN or DfE number of the establishment",
        "Or, if the establishment is not in the list",
        "Date the child was found on roll",
        "If moved to another local authority",
        "Local authority the child moved to",
        "Date the local authority was told",
        "Note about how the enquiry ended",
        # The details are always shown: nothing hides them without JavaScript.
        'class="govuk-radios__conditional"',
    ):
        assert text in page
    assert "govuk-radios__conditional--hidden" not in page


def test_a_closed_enquiry_reopens_without_being_asked_how_it_ended(client_for, manager):
    episode = enquiry()
    episode.change_status(CLOSED, by=manager, outcome="home_educated", notes="EHE")
    response = client_for(manager).get(status_url(episode))
    assert response.status_code == 200
    form = response.context["form"]
    assert "status" in form.fields
    assert "outcome" not in form.fields and "found_on" not in form.fields


def test_found_on_roll_with_nothing_given_names_each_thing_to_fix(client_for, officer):
    episode = enquiry()
    response = client_for(officer).post(status_url(episode), closing(episode, "found_on_roll"))
    assert response.status_code == 200
    assert errors_of(response) == {
        "found_at_query": [FOUND_NOTHING],
        "found_on": [NO_FOUND_DATE],
        "notes": [NO_NOTE],
    }
    page = page_text(response)
    assert '<a href="#id_found_at_query">' + FOUND_NOTHING in page
    episode.refresh_from_db()
    assert episode.status == "open"


def test_moved_la_with_nothing_given_names_each_thing_to_fix(client_for, officer):
    episode = enquiry()
    response = client_for(officer).post(status_url(episode), closing(episode, "moved_la"))
    assert errors_of(response) == {
        "moved_to": [NO_AUTHORITY],
        "moved_la_told_on": [NO_TOLD_DATE],
        "notes": [NO_NOTE],
    }


def test_a_date_that_is_not_real_keeps_its_own_message(client_for, officer, school_b):
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at_query="900002",
            found_on_day="31",
            found_on_month="2",
            found_on_year=str(today().year),
            notes="x",
        ),
    )
    assert errors_of(response) == {
        "found_on": ["Date the child was found on roll must be a real date"]
    }


def test_only_the_chosen_outcomes_details_are_asked_for(client_for, officer):
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode), closing(episode, "home_educated", notes="EHE confirmed by letter")
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.outcome == "home_educated"


def test_an_exact_urn_finds_the_establishment_and_closes(client_for, officer, school_b):
    episode = enquiry()
    found_on = today() - timedelta(days=1)
    response = client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at_query=" 900002 ",
            notes="Admissions confirmed",
            **date_parts("found_on", found_on),
        ),
        follow=True,
    )
    episode.refresh_from_db()
    assert episode.is_closed
    assert (episode.found_at, episode.found_on) == (school_b, found_on)
    assert episode.outcome_notes == "Admissions confirmed"
    page = page_text(response)
    assert f"Closed: Found on roll at Beta Academy on {govuk_date(found_on)}" in page
    # The episode page's summary list.
    assert "Found on roll at</dt>" in page
    assert "Beta Academy (URN 900002, Leicestershire)" in page
    assert (
        f'Date found on roll</dt><dd class="govuk-summary-list__value">{govuk_date(found_on)}'
        in page
    )


@pytest.mark.parametrize("typed", ["beta academy", "855/2001"])
def test_an_exact_name_or_dfe_number_finds_the_establishment(client_for, officer, typed):
    school = EstablishmentFactory(name="Beta Academy", establishment_number="2001")
    EstablishmentFactory(name="Beta Academy Sixth Form")
    episode = enquiry()
    client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at_query=typed,
            notes="Seen",
            **date_parts("found_on", today()),
        ),
    )
    episode.refresh_from_db()
    assert episode.found_at == school


def test_part_of_a_name_offers_the_matching_open_establishments_to_choose(
    client_for, officer, school_b
):
    other = EstablishmentFactory(name="Betamax Primary School")
    EstablishmentFactory(name="Beta Closed School", status=Establishment.Status.CLOSED)
    EstablishmentFactory(name="Beta Nursery", is_early_years_setting=True)
    episode = enquiry()
    client = client_for(officer)
    data = closing(
        episode,
        "found_on_roll",
        found_at_query="Beta",
        notes="Seen",
        **date_parts("found_on", today()),
    )

    response = client.post(status_url(episode), data)

    assert errors_of(response) == {
        "found_at": [
            "Select the establishment the child was found on roll at from the list, "
            "or enter its name"
        ]
    }
    form = response.context["form"]
    assert form.found_at_matches == [school_b, other]
    page = page_text(response)
    assert "URN 900002, Leicestershire, LE1 1AA" in page
    assert "Beta Closed School" not in page and "Beta Nursery" not in page

    response = client.post(status_url(episode), {**data, "found_at": str(other.pk)})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.found_at == other


def test_an_establishment_not_offered_cannot_be_chosen(client_for, officer):
    closed = EstablishmentFactory(name="Old School", status=Establishment.Status.CLOSED)
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at=str(closed.pk),
            notes="Seen",
            **date_parts("found_on", today()),
        ),
    )
    assert errors_of(response) == {"found_at_query": [FOUND_NOTHING]}
    episode.refresh_from_db()
    assert episode.status == "open"


def test_nothing_matching_says_so(client_for, officer, school_b):
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at_query="Gamma",
            notes="Seen",
            **date_parts("found_on", today()),
        ),
    )
    assert errors_of(response) == {
        "found_at_query": [
            "No open establishment matches ‘Gamma’. Check the name or URN, or enter its name "
            "if it is not in the list"
        ]
    }


def test_an_establishment_not_in_the_list_is_saved_by_name_and_authority(client_for, officer):
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at_name="Ysgol Gymraeg Aberystwyth",
            found_at_la="Ceredigion, Wales",
            notes="The school in Wales confirmed it",
            **date_parts("found_on", today()),
        ),
        follow=True,
    )
    episode.refresh_from_db()
    assert episode.found_at is None
    assert (episode.found_at_name, episode.found_at_la) == (
        "Ysgol Gymraeg Aberystwyth",
        "Ceredigion, Wales",
    )
    page = page_text(response)
    assert "Ysgol Gymraeg Aberystwyth (Ceredigion, Wales): not in the list" in page


def test_an_establishment_both_chosen_and_named_is_refused(client_for, officer, school_b):
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at_query="900002",
            found_at_name="Another school",
            found_at_la="Rutland",
            notes="Seen",
            **date_parts("found_on", today()),
        ),
    )
    assert errors_of(response) == {
        "found_at_name": [
            "Select the establishment from the list or enter one that is not in the list, not both"
        ]
    }


def test_moved_la_offers_every_other_authority_and_saves_the_one_chosen(
    client_for, officer, settings
):
    settings.LA_CODES = ["855"]
    episode = enquiry()
    client = client_for(officer)
    response = client.get(status_url(episode))
    assert response.status_code == 200
    form = response.context["form"]
    offered = [code for _, group in form.fields["moved_to"].choices[1:] for code, _ in group]
    assert len(offered) == 152 + 4
    assert "855" not in offered

    response = client.post(
        status_url(episode),
        closing(
            episode,
            "moved_la",
            moved_to="855",
            notes="x",
            **date_parts("moved_la_told_on", today()),
        ),
    )
    assert errors_of(response) == {"moved_to": [NO_AUTHORITY]}

    told_on = today() - timedelta(days=3)
    response = client.post(
        status_url(episode),
        closing(
            episode,
            "moved_la",
            moved_to="892",
            notes="Their CME officer has the address",
            **date_parts("moved_la_told_on", told_on),
        ),
        follow=True,
    )
    episode.refresh_from_db()
    assert (episode.moved_to, episode.moved_la_told_on) == ("892", told_on)
    page = page_text(response)
    assert 'Moved to</dt><dd class="govuk-summary-list__value">Nottingham (892)' in page
    assert (
        f'Date that authority was told</dt><dd class="govuk-summary-list__value">{govuk_date(told_on)}'
        in page
    )


def test_nothing_typed_is_lost_when_something_is_missing(client_for, officer):
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode),
        closing(
            episode,
            "found_on_roll",
            found_at_query="Nowhere Academy",
            found_at_name="St Mary's School",
            moved_to="wales",
            found_on_day="3",
            found_on_month="13",
            found_on_year="2026",
            moved_la_told_on_day="4",
            notes="Checked with admissions",
        ),
    )
    page = page_text(response)
    for kept in (
        'value="Nowhere Academy"',
        'value="St Mary\'s School"',
        '<option value="wales" selected>Wales</option>',
        'name="found_on_day" value="3"',
        'name="found_on_month" value="13"',
        'name="moved_la_told_on_day" value="4"',
        "Checked with admissions</textarea>",
        'value="found_on_roll" checked',
    ):
        assert kept in page, kept


def test_a_closure_saved_meanwhile_is_refused_keeping_what_was_typed(client_for, officer, manager):
    episode = enquiry()
    version = episode.version
    Episode.objects.get(pk=episode.pk).change_status(
        CLOSED, by=manager, outcome="home_educated", notes="EHE"
    )
    response = client_for(officer).post(
        status_url(episode),
        {
            **closing(episode, "moved_la", moved_to="857", notes="Told Rutland"),
            "version": version,
            "loaded_status": "open",
            **date_parts("moved_la_told_on", today()),
        },
    )
    assert response.status_code == 200
    page = page_text(response)
    assert "Someone else changed the status of this episode after you opened this page" in page
    assert "Told Rutland" in page
    episode.refresh_from_db()
    assert episode.outcome == "home_educated" and episode.moved_to == ""


# Asking a team manager to approve ------------------------------------------------------


def test_asking_for_approval_emails_each_team_manager_naming_the_child_by_first_name_and_initial(
    client_for, officer, manager
):
    other_manager = UserFactory(email="manager2@example.com", role=Role.TEAM_MANAGER)
    UserFactory(email="gone@example.com", role=Role.TEAM_MANAGER, is_active=False)
    episode = enquiry()
    client_for(officer).post(
        status_url(episode),
        closing(episode, "whereabouts_unknown", notes="Every enquiry made; no trace"),
    )
    episode.refresh_from_db()
    assert episode.is_awaiting_approval
    assert sorted(message.to[0] for message in mail.outbox) == [
        "manager2@example.com",
        "manager@example.com",
    ]
    message = mail.outbox[0]
    assert message.subject == "CME enquiry closure awaiting your approval"
    assert "Tomasz N." in message.body
    assert "Nowak" not in message.body
    assert reverse("casework:episode-approval", args=[episode.pk]) in message.body
    assert Reminder.objects.filter(
        kind=ReminderKind.CLOSURE_APPROVAL, episode=episode, recipient=other_manager
    ).exists()


def test_a_refused_request_for_approval_emails_nobody(client_for, officer, manager):
    episode = enquiry()
    response = client_for(officer).post(
        status_url(episode), closing(episode, "whereabouts_unknown")
    )
    assert errors_of(response) == {"notes": [NO_NOTE]}
    episode.refresh_from_db()
    assert episode.status == "open"
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_manager_closing_it_themselves_emails_nobody(client_for, manager):
    episode = enquiry()
    response = client_for(manager).post(
        status_url(episode), closing(episode, "whereabouts_unknown", notes="No trace")
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.is_closed
    assert mail.outbox == []


def test_the_manager_sees_the_note_before_approving(client_for, officer, manager):
    episode = enquiry()
    episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="No trace at all"
    )
    approval = reverse("casework:episode-approval", args=[episode.pk])
    client = client_for(manager)
    assert "No trace at all" in page_text(client.get(approval))
    response = client.post(approval, {"decision": "approve", "version": episode.version})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.is_closed and episode.outcome_notes == "No trace at all"
    assert episode.events.filter(
        what=EpisodeEvent.What.CLOSURE_APPROVED,
        summary="Closed: Whereabouts unknown after enquiries",
    ).exists()


def test_a_closure_asked_for_without_a_note_cannot_be_approved(client_for, manager):
    episode = enquiry(status="awaiting_approval", outcome="whereabouts_unknown")
    approval = reverse("casework:episode-approval", args=[episode.pk])
    response = client_for(manager).post(
        approval, {"decision": "approve", "version": episode.version}
    )
    assert response.status_code == 200
    assert (
        f"This closure cannot be approved: {NO_NOTE}. Send it back for more enquiries"
        in page_text(response)
    )
    episode.refresh_from_db()
    assert episode.is_awaiting_approval
