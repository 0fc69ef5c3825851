"""Handing a child's case over to another local authority, end to end through
the pages: in the service (accept, decline) and outside it (download, sent,
acknowledged). Leicestershire (855, the cast's LA) hands over to Leicester
(856, whose staff are made here); Rutland (857) has nobody in the service."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import heading, page_text
from inclusion_tracker.handovers.models import Handover
from inclusion_tracker.notifications.models import Kind, RemovalParent

TOKEN = "0b5e0bd4-1c1e-4d69-9b45-3f1c1c0f0a01"
KNOWN = {
    "to_la": "856",
    "new_address": "4 New Walk, Leicester",
    "new_school_name": "Castle Primary",
    "new_school_urn": "120345",
    "contact_name": "Aunt May",
    "contact_phone": "07700 900 982",
    "contact_email": "may@example.com",
    "notes": "Moved in with her aunt",
}


@pytest.fixture
def leicester_officer(db):
    return UserFactory(
        email="officer.856@example.com", role=Role.INCLUSION_OFFICER, local_authority_id="856"
    )


@pytest.fixture
def leicester_manager(db):
    return UserFactory(
        email="manager.856@example.com", role=Role.TEAM_MANAGER, local_authority_id="856"
    )


@pytest.fixture
def enquiry(db, leicester_officer, leicester_manager) -> Episode:
    """An open CME enquiry on a Leicestershire child, whose school gave a
    parent's contact details."""
    child = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan")
    notification = submitted_notification(Kind.REMOVAL_FROM_ROLL)
    notification.child = child
    notification.save()
    RemovalParent.objects.create(
        removal=notification.removal_from_roll,
        full_name="Sara Khan",
        relationship="Mother",
        emergency_phone="07700900123",
    )
    episode = Episode.objects.create(child=child, kind=EpisodeKind.CME_ENQUIRY)
    mail.outbox.clear()
    return episode


def send(client, episode, data=None, token=TOKEN):
    url = reverse("handovers:hand-over", args=[episode.pk])
    return client.post(url, {**(data or KNOWN), "form_token": token, "confirm": "yes"})


def test_an_officer_hands_a_cme_enquiry_over_to_an_la_in_the_service(
    client_for, officer, manager, leicester_officer, leicester_manager, enquiry
):
    client = client_for(officer)
    episode_page = page_text(client.get(reverse("casework:episode", args=[enquiry.pk])))
    assert "Hand over to another local authority" in episode_page
    form = page_text(client.get(reverse("handovers:hand-over", args=[enquiry.pk])))
    assert heading(form) == "Hand over to another local authority"
    assert "Leicester (856)" in form and "Leicestershire (855)" not in form

    check = page_text(
        client.post(
            reverse("handovers:hand-over", args=[enquiry.pk]), {**KNOWN, "form_token": TOKEN}
        )
    )
    assert heading(check) == "Check the handover before sending it"
    assert "Leicester uses this service" in check and "Castle Primary (URN 120345)" in check
    assert not Handover.objects.exists()

    response = send(client, enquiry)
    handover = Handover.objects.get()
    assert response.url == handover.get_absolute_url()
    assert handover.status == Handover.Status.WAITING and handover.in_service
    assert (handover.from_la_id, handover.to_la_id) == ("855", "856")
    assert handover.new_school_urn == "120345" and handover.sent_by == officer
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="handover", child=enquiry.child
    ).exists()
    # The receiving LA's team is e-mailed, not the sender's.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "manager.856@example.com",
        "officer.856@example.com",
    ]
    assert "Amelia K." in mail.outbox[0].body and "Khan" not in mail.outbox[0].body
    # The sender sees its state on the episode page and the child page.
    episode_page = page_text(client.get(reverse("casework:episode", args=[enquiry.pk])))
    assert "Waiting for them to accept" in episode_page
    assert "Hand over to another local authority" not in episode_page
    child_page = page_text(client.get(reverse("casework:child", args=[enquiry.child.pk])))
    assert "From Leicestershire to Leicester" in child_page


def test_sending_the_same_form_twice_makes_one_handover(client_for, officer, enquiry):
    client = client_for(officer)
    first, second = send(client, enquiry), send(client, enquiry)
    assert Handover.objects.count() == 1
    assert first.url == second.url == Handover.objects.get().get_absolute_url()
    # A second handover of the same episode from a fresh form goes to the first.
    third = send(client, enquiry, token="0b5e0bd4-1c1e-4d69-9b45-3f1c1c0f0a02")
    assert third.url == Handover.objects.get().get_absolute_url()
    assert Handover.objects.count() == 1


