"""A draft sent from another tab is never changed or deleted afterwards."""

import pytest
from django.contrib.messages import get_messages

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.notifications.models import Kind, Notification, Status
from inclusion_tracker.notifications.tests.helpers import date_parts, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def sent_meanwhile(notification):
    """Another tab sent it after this one loaded its page."""
    Notification.objects.filter(pk=notification.pk).update(status=Status.RECEIVED)


def test_an_answer_posted_after_the_draft_was_sent_changes_nothing(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    assert school.get(f"/notify/{notification.reference}/child-details/").status_code == 200
    sent_meanwhile(notification)
    response = school.post(
        f"/notify/{notification.reference}/child-details/",
        {
            "first_name": "Changed",
            "last_name": "Afterwards",
            "year_group": "5",
            **date_parts("date_of_birth", 12, 3, 2015),
        },
    )
    assert response.status_code == 302
    assert response.url == f"/notifications/{notification.reference}/"
    assert Notification.objects.get(pk=notification.pk).first_name == ""


def test_deleting_a_draft_sent_meanwhile_deletes_nothing(school, monkeypatch):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    # The page was opened while it was a draft ...
    assert school.get(f"/notify/{notification.reference}/delete/").status_code == 200
    # ... and sent from another tab before "Delete" was pressed. The view
    # loads it as a draft (get_draft_for) then deletes only a row still in draft.
    from inclusion_tracker.notifications.views import journey

    original = journey.get_draft_for

    def loaded_then_sent(user, reference):
        draft = original(user, reference)
        sent_meanwhile(draft)
        return draft

    monkeypatch.setattr(journey, "get_draft_for", loaded_then_sent)
    response = school.post(f"/notify/{notification.reference}/delete/")
    assert response.status_code == 302
    assert Notification.objects.filter(pk=notification.pk).exists()
    assert not AuditEvent.objects.filter(action=Action.DELETE).exists()


def test_deleting_a_draft_is_audited(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    response = school.post(f"/notify/{notification.reference}/delete/")
    assert response.status_code == 302
    assert not Notification.objects.filter(pk=notification.pk).exists()
    event = AuditEvent.objects.get(action=Action.DELETE)
    assert event.summary == f"Deleted draft {notification.reference}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Draft {notification.reference} has been deleted"
    ]
