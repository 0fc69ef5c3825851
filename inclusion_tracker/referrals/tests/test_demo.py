"""The demo has referrals in every status, one open past the worklist's
threshold, and loading it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.referrals.statuses import ReferralStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_referrals_in_every_status_and_one_overdue(settings):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 20
    call_command("load_demo_data")
    count = Referral.objects.count()
    call_command("load_demo_data")
    assert Referral.objects.count() == count
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Referral.objects.overdue(timezone.localdate()).count() >= 1
    assert Referral.objects.filter(parent_consented=False).exclude(safeguarding_reason="").exists()
