"""The services the council's page names are there after migrations alone:
a fresh install and the demo have them without loading anything."""

import re

from inclusion_tracker.children.flags import FLAG_FIELDS
from inclusion_tracker.support.models import Service
from inclusion_tracker.support.needs import NEED_CHOICES, NEEDS

SEED_SERVICES = [
    "ADHD Solutions",
    "Educational psychology service",
    "Family Help Service",
    "Inclusion forums",
    "Leicestershire Virtual School",
    "Multi Agency Travellers Unit (MATU)",
    "Professionals Service Directory",
    "School-to-school outreach for children with SEND",
    "Specialist Teaching Service",
    "Specialist health services",
]


def test_every_service_the_council_names_is_there_after_migrations(db):
    assert list(Service.objects.order_by("name").values_list("name", flat=True)) == sorted(
        SEED_SERVICES
    )


def test_every_seed_service_is_offered_and_says_who_it_is_for(db):
    for service in Service.objects.all():
        assert service.active, service.name
        assert service.offers and service.who_for, service.name
        assert service.need_codes, service.name
        assert service.age_from <= service.age_to, service.name


def test_the_seed_names_the_partners_within_the_services(db):
    forums = Service.objects.get(name="Inclusion forums")
    assert "Oakfield Short Stay School" in forums.offers
    assert "Leicestershire Secondary Education and Inclusion Partnerships" in forums.offers
    health = Service.objects.get(name="Specialist health services")
    assert "Public Health" in health.offers
    assert "Healthy Schools" in health.offers


def test_seed_services_invent_no_phone_numbers_or_web_addresses(db):
    for service in Service.objects.all():
        assert service.web_address == "", service.name
        text = " ".join([service.offers, service.who_for, service.how_to_refer])
        assert not re.search(r"\d{4,}|https?:|www\.|@", text), service.name
        assert service.how_to_refer == (
            "Ask the Inclusion service for this service's contact details and how to refer."
        )


def test_only_the_outreach_service_lists_outreach_schools_and_its_list_starts_empty(db):
    outreach = Service.objects.get(is_school_outreach=True)
    assert outreach.name == "School-to-school outreach for children with SEND"
    assert not outreach.outreach_schools.exists()


def test_seed_services_use_only_needs_from_the_list(db):
    codes = {code for code, _ in NEED_CHOICES}
    for service in Service.objects.all():
        assert set(service.need_codes) <= codes


def test_the_needs_list_is_the_fixed_list_and_points_at_real_child_flags():
    assert [need.label for need in NEEDS] == [
        "Special educational needs and disabilities (SEND)",
        "Attention deficit hyperactivity disorder (ADHD)",
        "Autism",
        "Sensory impairment (hearing or vision)",
        "Learning",
        "Health",
        "Mental health and wellbeing",
        "Behaviour",
        "Looked-after children",
        "Gypsy, Roma and Traveller",
        "Early help for families",
        "Early years",
        "Attendance",
    ]
    for need in NEEDS:
        assert set(need.child_flags) <= set(FLAG_FIELDS), need.code
