"""Administrators place and remove a legal hold on a child's record; the
child's page shows it; everyone else gets 404; each change is audited."""

import pytest
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text


def hold_page(child) -> str:
    return reverse("privacy:legal-hold", args=[child.pk])


@pytest.fixture
def child(db):
    return ChildFactory(legal_first_name="Ruby", legal_last_name="Okafor")


@pytest.mark.parametrize(
    "who, status",
    [
        ("school_user_a", 404),
        ("main_contact_a", 404),
        ("officer", 404),
        ("manager", 404),
        ("outsider", 404),
        ("admin", 200),
    ],
)
def test_only_administrators_reach_the_legal_hold_page(who, status, cast, client_for, child):
    client = client_for(cast[who])

    assert client.get(hold_page(child)).status_code == status
    response = client.post(hold_page(child), {"action": "place", "reason": "Court case"})
    assert response.status_code == (302 if status == 200 else 404)
    child.refresh_from_db()
    assert child.legal_hold is (status == 200)


def test_an_anonymous_visitor_is_sent_to_sign_in(client, child):
    response = client.get(hold_page(child))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_a_legal_hold_needs_a_reason(client_for, admin_user, child):
    response = client_for(admin_user).post(hold_page(child), {"action": "place", "reason": "  "})

    assert response.status_code == 200
    assert "Enter why this record must be kept" in page_text(response)
    assert page_text(response).count("Enter why this record must be kept") == 2
    child.refresh_from_db()
    assert child.legal_hold is False


def test_an_administrator_places_a_legal_hold_and_it_is_audited(client_for, admin_user, child):
    response = client_for(admin_user).post(
        hold_page(child), {"action": "place", "reason": "Needed for the inquiry into Ruby's case"}
    )

    assert response.status_code == 302
    child.refresh_from_db()
    assert child.legal_hold is True
    assert child.legal_hold_reason == "Needed for the inquiry into Ruby's case"
    assert child.legal_hold_by == admin_user
    assert child.legal_hold_at is not None
    event = AuditEvent.objects.get(action=Action.UPDATE, child=child)
    assert (event.actor, event.summary) == (admin_user, "Placed a legal hold")


def test_the_childs_page_shows_the_legal_hold(client_for, admin_user, officer, child):
    child.place_legal_hold(by=admin_user, reason="Court case")

    officer_page = page_text(client_for(officer).get(reverse("casework:child", args=[child.pk])))
    admin_page = page_text(client_for(admin_user).get(reverse("casework:child", args=[child.pk])))

    assert 'govuk-tag--orange">Legal hold</strong>' in officer_page
    assert "Remove the legal hold" not in officer_page
    assert f'href="{hold_page(child)}">Remove the legal hold</a>' in admin_page


def test_a_childs_page_without_a_hold_shows_no_tag(client_for, admin_user, child):
    page = page_text(client_for(admin_user).get(reverse("casework:child", args=[child.pk])))

    assert ">Legal hold</strong>" not in page
    assert f'href="{hold_page(child)}">Place a legal hold</a>' in page


def test_an_administrator_removes_the_legal_hold_and_it_is_audited(client_for, admin_user, child):
    child.place_legal_hold(by=admin_user, reason="Court case")
    page = page_text(client_for(admin_user).get(hold_page(child)))
    assert "Court case" in page

    response = client_for(admin_user).post(hold_page(child), {"action": "remove"})

    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.legal_hold, child.legal_hold_reason, child.legal_hold_by) == (False, "", None)
    event = AuditEvent.objects.get(action=Action.UPDATE, child=child)
    assert event.summary == "Removed the legal hold"


def test_placing_a_hold_already_placed_changes_nothing(client_for, admin_user, manager, child):
    child.place_legal_hold(by=manager, reason="First reason")

    response = client_for(admin_user).post(hold_page(child), {"action": "place", "reason": "Again"})

    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.legal_hold_reason, child.legal_hold_by) == ("First reason", manager)
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_the_reason_is_not_copied_into_the_audit_log(client_for, admin_user, child):
    response = client_for(admin_user).post(
        hold_page(child), {"action": "place", "reason": "Ruby Okafor"}
    )

    assert response.status_code == 302
    assert AuditEvent.objects.get(action=Action.UPDATE, child=child).summary == (
        "Placed a legal hold"
    )
    assert not AuditEvent.objects.filter(summary__contains="Okafor").exists()


def test_opening_the_page_is_audited(client_for, admin_user, child):
    client_for(admin_user).get(hold_page(child))

    event = AuditEvent.objects.get(action=Action.VIEW, child=child)
    assert event.summary == "Opened the legal hold page"


def test_a_merged_record_sends_the_administrator_to_its_page(client_for, admin_user, child):
    merged = ChildFactory(merged_into=child)

    response = client_for(admin_user).post(hold_page(merged), {"action": "place", "reason": "X"})

    assert response["Location"] == reverse("casework:child", args=[merged.pk])
    merged.refresh_from_db()
    assert merged.legal_hold is False


def test_the_page_is_not_cached(client_for, admin_user, child):
    response = client_for(admin_user).get(hold_page(child))

    assert "no-store" in response["Cache-Control"]
