"""A missing child never waits in a queue: a removal with no known
destination opens its CME enquiry the moment the school sends it, the
officers are e-mailed at once, and triage afterwards only links it to the
right record. Sending is one unit with its audit event and receipt."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import EnquiryAction, Episode
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import heading, page_text
from inclusion_tracker.notifications.models import Kind, Notification, Status
from inclusion_tracker.notifications.tests.helpers import answer_removal, start
from inclusion_tracker.reminders import outbox
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder

pytestmark = pytest.mark.django_db

UPN = "B801200005001"  # the journey helpers' UPN


@pytest.fixture
def existing(db):
    """The child's record from before: the same UPN."""
    return ChildFactory(upn=UPN, legal_first_name="Amelia", legal_last_name="Khan")


@pytest.fixture
def sent(client_for, school_user_a, officer, manager):
    """A destination-unknown removal (ground I) sent by school A."""
    return send_removal(client_for, school_user_a)


@pytest.fixture
def sent_for_existing(existing, client_for, school_user_a, officer, manager):
    return send_removal(client_for, school_user_a)


def send_removal(client_for, school_user_a):
    school = client_for(school_user_a)
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification)
    response = school.post(f"/notify/{notification.reference}/check/")
    assert response.status_code == 302
    notification.refresh_from_db()
    return notification


def test_the_cme_enquiry_opens_when_the_school_sends_the_removal(sent, officer):
    assert sent.status == Status.RECEIVED
    assert sent.child is None  # not triaged
    child = sent.provisional_child
    enquiry = child.episodes.get(kind=EpisodeKind.CME_ENQUIRY)
    removal = child.episodes.get(kind=EpisodeKind.REMOVAL_FROM_ROLL)
    assert enquiry.status == "open" and enquiry.parent == removal
    assert removal.status == "cme_enquiry"
    # The clock starts at the send.
    assert enquiry.opened_on == timezone.localdate(sent.submitted_at)
    assert set(enquiry.notifications.all()) == {sent}
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="episode", object_id=str(enquiry.pk), child=child
    ).exists()


def test_the_child_is_on_the_worklists_without_triage(sent, client_for, officer):
    client = client_for(officer)
    for slug in ("no-destination", "unassigned"):
        page = page_text(client.get(reverse("casework:worklist", args=[slug])))
        assert "Amelia Khan" in page, slug
    inbox = page_text(client.get(reverse("casework:triage")))
    assert sent.reference in inbox and "CME enquiry opened" in inbox


def test_officers_and_managers_are_emailed_at_once_and_the_school_gets_its_receipt(
    sent, officer, manager, admin_user, school_user_a
):
    alerts = [m for m in mail.outbox if m.subject.startswith("Child missing education")]
    assert sorted(m.to[0] for m in alerts) == sorted([officer.email, manager.email])
    assert admin_user.email not in [m.to[0] for m in alerts]
    assert "Amelia K." in alerts[0].body and "Khan" not in alerts[0].body
    receipts = [m for m in mail.outbox if m.to == [school_user_a.email]]
    assert len(receipts) == 1 and sent.reference in receipts[0].subject
    assert Reminder.objects.filter(kind=ReminderKind.RECEIPT, status="sent").count() == 1


def test_sending_twice_opens_one_enquiry_and_sends_each_email_once(sent, client_for, school_user_a):
    before = len(mail.outbox)
    client_for(school_user_a).post(f"/notify/{sent.reference}/check/")
    assert len(mail.outbox) == before
    assert Episode.objects.filter(kind=EpisodeKind.CME_ENQUIRY).count() == 1


def test_a_school_days_send_that_fails_leaves_no_half_written_notification(
    client_for, school_user_a, officer, monkeypatch
):
    school = client_for(school_user_a)
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification)

    def broken(notification):
        raise RuntimeError("the outbox failed")

    monkeypatch.setattr(outbox, "queue_receipt", broken)
    with pytest.raises(RuntimeError):
        school.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.DRAFT
    assert notification.provisional_child is None
    assert not Episode.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CREATE, object_id=str(notification.pk))
    assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_emails_are_queued_only_when_the_send_commits(
    client_for, school_user_a, officer, django_capture_on_commit_callbacks
):
    from inclusion_tracker.notifications.views.journey import send

    school = client_for(school_user_a)
    notification = start(school, Kind.REMOVAL_FROM_ROLL)
    answer_removal(school, notification)
    request = type("Request", (), {"user": school_user_a, "META": {}})()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send(request, Notification.objects.get(pk=notification.pk))
    # Written in the transaction, not sent: the enqueueing waits for the commit.
    assert Reminder.objects.filter(status="pending").count() == 2  # receipt and alert
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


