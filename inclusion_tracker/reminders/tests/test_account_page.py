"""Your account: "E-mails we send you" lists what this user is sent, by role,
and lets them turn the optional reminders off and on again: their own only."""

import pytest
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import ReminderPreference
from inclusion_tracker.reminders.views import SAVED_MESSAGE

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
CHOICES = reverse("reminders:choices")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get(CHOICES), client.post(CHOICES, {"emails": []})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign-in"))
    assert not ReminderPreference.objects.exists()


@pytest.mark.parametrize(
    "who, shown, not_shown",
    [
        (
            "school_user_a",
            ["Part-time timetable review due", "Part-time timetable past its end date"],
            ["Daily list of your overdue work", "Weekly summary"],
        ),
        (
            "officer",
            ["Daily list of your overdue work"],
            ["Part-time timetable review due", "Weekly summary"],
        ),
        (
            "manager",
            ["Daily list of your overdue work", "Weekly summary of unassigned and overdue work"],
            ["Part-time timetable review due"],
        ),
    ],
)
def test_the_account_page_lists_the_reminders_for_the_users_role(
    client_for, cast, who, shown, not_shown
):
    page = page_text(client_for(cast[who]).get(PROFILE))

    assert "E-mails we send you" in page
    assert "Password reset links you ask for" in page
    for label in shown:
        assert label in page
    for label in not_shown:
        assert label not in page


def test_school_users_cannot_turn_off_the_reminders_about_their_plans(client_for, school_user_a):
    page = page_text(client_for(school_user_a).get(PROFILE))

    assert "Always sent" in page
    assert "A receipt each time you send a notification." in page
    assert 'action="/account/emails/"' not in page


def test_someone_with_no_role_is_sent_no_reminders(client_for, outsider):
    page = page_text(client_for(outsider).get(PROFILE))

    assert "We do not send you any reminders." in page


def test_an_officer_turns_the_daily_digest_off_and_on_again(client_for, officer):
    client = client_for(officer)
    page = page_text(client.get(PROFILE))
    assert 'value="daily_digest" checked' in page

    response = client.post(CHOICES, {}, follow=True)

    assert response.redirect_chain[-1][0] == PROFILE + "#emails"
    assert SAVED_MESSAGE in page_text(response)
    assert ReminderPreference.turned_off_kinds(officer) == {ReminderKind.DAILY_DIGEST}
    assert '<strong class="govuk-tag govuk-tag--yellow">Off</strong>' in page_text(response)

    client.post(CHOICES, {"emails": ["daily_digest"]})

    assert ReminderPreference.turned_off_kinds(officer) == set()


def test_changing_the_choices_is_audited(client_for, manager):
    client_for(manager).post(CHOICES, {"emails": ["daily_digest"]})

    event = AuditEvent.objects.get(action=Action.UPDATE)
    assert event.actor == manager
    assert event.object_type == "user" and event.object_id == str(manager.pk)
    assert event.summary == (
        "Changed the e-mails they are sent: Weekly summary of unassigned and overdue work: off"
    )


def test_saving_without_a_change_writes_no_audit_event(client_for, manager):
    response = client_for(manager).post(
        CHOICES, {"emails": ["daily_digest", "weekly_summary"]}, follow=True
    )

    assert SAVED_MESSAGE in page_text(response)
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_a_choice_that_is_not_offered_is_refused_with_a_message(client_for, officer):
    response = client_for(officer).post(CHOICES, {"emails": ["weekly_summary"]})

    assert response.status_code == 200
    assert "Select only e-mails from the list" in page_text(response)
    assert not ReminderPreference.objects.exists()


def test_a_school_user_cannot_turn_off_mandatory_reminders(client_for, school_user_a):
    response = client_for(school_user_a).post(CHOICES, {"emails": []}, follow=True)

    page = page_text(response)
    assert "Part-time timetable review due" in page and "Always sent" in page
    assert not ReminderPreference.objects.exists()


def test_the_choices_are_the_signed_in_users_own(client_for, officer, manager):
    client_for(officer).post(CHOICES, {"emails": [], "user": manager.pk, "pk": manager.pk})

    assert ReminderPreference.turned_off_kinds(officer) == {ReminderKind.DAILY_DIGEST}
    assert ReminderPreference.turned_off_kinds(manager) == set()


def test_the_choices_page_works_on_its_own(client_for, manager):
    page = page_text(client_for(manager).get(CHOICES))

    assert '<h1 class="govuk-heading-l" id="emails">E-mails we send you</h1>' in page
    assert "Which of these e-mails do you want?" in page
