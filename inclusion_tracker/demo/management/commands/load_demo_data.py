"""Fictional establishments, one account per role and a few children, for
the demo. Safe to run again: it updates what is there and adds what is not."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import LA_STAFF_ROLES, Role
from inclusion_tracker.casework import demo as demo_casework
from inclusion_tracker.children.models import Child
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.handovers import demo as demo_handovers
from inclusion_tracker.notifications import demo as demo_notifications
from inclusion_tracker.referrals import demo as demo_referrals
from inclusion_tracker.school_calendar import demo as demo_term_dates

DEMO_PASSWORD = "inclusion-demo-2026"

# All fictional. URNs in the 990000s are not used by GIAS.
ESTABLISHMENTS = [
    dict(
        urn="990001",
        establishment_number="2001",
        name="Brookfield Primary School",
        type_name="Community school",
        type_group="Local authority maintained schools",
        phase="Primary",
        postcode="LE1 1AA",
        statutory_low_age=4,
        statutory_high_age=11,
    ),
    dict(
        urn="990002",
        establishment_number="4001",
        name="Hallam Fields Academy",
        type_name="Academy converter",
        type_group="Academies",
        phase="Secondary",
        postcode="LE2 2BB",
        statutory_low_age=11,
        statutory_high_age=16,
    ),
    dict(
        urn="990003",
        establishment_number="7001",
        name="Willow Bank Special School",
        type_name="Community special school",
        type_group="Special schools",
        phase="Not applicable",
        postcode="LE3 3CC",
        statutory_low_age=3,
        statutory_high_age=19,
        is_special_school=True,
    ),
    dict(
        urn="990004",
        establishment_number="",
        name="Little Acorns Day Nursery",
        type_name="Early years setting",
        type_group="Other types",
        phase="Nursery",
        postcode="LE4 4DD",
        statutory_low_age=0,
        statutory_high_age=5,
        is_early_years_setting=True,
    ),
    dict(
        urn="990005",
        establishment_number="1101",
        name="Riverside Short Stay School",
        type_name="Pupil referral unit",
        type_group="Local authority maintained schools",
        phase="Not applicable",
        postcode="LE5 5EE",
        statutory_low_age=5,
        statutory_high_age=16,
    ),
    # A neighbouring authority sharing the service: Leicester (856).
    dict(
        urn="990101",
        establishment_number="2101",
        name="Abbey Park Primary School",
        type_name="Community school",
        type_group="Local authority maintained schools",
        phase="Primary",
        postcode="LE4 5AA",
        statutory_low_age=4,
        statutory_high_age=11,
        la_code="856",
        la_name="Leicester",
    ),
]

# The second LA's staff and school user (their LA: the last field).
SECOND_LA = "856"

USERS = [
    (
        "school.a@example.com",
        "Sam Patel",
        "Designated safeguarding lead",
        Role.SCHOOL_USER,
        ["990001"],
    ),
    ("school.b@example.com", "Jo Williams", "Attendance lead", Role.SCHOOL_USER, ["990002"]),
    ("contact.a@example.com", "Alex Morgan", "Headteacher", Role.SCHOOL_MAIN_CONTACT, ["990001"]),
    ("officer@example.com", "Priya Shah", "Inclusion officer", Role.INCLUSION_OFFICER, []),
    ("manager@example.com", "Chris Taylor", "Inclusion team manager", Role.TEAM_MANAGER, []),
    ("admin@example.com", "Dana Lee", "Data and systems administrator", Role.ADMINISTRATOR, []),
    ("school.city@example.com", "Ravi Mistry", "Attendance lead", Role.SCHOOL_USER, ["990101"]),
    ("officer.city@example.com", "Grace Okafor", "Inclusion officer", Role.INCLUSION_OFFICER, []),
    ("manager.city@example.com", "Tom Hughes", "Inclusion team manager", Role.TEAM_MANAGER, []),
]

# Staff of the second LA (the others work for the deployment's, LA_CODES).
SECOND_LA_STAFF = {"officer.city@example.com", "manager.city@example.com"}

CHILDREN: list[dict[str, Any]] = [
    dict(
        upn="B801200005001",
        legal_first_name="Amelia",
        legal_last_name="Khan",
        date_of_birth=date(2015, 3, 12),
        sex="F",
        postcode="LE1 2AB",
        school="990001",
        has_ehcp=True,
    ),
    dict(
        upn="",
        legal_first_name="Oliver",
        legal_last_name="Brown",
        date_of_birth=date(2012, 11, 2),
        sex="M",
        postcode="LE2 3CD",
        school="990002",
        looked_after=True,
    ),
    dict(
        upn="",
        legal_first_name="Maya",
        legal_last_name="Smith",
        preferred_first_name="Mia",
        date_of_birth=date(2013, 6, 30),
        sex="F",
        postcode="LE5 6EF",
        school="990005",
        gypsy_roma_traveller=True,
        young_carer=True,
    ),
    dict(
        upn="",
        legal_first_name="Noah",
        legal_last_name="Clarke",
        date_of_birth=date(2016, 1, 21),
        sex="M",
        postcode="LE4 6BB",
        school="990101",
    ),
]


class Command(BaseCommand):
    help = (
        "Load fictional demo establishments, one account per role, a few children and "
        "notifications of each kind, and casework: children with episodes in every status, "
        "so each worklist has rows and the triage inbox has work. "
        "Safe to run again. Refuses to run when DJANGO_ENV=production."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            self.stderr.write("Demo data is not loaded in production (DJANGO_ENV=production).")
            return
        with transaction.atomic():
            establishments = self.load_establishments()
            users = self.load_users(establishments)
            self.load_children(establishments)
            demo_notifications.load(establishments, users)
            demo_term_dates.load()  # before casework: its dates count school days
            demo_casework.load(establishments, users)
            demo_referrals.load(establishments, users)
            demo_handovers.load(users)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with any of these:"))
        for email, _name, _title, role, _urns in USERS:
            self.stdout.write(f"  {role.value:<20} {email:<24} password: {DEMO_PASSWORD}")

    def load_establishments(self):
        la_code = settings.LA_CODES[0]
        found = {}
        for fields in ESTABLISHMENTS:
            fields = dict(fields)
            urn = fields.pop("urn")
            found[urn], _ = Establishment.objects.update_or_create(
                urn=urn,
                defaults={"la_code": la_code, "la_name": "Leicestershire", **fields},
            )
        return found

    def load_users(self, establishments):
        users = {}
        for email, name, title, role, urns in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=name, job_title=title
                )
            else:
                user.full_name, user.job_title, user.is_active = name, title, True
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.set_role(role)
            if role in LA_STAFF_ROLES:
                own_la = SECOND_LA if email in SECOND_LA_STAFF else settings.LA_CODES[0]
                user.local_authority_id = own_la
                user.save(update_fields=["local_authority"])
            user.establishments.set([establishments[urn] for urn in urns])
            users[email] = user
        return users

    def load_children(self, establishments):
        for fields in CHILDREN:
            fields = dict(fields)
            school = establishments[fields.pop("school")]
            key = dict(
                legal_first_name=fields.pop("legal_first_name"),
                legal_last_name=fields.pop("legal_last_name"),
                date_of_birth=fields.pop("date_of_birth"),
            )
            Child.objects.update_or_create(
                **key,
                defaults={
                    **fields,
                    "current_establishment": school,
                    "local_authority_id": school.la_code,
                },
            )
