import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.audit.models import Action, AuditEvent, AuditEventIsPermanent
from inclusion_tracker.core.tests.helpers import page_text


@pytest.fixture
def event(officer):
    return AuditEvent.objects.record(action=Action.VIEW, user=officer, summary="Viewed")


def test_an_event_cannot_be_changed(event):
    event.summary = "Something else"
    with pytest.raises(AuditEventIsPermanent):
        event.save()
    with pytest.raises(AuditEventIsPermanent):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    event.refresh_from_db()
    assert event.summary == "Viewed"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AuditEventIsPermanent):
        event.delete()
    with pytest.raises(AuditEventIsPermanent):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 403),
        ("main_contact_a", 403),
        ("officer", 403),
        ("manager", 403),
        ("outsider", 403),
        ("admin", 200),
    ],
)
def test_only_administrators_read_the_audit_log(client_for, cast, who, status):
    assert client_for(cast[who]).get("/audit/").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get("/audit/").url.startswith("/sign-in/")


def test_the_audit_log_filters_by_action_and_person(client_for, admin_user, officer, manager):
    AuditEvent.objects.record(action=Action.SIGN_IN, user=officer, summary="officer signed in")
    AuditEvent.objects.record(action=Action.SIGN_OUT, user=manager, summary="manager signed out")
    client = client_for(admin_user)
    by_action = page_text(client.get("/audit/", {"action": Action.SIGN_IN}))
    assert "officer signed in" in by_action
    assert "manager signed out" not in by_action
    by_person = page_text(client.get("/audit/", {"actor": manager.email}))
    assert "manager signed out" in by_person
    assert "officer signed in" not in by_person


def test_a_bad_filter_gets_a_clear_message(client_for, admin_user):
    content = page_text(client_for(admin_user).get("/audit/", {"since": "31/02/2026"}))
    assert "Enter the from date as a real date, like 27/03/2026" in content
    reversed_dates = client_for(admin_user).get(
        "/audit/", {"since": "02/03/2026", "until": "01/03/2026"}
    )
    assert "The to date must be the same as or after the from date" in page_text(reversed_dates)


def test_the_audit_log_uses_the_same_number_of_queries_for_many_events(
    client_for, admin_user, officer
):
    client = client_for(admin_user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/audit/").status_code == 200
        return len(queries)

    for _ in range(3):
        AuditEvent.objects.record(action=Action.VIEW, user=officer)
    few = count()
    for _ in range(40):
        AuditEvent.objects.record(action=Action.VIEW, user=officer)
    assert count() == few


def test_there_is_no_page_to_change_or_delete_an_event(client_for, admin_user, event):
    client = client_for(admin_user)
    assert client.post("/audit/", {"delete": event.pk}).status_code == 405
    assert client.get(f"/audit/{event.pk}/delete/").status_code == 404