def test_the_form_says_what_is_wrong(client_for, officer, enquiry):
    page = page_text(
        client_for(officer).post(
            reverse("handovers:hand-over", args=[enquiry.pk]),
            {"to_la": "", "new_school_urn": "12", "form_token": TOKEN},
        )
    )
    assert "Select the local authority to hand over to" in page
    assert "Enter the URN as 6 digits, like 120345" in page


@pytest.mark.parametrize("role", ["leicester_officer", "leicester_manager"])
def test_the_receiving_la_sees_the_case_and_accepts_it(
    request, client_for, officer, manager, enquiry, role
):
    send(client_for(officer), enquiry)
    handover = Handover.objects.get()
    mail.outbox.clear()
    receiver = request.getfixturevalue(role)
    client = client_for(receiver)
    inbox = page_text(client.get(reverse("handovers:inbox")))
    assert heading(inbox) == "Handed over to us" and "Amelia Khan" in inbox
    assert 'id="count-handed-over-to-us">1<' in page_text(client.get(reverse("casework:worklists")))
    assert "1 child handed over to us" in page_text(client.get(reverse("core:home")))
    page = page_text(client.get(handover.get_absolute_url()))
    assert heading(page) == "Amelia Khan"
    assert "Sara Khan (Mother)" in page and "07700900123" in page
    assert "Leicestershire's timeline" in page and "Accept the handover" in page
    assert "Moved in with her aunt" in page

    response = client.post(reverse("handovers:accept", args=[handover.pk]))
    handover.refresh_from_db()
    enquiry.refresh_from_db()
    child = Child.objects.get(pk=enquiry.child_id)
    assert handover.status == Handover.Status.ACCEPTED and handover.decided_by == receiver
    assert child.local_authority_id == "856"
    assert enquiry.status == CLOSED and enquiry.outcome == "moved_la" and enquiry.moved_to == "856"
    new = handover.new_episode
    assert new is not None and new.kind == EpisodeKind.CME_ENQUIRY and not new.is_closed
    assert response.url == new.get_absolute_url()
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="handover", summary__startswith="Accepted"
    ).exists()
    # The sender's team is told.
    assert sorted(m.to[0] for m in mail.outbox) == ["manager@example.com", "officer@example.com"]
    # A second click changes nothing.
    client.post(reverse("handovers:accept", args=[handover.pk]))
    assert Episode.objects.filter(kind=EpisodeKind.CME_ENQUIRY, child=child).count() == 2
    # Both sides see its state.
    for user in (officer, receiver):
        assert "Accepted" in page_text(client_for(user).get(handover.get_absolute_url()))


def test_a_decline_needs_a_reason_and_keeps_the_enquiry_with_the_sender(
    client_for, officer, manager, leicester_manager, enquiry
):
    send(client_for(officer), enquiry)
    handover = Handover.objects.get()
    mail.outbox.clear()
    client = client_for(leicester_manager)
    url = reverse("handovers:decline", args=[handover.pk])
    refused = page_text(client.post(url, {"reason": "  "}))
    assert "Enter why you are declining the handover" in refused
    client.post(url, {"reason": "The family is not known at this address"})
    handover.refresh_from_db()
    enquiry.refresh_from_db()
    assert handover.status == Handover.Status.DECLINED
    assert not enquiry.is_closed
    assert Child.objects.get(pk=enquiry.child_id).local_authority_id == "855"
    assert sorted(m.to[0] for m in mail.outbox) == ["manager@example.com", "officer@example.com"]
    page = page_text(client_for(officer).get(handover.get_absolute_url()))
    assert "The family is not known at this address" in page
    # The sender may hand it over again.
    episode_page = page_text(
        client_for(officer).get(reverse("casework:episode", args=[enquiry.pk]))
    )
    assert "Declined" in episode_page and "Hand over to another local authority" in episode_page


