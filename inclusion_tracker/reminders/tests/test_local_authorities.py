"""E-mails across two local authorities (855 Leicestershire, 856 Leicester):
each officer's digest and each manager's weekly summary count only their own
LA's children; a CME enquiry opened and a closure awaiting approval are
e-mailed only to the child's LA's staff. Staff with no LA set are the
deployment's (the first of LA_CODES, 855 here)."""

from datetime import date

import pytest
from django.core import mail

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.tests.test_cme_at_send import send_removal
from inclusion_tracker.casework.tests.test_cme_closure import closing, enquiry, status_url
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.referrals.tests.helpers import make_referral
from inclusion_tracker.reminders.tests.test_daily_reminders import (
    MON_16_MAR,
    TUE_17_MAR,
    plan,
    run,
    sent_to,
)

pytestmark = pytest.mark.django_db

LEICESTER = "856"


@pytest.fixture
def leicester_school(db):
    return EstablishmentFactory(urn="956001", name="Leicester City School", la_code=LEICESTER)


@pytest.fixture
def leicester_officer(db):
    return UserFactory(
        email="officer.856@example.com", role=Role.INCLUSION_OFFICER, local_authority_id=LEICESTER
    )


@pytest.fixture
def leicester_manager(db):
    return UserFactory(
        email="manager.856@example.com", role=Role.TEAM_MANAGER, local_authority_id=LEICESTER
    )


def leicester_child(**fields):
    return ChildFactory(local_authority_id=LEICESTER, **fields)


def subjects(user, start: str) -> list:
    return [message for message in sent_to(user) if message.subject.startswith(start)]


# Which staff are whose ----------------------------------------------------------


def test_staff_with_no_la_are_the_deployments(officer, leicester_officer, settings):
    assert list(User.objects.in_local_authority("855")) == [officer]
    assert list(User.objects.in_local_authority(LEICESTER)) == [leicester_officer]
    settings.LA_CODES = [LEICESTER]
    assert set(User.objects.in_local_authority(LEICESTER)) == {officer, leicester_officer}


def test_school_users_are_their_establishments_las(school_user_a, leicester_school):
    both = UserFactory(role=Role.SCHOOL_USER, establishments=[leicester_school])
    both.establishments.add(school_user_a.establishments.get())
    assert set(User.objects.in_local_authority("855")) == {school_user_a, both}
    assert list(User.objects.in_local_authority(LEICESTER)) == [both]


# The officers' daily digest -----------------------------------------------------


def test_each_officers_digest_lists_only_their_own_las_children(
    officer, leicester_officer, school_a, leicester_school
):
    plan(school_a, owner=officer, review_due=date(2026, 3, 10))
    plan(
        leicester_school,
        owner=leicester_officer,
        review_due=date(2026, 3, 10),
        child=leicester_child(legal_first_name="Zofia", legal_last_name="Lis"),
    )
    # A Leicester child's episode still owned by the Leicestershire officer
    # (the child's record is Leicester's now): not in their digest.
    plan(
        leicester_school,
        owner=officer,
        end_date=date(2026, 3, 13),
        child=leicester_child(legal_first_name="Jan", legal_last_name="Nowak"),
    )

    run(TUE_17_MAR)

    [theirs] = sent_to(leicester_officer)
    assert "Overdue in your caseload: 1 item" in theirs.subject
    assert "Zofia L." in theirs.body
    [ours] = sent_to(officer)
    assert "Overdue in your caseload: 1 item" in ours.subject
    assert "Amelia K." in ours.body
    assert "Zofia L." not in ours.body and "Jan N." not in ours.body


def test_the_digest_lists_only_the_officers_las_referrals(officer, school_a, leicester_school):
    episode = plan(
        leicester_school,
        owner=officer,
        review_due=date(2026, 3, 30),
        child=leicester_child(legal_first_name="Zofia", legal_last_name="Lis"),
    )
    make_referral(officer, episode=episode, made_on=date(2026, 1, 5))

    run(TUE_17_MAR)

    assert sent_to(officer) == []


# The managers' weekly summary ---------------------------------------------------


def test_each_managers_summary_counts_only_their_own_las_work(
    manager, leicester_manager, school_a, leicester_school, officer
):
    plan(leicester_school, review_due=date(2026, 3, 10), child=leicester_child())
    plan(leicester_school, child=leicester_child())
    make_referral(officer, episode=plan(school_a, owner=officer), made_on=date(2026, 1, 5))

    run(MON_16_MAR)

    [ours] = subjects(manager, "Weekly summary")
    [theirs] = subjects(leicester_manager, "Weekly summary")
    assert "- Unassigned: 0" in ours.body
    assert "- Part-time timetable reviews overdue: 0" in ours.body
    assert "- Referrals open too long: 1" in ours.body
    assert "- Unassigned: 2" in theirs.body
    assert "- Part-time timetable reviews overdue: 1" in theirs.body
    assert "- Referrals open too long: 0" in theirs.body


def test_an_la_with_no_manager_gets_no_summary(manager, leicester_school):
    plan(leicester_school, child=leicester_child())

    run(MON_16_MAR)

    [ours] = subjects(manager, "Weekly summary")
    assert "- Unassigned: 0" in ours.body
    assert len(mail.outbox) == 1


# E-mails when something happens -------------------------------------------------


def test_a_cme_enquiry_is_emailed_only_to_the_childs_las_officers_and_managers(
    client_for, leicester_school, officer, manager, leicester_officer, leicester_manager
):
    school_user = UserFactory(role=Role.SCHOOL_USER, establishments=[leicester_school])

    notification = send_removal(client_for, school_user)

    assert notification.provisional_child.local_authority_id == LEICESTER
    alerted = {
        message.to[0] for message in mail.outbox if message.subject.startswith("Child missing")
    }
    assert alerted == {leicester_officer.email, leicester_manager.email}


def test_a_cme_enquiry_in_the_deployments_la_is_emailed_to_its_staff_only(
    client_for, school_user_a, officer, manager, leicester_officer, leicester_manager
):
    send_removal(client_for, school_user_a)

    alerted = {
        message.to[0] for message in mail.outbox if message.subject.startswith("Child missing")
    }
    assert alerted == {officer.email, manager.email}


def test_a_closure_awaiting_approval_is_emailed_only_to_the_childs_las_managers(
    client_for, manager, leicester_officer, leicester_manager
):
    episode = enquiry(child=leicester_child(legal_first_name="Tomasz", legal_last_name="Nowak"))
    assert episode.kind == EpisodeKind.CME_ENQUIRY

    client_for(leicester_officer).post(
        status_url(episode),
        closing(episode, "whereabouts_unknown", notes="Every enquiry made; no trace"),
    )

    assert Episode.objects.get(pk=episode.pk).is_awaiting_approval
    assert [message.to[0] for message in mail.outbox] == [leicester_manager.email]
