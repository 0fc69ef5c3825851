"""The audit log across two local authorities (855 Leicestershire, 856
Leicester): an administrator reads the events about their LAs' children and
the events by their LAs' users (staff with no LA set are the deployment's,
855 here), never another LA's."""

import pytest

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

LEICESTER = "856"


@pytest.fixture
def leicester_admin(db):
    return UserFactory(
        email="admin.856@example.com", role=Role.ADMINISTRATOR, local_authority_id=LEICESTER
    )


@pytest.fixture
def events(officer, school_user_a):
    """One event of each kind in each LA, each named by its summary."""
    leicester_officer = UserFactory(
        email="officer.856@example.com", role=Role.INCLUSION_OFFICER, local_authority_id=LEICESTER
    )
    leicester_school_user = UserFactory(
        role=Role.SCHOOL_USER,
        establishments=[EstablishmentFactory(urn="956001", la_code=LEICESTER)],
    )
    ours, theirs = ChildFactory(), ChildFactory(local_authority_id=LEICESTER)

    def record(summary, **fields):
        AuditEvent.objects.record(action=Action.VIEW, summary=summary, **fields)

    record("855-officer-signed-in", user=officer)
    record("855-school-user-signed-in", user=school_user_a)
    record("855-officer-viewed-855-child", user=officer, child=ours)
    record("856-officer-signed-in", user=leicester_officer)
    record("856-school-user-signed-in", user=leicester_school_user)
    record("856-officer-viewed-856-child", user=leicester_officer, child=theirs)
    record("855-officer-viewed-856-child", user=officer, child=theirs)
    record("unknown-address-failed-to-sign-in")


def summaries(response) -> set[str]:
    page = page_text(response)
    return {
        summary
        for summary in (
            "855-officer-signed-in",
            "855-school-user-signed-in",
            "855-officer-viewed-855-child",
            "856-officer-signed-in",
            "856-school-user-signed-in",
            "856-officer-viewed-856-child",
            "855-officer-viewed-856-child",
            "unknown-address-failed-to-sign-in",
        )
        if summary in page
    }


def test_an_administrator_reads_only_their_las_events(client_for, admin_user, events):
    assert summaries(client_for(admin_user).get("/audit/")) == {
        "855-officer-signed-in",
        "855-school-user-signed-in",
        "855-officer-viewed-855-child",
        # By one of their LA's officers, about another LA's child.
        "855-officer-viewed-856-child",
        # Nobody's: the deployment's own LA's.
        "unknown-address-failed-to-sign-in",
    }


def test_another_las_administrator_reads_only_theirs(client_for, leicester_admin, events):
    assert summaries(client_for(leicester_admin).get("/audit/")) == {
        "856-officer-signed-in",
        "856-school-user-signed-in",
        "856-officer-viewed-856-child",
        # About one of their LA's children, by another LA's officer.
        "855-officer-viewed-856-child",
    }


def test_filters_cannot_reach_another_las_events(client_for, leicester_admin, events, officer):
    client = client_for(leicester_admin)
    by_person = summaries(client.get("/audit/", {"actor": officer.email}))
    assert by_person == {"855-officer-viewed-856-child"}


def test_an_administrator_of_both_las_reads_both(client_for, admin_user, events):
    admin_user.other_local_authorities.add(LEICESTER)
    assert len(summaries(client_for(admin_user).get("/audit/"))) == 8
