from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from inclusion_tracker.support.models import Service
from inclusion_tracker.support.tests.factories import ServiceFactory


def test_retiring_records_the_date_and_reinstating_clears_it(db):
    service = ServiceFactory()
    service.retire()
    service.refresh_from_db()
    assert not service.active
    assert service.retired_on == timezone.localdate()
    service.reinstate()
    service.refresh_from_db()
    assert service.active
    assert service.retired_on is None


def test_a_service_can_be_retired_on_a_given_date(db):
    service = ServiceFactory()
    service.retire(on=date(2026, 3, 31))
    assert Service.objects.retired().get().retired_on == date(2026, 3, 31)


def test_the_database_refuses_ages_out_of_order(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(age_from=10, age_to=5)


def test_the_database_refuses_an_age_over_25(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(age_from=10, age_to=30)


def test_needs_are_kept_in_the_lists_order_and_replaced_when_set(db):
    service = ServiceFactory(needs=["attendance", "send", "autism"])
    assert service.need_codes == ["send", "autism", "attendance"]
    service.set_needs(["health", "send"])
    assert service.need_codes == ["send", "health"]
    assert service.need_labels == [
        "Special educational needs and disabilities (SEND)",
        "Health",
    ]


def test_only_yes_means_schools_may_refer_directly(db):
    assert ServiceFactory(direct_referral="yes").schools_may_refer
    assert not ServiceFactory(direct_referral="no").schools_may_refer
    assert not ServiceFactory(direct_referral="not_known").schools_may_refer