def test_other_las_and_school_users_get_404(
    client_for, officer, school_user_a, enquiry, leicester_officer
):
    send(client_for(officer), enquiry)
    handover = Handover.objects.get()
    rutland = UserFactory(role=Role.INCLUSION_OFFICER, local_authority_id="857")
    for user in (rutland, school_user_a):
        client = client_for(user)
        assert client.get(handover.get_absolute_url()).status_code == 404
        assert client.post(reverse("handovers:accept", args=[handover.pk])).status_code == 404
        assert client.get(reverse("handovers:download", args=[handover.pk])).status_code == 404
    assert client_for(school_user_a).get(reverse("handovers:inbox")).status_code == 404
    # Rutland's inbox is empty; the sender cannot accept its own handover.
    assert "No handovers are waiting" in page_text(
        client_for(rutland).get(reverse("handovers:inbox"))
    )
    response = client_for(officer).post(reverse("handovers:accept", args=[handover.pk]))
    assert response.status_code == 403
    # The receiver downloads nothing: the case is theirs to read in the service.
    response = client_for(leicester_officer).get(reverse("handovers:download", args=[handover.pk]))
    assert response.status_code == 403


def test_a_handover_outside_the_service_is_downloaded_sent_and_acknowledged(
    client_for, officer, enquiry
):
    client = client_for(officer)
    check = page_text(
        client.post(
            reverse("handovers:hand-over", args=[enquiry.pk]),
            {**KNOWN, "to_la": "857", "form_token": TOKEN},
        )
    )
    assert "Rutland does not use this service" in check
    send(client, enquiry, {**KNOWN, "to_la": "857"})
    handover = Handover.objects.get()
    assert not handover.in_service and handover.status == Handover.Status.TO_SEND
    assert mail.outbox == []
    page = page_text(client.get(handover.get_absolute_url()))
    assert "Download the case to send" in page and "Record that it was sent" in page

    response = client.get(reverse("handovers:download", args=[handover.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "summary.html"]
    summary = archive.read("summary.html").decode()
    assert "Amelia Khan" in summary and "Castle Primary" in summary and "Sara Khan" in summary
    data = json.loads(archive.read("data.json"))
    assert data["to_local_authority"] == {"code": "857", "name": "Rutland"}
    assert data["child"]["legal_last_name"] == "Khan"
    assert data["what_is_known"]["new_school_urn"] == "120345"
    assert data["parents"][0]["emergency_phone"] == "07700900123"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="handover").count() == 1

    today = timezone.localdate()
    sent_url = reverse("handovers:sent", args=[handover.pk])
    refused = page_text(client.post(sent_url, {"sent_to_email": "nope"}))
    assert "Enter date sent" in refused
    client.post(
        sent_url,
        {
            "sent_on_day": today.day,
            "sent_on_month": today.month,
            "sent_on_year": today.year,
            "sent_to_email": "cme@rutland.gov.uk",
        },
    )
    handover.refresh_from_db()
    assert (
        handover.status == Handover.Status.SENT and handover.sent_to_email == "cme@rutland.gov.uk"
    )
    enquiry.refresh_from_db()
    assert not enquiry.is_closed
    ack_url = reverse("handovers:acknowledged", args=[handover.pk])
    yesterday = today - timedelta(days=1)
    refused = page_text(
        client.post(
            ack_url,
            {
                "acknowledged_on_day": yesterday.day,
                "acknowledged_on_month": yesterday.month,
                "acknowledged_on_year": yesterday.year,
            },
        )
    )
    assert "must be the same as or after the date it was sent" in refused
    client.post(
        ack_url,
        {
            "acknowledged_on_day": today.day,
            "acknowledged_on_month": today.month,
            "acknowledged_on_year": today.year,
        },
    )
    handover.refresh_from_db()
    enquiry.refresh_from_db()
    assert handover.status == Handover.Status.ACKNOWLEDGED
    assert enquiry.is_closed and enquiry.moved_to == "857"
    # The record stays with the sender: Rutland is not in the service.
    assert Child.objects.get(pk=enquiry.child_id).local_authority_id == "855"
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="handover", summary__contains="acknowledgement"
    ).exists()


def test_an_episode_without_a_moved_la_outcome_is_left_open_and_noted(
    client_for, officer, leicester_officer
):
    episode = Episode.objects.create(child=ChildFactory(), kind=EpisodeKind.HEALTH_NEEDS)
    send(client_for(officer), episode)
    handover = Handover.objects.get()
    client_for(leicester_officer).post(reverse("handovers:accept", args=[handover.pk]))
    episode.refresh_from_db()
    assert not episode.is_closed
    assert episode.events.filter(summary__contains="left open for you to close").exists()