# Triage afterwards only links -------------------------------------------------------


def test_triage_links_it_to_an_existing_record_moving_the_enquiry_there(
    sent_for_existing, existing, client_for, officer
):
    sent = sent_for_existing
    provisional = sent.provisional_child
    assert provisional.upn == ""  # the UPN was on the existing record already
    client = client_for(officer)
    match = page_text(client.get(reverse("casework:triage-match", args=[sent.reference])))
    assert "a children missing education enquiry was opened when it sent this" in match
    link = reverse("casework:triage-link", args=[sent.reference, existing.pk])
    response = client.post(link, {"version": existing.version, "update_child": "False"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.child == existing
    assert set(existing.episodes.values_list("kind", flat=True)) == {
        EpisodeKind.REMOVAL_FROM_ROLL,
        EpisodeKind.CME_ENQUIRY,
    }
    provisional.refresh_from_db()
    assert provisional.merged_into == existing
    assert not provisional.episodes.exists()
    # No new episodes: the ones opened at the send moved.
    assert Episode.objects.count() == 2
    assert sent not in Notification.objects.filter(child__isnull=True)


def test_an_open_enquiry_already_on_the_record_takes_in_the_new_one(
    existing, client_for, officer, school_user_a
):
    older = Episode.objects.create(child=existing, kind=EpisodeKind.CME_ENQUIRY)
    sent = send_removal(client_for, school_user_a)
    new_enquiry = sent.provisional_child.episodes.get(kind=EpisodeKind.CME_ENQUIRY)
    EnquiryAction.objects.create(
        episode=new_enquiry,
        taken_on=timezone.localdate(),
        method="home_visit",
        result="no_information",
        outcome="Nobody home",
        recorded_by=officer,
    )
    link = reverse("casework:triage-link", args=[sent.reference, existing.pk])
    response = client_for(officer).post(
        link, {"version": existing.version, "update_child": "False"}
    )
    assert response.status_code == 302
    open_enquiries = existing.episodes.open().filter(kind=EpisodeKind.CME_ENQUIRY)
    assert list(open_enquiries) == [older]
    assert older.enquiry_actions.get().outcome == "Nobody home"
    assert older.events.filter(summary__contains="joined this one").exists()
    assert not Episode.objects.filter(pk=new_enquiry.pk).exists()


def test_keeping_the_new_record_creates_no_other(sent, client_for, officer):
    provisional = sent.provisional_child
    client = client_for(officer)
    url = reverse("casework:triage-new-child", args=[sent.reference])
    page = page_text(client.get(url))
    assert "Keep the new child record" in page
    response = client.post(
        url,
        {
            "upn": provisional.upn,
            "legal_first_name": "Amelia",
            "legal_last_name": "Khan",
            "date_of_birth_day": "12",
            "date_of_birth_month": "3",
            "date_of_birth_year": "2015",
            "sex": "F",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    sent.refresh_from_db()
    assert sent.child == provisional
    assert Child.objects.count() == 1
    assert provisional.episodes.count() == 2
    child_page = page_text(client.get(reverse("casework:child", args=[provisional.pk])))
    assert heading(child_page) == "Amelia Khan"
    assert "awaiting-triage" not in child_page


def test_the_provisional_record_says_it_awaits_triage_and_is_not_its_own_match(
    sent, client_for, officer
):
    client = client_for(officer)
    page = page_text(client.get(reverse("casework:child", args=[sent.provisional_child.pk])))
    assert 'id="awaiting-triage"' in page
    match = client.get(reverse("casework:triage-match", args=[sent.reference]))
    assert all(c.child != sent.provisional_child for c in match.context["candidates"])


def test_an_officer_cannot_open_a_cme_enquiry_for_a_child_below_compulsory_school_age(
    client_for, officer
):
    child = ChildFactory(
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 3)
    )
    response = client_for(officer).post(
        reverse("casework:episode-open", args=[child.pk]),
        {"kind": EpisodeKind.CME_ENQUIRY, "reason": "Reported missing", "owner": ""},
    )
    assert "A CME enquiry is only for a child of compulsory school age" in page_text(response)
    assert not child.episodes.exists()
