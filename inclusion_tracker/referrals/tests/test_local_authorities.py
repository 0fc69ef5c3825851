"""Referrals across two local authorities (855 Leicestershire, 856 Leicester):
LA staff see and change only their own LA's children's referrals; another
LA's referral answers 404 on every page, and is neither listed on the open
referrals worklist nor counted on the worklists page."""

import pytest
from django.urls import reverse

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.referrals.statuses import ReferralStatus
from inclusion_tracker.referrals.tests.helpers import open_episode
from inclusion_tracker.referrals.tests.test_views import WORKLIST, overdue_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def leicester_officer():
    return UserFactory(
        email="officer.856@example.com", role=Role.INCLUSION_OFFICER, local_authority_id="856"
    )


@pytest.fixture
def referrals(officer, leicester_officer, school_a):
    """An overdue referral in each LA, by that LA's officer."""
    leicester_school = EstablishmentFactory(urn="956001", la_code="856")
    return {
        "855": overdue_referral(officer, episode=open_episode(ChildFactory(), school_a)),
        "856": overdue_referral(
            leicester_officer,
            episode=open_episode(ChildFactory(local_authority_id="856"), leicester_school),
        ),
    }


PAGES = ("referrals:detail", "referrals:status", "referrals:edit")


@pytest.mark.parametrize("page", PAGES)
def test_la_staff_reach_only_their_own_las_referrals(
    client_for, officer, leicester_officer, referrals, page
):
    for user, own, other in ((officer, "855", "856"), (leicester_officer, "856", "855")):
        client = client_for(user)
        assert client.get(reverse(page, args=[referrals[own].pk])).status_code == 200
        assert client.get(reverse(page, args=[referrals[other].pk])).status_code == 404


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_managers_and_administrators_get_404_for_another_las_referral(
    client_for, cast, referrals, who
):
    response = client_for(cast[who]).get(reverse("referrals:detail", args=[referrals["856"].pk]))
    assert response.status_code == 404


def test_another_las_referral_cannot_be_changed(client_for, officer, referrals):
    theirs = referrals["856"]
    response = client_for(officer).post(
        reverse("referrals:status", args=[theirs.pk]),
        {"version": str(theirs.version), "status": ReferralStatus.WITHDRAWN},
    )
    assert response.status_code == 404
    assert Referral.objects.get(pk=theirs.pk).status == ReferralStatus.MADE


def test_the_open_referrals_worklist_lists_only_the_users_las(
    client_for, officer, leicester_officer, referrals
):
    for user, own, other in ((officer, "855", "856"), (leicester_officer, "856", "855")):
        page = page_text(client_for(user).get(WORKLIST))
        assert referrals[own].get_absolute_url() in page
        assert referrals[other].get_absolute_url() not in page
        assert '<p class="govuk-body" id="count">1 referral</p>' in page


def test_the_worklists_page_counts_only_the_users_las_open_referrals(
    client_for, officer, leicester_officer, referrals
):
    overdue_referral(officer, episode=open_episode(ChildFactory()))
    for user, count in ((officer, 2), (leicester_officer, 1)):
        page = page_text(client_for(user).get(reverse("casework:worklists")))
        assert f'id="count-open-referrals">{count}<' in page


def test_an_administrator_of_both_las_sees_both(client_for, admin_user, referrals):
    admin_user.other_local_authorities.add("856")
    client = client_for(admin_user)
    for referral in referrals.values():
        assert client.get(referral.get_absolute_url()).status_code == 200
    assert '<p class="govuk-body" id="count">2 referrals</p>' in page_text(client.get(WORKLIST))
