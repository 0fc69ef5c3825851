"""The demo's two local authorities: Leicestershire (855), the deployment's
own, and its neighbour Leicester (856), each with its staff, a school and a
child."""

import pytest
from django.core.management import call_command

from inclusion_tracker.accounts.models import User
from inclusion_tracker.children.models import Child
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.handovers.models import Handover

pytestmark = pytest.mark.django_db


def test_the_demo_has_staff_schools_and_children_in_two_local_authorities(settings):
    settings.LA_CODES = ["855"]
    call_command("load_demo_data", stdout=None)
    call_command("load_demo_data", stdout=None)  # again: nothing doubled
    la_of = dict(User.objects.values_list("email", "local_authority_id"))
    assert la_of["officer@example.com"] == la_of["manager@example.com"] == "855"
    assert la_of["officer.city@example.com"] == la_of["manager.city@example.com"] == "856"
    assert la_of["school.city@example.com"] == "856"
    assert Establishment.objects.get(urn="990101").la_code == "856"
    city_children = Child.objects.filter(local_authority_id="856")
    # Noah is Leicester's own; Isla was handed over by Leicestershire and accepted.
    assert sorted(city_children.values_list("legal_first_name", flat=True)) == ["Isla", "Noah"]
    handovers = Handover.objects.order_by("child__legal_first_name")
    assert [(h.child.legal_first_name, h.status, h.from_la_id, h.to_la_id) for h in handovers] == [
        ("Isla", Handover.Status.ACCEPTED, "855", "856"),
        ("Oliver", Handover.Status.WAITING, "855", "856"),
    ]
    assert Child.objects.filter(local_authority_id="855").count() >= 3
