"""A draft sent from another tab is never changed or deleted afterwards."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.notifications.models import Kind, Notification, Status
from inclusion_tracker.notifications.tests.helpers import CONTACT_ATTEMPT, date_parts, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def sent_meanwhile(notification):
    """Another tab sent it after this one loaded its page."""
    Notification.objects.filter(pk=notification.pk).update(status=Status.RECEIVED)


def sent_once_loaded(monkeypatch) -> None:
    """The next request loads the draft (still a draft), and another tab sends
    it at once, before this request saves anything: the view must lock the
    row and find it sent."""
    from inclusion_tracker.notifications.views import journey

    original = journey.get_draft_for

    def load_then_send(user, reference):
        draft = original(user, reference)
        assert draft.is_draft
        sent_meanwhile(draft)
        return draft

    monkeypatch.setattr(journey, "get_draft_for", load_then_send)


SENT_MESSAGE = "has been sent, so it can no longer be changed. This is what was sent"


def told_it_was_sent(response, notification) -> None:
    assert response.status_code == 302
    assert response.url == f"/notifications/{notification.reference}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{notification.reference} {SENT_MESSAGE}"
    ]


CHILD_DETAILS = {
    "first_name": "Changed",
    "last_name": "Afterwards",
    "year_group": "5",
    **date_parts("date_of_birth", 12, 3, 2015),
}


def test_an_answer_posted_after_the_draft_was_sent_changes_nothing(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    assert school.get(f"/notify/{notification.reference}/child-details/").status_code == 200
    sent_meanwhile(notification)
    response = school.post(f"/notify/{notification.reference}/child-details/", CHILD_DETAILS)
    assert response.status_code == 302
    assert response.url == f"/notifications/{notification.reference}/"
    assert Notification.objects.get(pk=notification.pk).first_name == ""


def test_deleting_a_draft_sent_meanwhile_deletes_nothing(school, monkeypatch):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    # The page was opened while it was a draft ...
    assert school.get(f"/notify/{notification.reference}/delete/").status_code == 200
    # ... and sent from another tab before "Delete" was pressed. The view
    # loads it as a draft (get_draft_for) then deletes only a row still in draft.
    sent_once_loaded(monkeypatch)
    response = school.post(f"/notify/{notification.reference}/delete/")
    told_it_was_sent(response, notification)
    assert Notification.objects.get(pk=notification.pk).status == Status.RECEIVED
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


# Sent between loading the draft and saving the answer --------------------------------


def test_an_answer_to_a_draft_sent_while_it_was_saved_changes_nothing(school, monkeypatch):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    sent_once_loaded(monkeypatch)
    response = school.post(f"/notify/{notification.reference}/child-details/", CHILD_DETAILS)
    told_it_was_sent(response, notification)
    sent = Notification.objects.get(pk=notification.pk)
    assert (sent.status, sent.first_name) == (Status.RECEIVED, "")
    assert "child-details" not in sent.completed_pages


def test_an_item_added_to_a_draft_sent_while_it_was_saved_is_not_kept(school, monkeypatch):
    notification = start(school, Kind.EARLY_YEARS)
    sent_once_loaded(monkeypatch)
    response = school.post(f"/notify/{notification.reference}/contact-attempts/", CONTACT_ATTEMPT)
    told_it_was_sent(response, notification)
    assert not Notification.objects.get(pk=notification.pk).details.contact_attempts.exists()


def test_an_item_removed_from_a_draft_sent_meanwhile_stays(school, monkeypatch):
    notification = start(school, Kind.EARLY_YEARS)
    url = f"/notify/{notification.reference}/contact-attempts/"
    assert school.post(url, CONTACT_ATTEMPT).status_code == 302
    attempt = Notification.objects.get(pk=notification.pk).details.contact_attempts.get()
    sent_once_loaded(monkeypatch)
    response = school.post(f"{url}remove/{attempt.pk}/")
    told_it_was_sent(response, notification)
    assert Notification.objects.get(pk=notification.pk).details.contact_attempts.get() == attempt


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_saving_an_answer_locks_the_drafts_row_before_writing(school):
    notification = start(school, Kind.PART_TIME_TIMETABLE)
    with CaptureQueriesContext(connection) as queries:
        response = school.post(f"/notify/{notification.reference}/child-details/", CHILD_DETAILS)
    assert response.status_code == 302
    statements = [query["sql"] for query in queries.captured_queries]
    table = f'"{Notification._meta.db_table}"'
    [lock] = [i for i, sql in enumerate(statements) if "FOR UPDATE" in sql and table in sql]
    assert f"{table}.\"status\" = 'draft'" in statements[lock]
    writes = [i for i, sql in enumerate(statements) if sql.startswith(("UPDATE", "INSERT"))]
    assert any(table in statements[i] for i in writes)
    assert lock < min(i for i in writes if '"notifications_' in statements[i])
