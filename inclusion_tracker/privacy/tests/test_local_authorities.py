"""Legal holds and subject access exports across two local authorities (855
Leicestershire, 856 Leicester): an administrator reaches only their own LAs'
children; another LA's child answers 404, and nothing is held or exported."""

import pytest
from django.urls import reverse

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.privacy.models import SubjectAccessExport

pytestmark = pytest.mark.django_db

LEICESTER = "856"
PAGES = ("privacy:legal-hold", "privacy:export")


@pytest.fixture
def leicester_admin(db):
    return UserFactory(
        email="admin.856@example.com", role=Role.ADMINISTRATOR, local_authority_id=LEICESTER
    )


@pytest.fixture
def children(db):
    return {"855": ChildFactory(), "856": ChildFactory(local_authority_id=LEICESTER)}


@pytest.mark.parametrize("page", PAGES)
def test_an_administrator_reaches_only_their_las_children(
    client_for, admin_user, leicester_admin, children, page
):
    for admin, own, other in ((admin_user, "855", "856"), (leicester_admin, "856", "855")):
        client = client_for(admin)
        assert client.get(reverse(page, args=[children[own].pk])).status_code == 200
        assert client.get(reverse(page, args=[children[other].pk])).status_code == 404


def test_another_las_child_cannot_be_held_or_exported(client_for, admin_user, children):
    theirs = children["856"]
    client = client_for(admin_user)
    held = client.post(reverse("privacy:legal-hold", args=[theirs.pk]), {"reason": "Court case"})
    exported = client.post(reverse("privacy:export", args=[theirs.pk]), {"reason": "SAR 12"})
    assert held.status_code == exported.status_code == 404
    assert not Child.objects.get(pk=theirs.pk).legal_hold
    assert not SubjectAccessExport.objects.exists()


@pytest.mark.parametrize("page", PAGES)
def test_an_administrator_of_both_las_reaches_both(client_for, admin_user, children, page):
    admin_user.other_local_authorities.add(LEICESTER)
    client = client_for(admin_user)
    for child in children.values():
        assert client.get(reverse(page, args=[child.pk])).status_code == 200
