"""Demo notifications of each kind across both demo schools, for
`load_demo_data`. Fixed references make it safe to run again."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from inclusion_tracker.notifications.journeys import JOURNEYS
from inclusion_tracker.notifications.models import (
    ContactAttempt,
    ContactMethod,
    DestinationKnown,
    EarlyYearsMissing,
    Kind,
    Notification,
    OffsiteProvision,
    OtherMissingEducation,
    OtherReason,
    PartTimeReason,
    PartTimeTimetable,
    RemovalFromRoll,
    RemovalParent,
    Status,
)

CHILDREN: dict[str, dict[str, Any]] = {
    "amelia": dict(
        first_name="Amelia",
        last_name="Khan",
        upn="B801200005001",
        year_group="5",
        address_line_1="4 Mill Lane",
        town="Leicester",
        postcode="LE1 2AB",
        has_ehcp=True,
    ),
    "oliver": dict(
        first_name="Oliver",
        last_name="Brown",
        upn_not_known_reason="Joined from abroad",
        year_group="9",
        address_line_1="12 Station Road",
        town="Hinckley",
        postcode="LE10 1AA",
        looked_after=True,
        has_social_worker=True,
    ),
    "isla": dict(
        first_name="Isla",
        last_name="Roberts",
        upn_not_known_reason="Not yet allocated",
        year_group="N2",
        address_line_1="7 Church Walk",
        town="Loughborough",
        postcode="LE11 3BB",
    ),
    "noah": dict(
        first_name="Noah",
        last_name="Evans",
        upn_not_known_reason="Records not yet received",
        year_group="10",
        address_line_1="22 Park Road",
        town="Coalville",
        postcode="LE67 3CC",
        child_in_need=True,
    ),
    "zara": dict(
        first_name="Zara",
        last_name="Ahmed",
        upn_not_known_reason="Records not yet received",
        year_group="3",
        address_line_1="3 Elm Close",
        town="Melton Mowbray",
        postcode="LE13 0DD",
        gypsy_roma_traveller=True,
    ),
}


def load(establishments, users):
    """`establishments` by URN and `users` by e-mail, from load_demo_data."""
    today = timezone.localdate()
    primary, secondary, nursery = (
        establishments["990001"],
        establishments["990002"],
        establishments["990004"],
    )
    school_a, school_b = users["school.a@example.com"], users["school.b@example.com"]

    n = _notification(
        "PTT-DEMAA2", Kind.PART_TIME_TIMETABLE, primary, school_a, "amelia", submitted=True
    )
    plan, _ = PartTimeTimetable.objects.update_or_create(
        notification=n,
        defaults=dict(
            start_date=today - timedelta(days=21),
            end_date=today + timedelta(days=21),
            hours_per_week=Decimal("15"),
            full_time_hours=Decimal("32.5"),
            reason=PartTimeReason.HEALTH,
            reason_details="Recovering from surgery; consultant advises mornings only.",
            parent_agreed=True,
            parent_name="Sara Khan",
            parent_agreed_on=today - timedelta(days=24),
            support_in_place="Work set daily; weekly check-in call with the SENCo.",
            return_plan="An extra afternoon each fortnight until full time.",
            has_offsite_provision=True,
            first_review_date=today + timedelta(days=3),
        ),
    )
    if not plan.offsite_provisions.exists():
        OffsiteProvision.objects.create(
            plan=plan, provider="County Hospital School", hours_per_week=Decimal("4")
        )

    n = _notification(
        "PTT-DEMAB3", Kind.PART_TIME_TIMETABLE, secondary, school_b, "noah", submitted=True
    )
    PartTimeTimetable.objects.update_or_create(
        notification=n,
        defaults=dict(
            start_date=today - timedelta(days=60),
            end_date=today - timedelta(days=5),
            hours_per_week=Decimal("20"),
            full_time_hours=Decimal("32.5"),
            reason=PartTimeReason.MENTAL_HEALTH,
            reason_details="Anxiety; CAMHS involved.",
            parent_agreed=True,
            parent_name="Lee Evans",
            parent_agreed_on=today - timedelta(days=62),
            support_in_place="Key worker; quiet room.",
            return_plan="Increase by one lesson a week.",
            has_offsite_provision=False,
            first_review_date=today - timedelta(days=30),
        ),
    )

    n = _notification(
        "ROL-DEMAC4", Kind.REMOVAL_FROM_ROLL, secondary, school_b, "oliver", submitted=True
    )
    removal, _ = RemovalFromRoll.objects.update_or_create(
        notification=n,
        defaults=dict(
            ground="I",
            ground_met_on=today - timedelta(days=2),
            # Deleted the day before the school told us: a late return.
            deletion_date=today - timedelta(days=1),
            first_day_of_absence=today - timedelta(days=40),
            joint_enquiries_confirmed=True,
            destination_known=DestinationKnown.NOT_KNOWN,
        ),
    )
    if not removal.parents.exists():
        RemovalParent.objects.create(
            removal=removal,
            full_name="Dan Brown",
            relationship="Father",
            emergency_phone="07700900982",
        )

    n = _notification(
        "ROL-DEMAD6", Kind.REMOVAL_FROM_ROLL, primary, school_a, "zara", submitted=True
    )
    removal, _ = RemovalFromRoll.objects.update_or_create(
        notification=n,
        defaults=dict(
            ground="A",
            ground_met_on=today - timedelta(days=7),
            deletion_date=today - timedelta(days=6),
            new_school=secondary,
            new_school_start_date=today - timedelta(days=6),
            destination_known=DestinationKnown.KNOWN,
            future_address_line_1="9 New Street",
            future_town="Leicester",
            future_postcode="LE2 7EE",
            future_address_from=today - timedelta(days=10),
        ),
    )
    if not removal.parents.exists():
        RemovalParent.objects.create(
            removal=removal,
            full_name="Amina Ahmed",
            relationship="Mother",
            emergency_phone="01162960001",
        )

    n = _notification(
        "PME-DEMAE7", Kind.OTHER_MISSING_EDUCATION, secondary, school_b, "noah", submitted=True
    )
    OtherMissingEducation.objects.update_or_create(
        notification=n,
        defaults=dict(
            reason=OtherReason.HEALTH,
            reason_details="Long-term illness.",
            since=today - timedelta(days=12),
            hours_received=Decimal("5"),
            provision_in_place="Home tuition two mornings a week.",
            expected_return=today + timedelta(days=30),
            expected_to_miss_15_days=True,
        ),
    )

    n = _notification("EYM-DEMAF8", Kind.EARLY_YEARS, nursery, school_a, "isla", submitted=True)
    early, _ = EarlyYearsMissing.objects.update_or_create(
        notification=n,
        defaults=dict(
            funded_hours=Decimal("15"),
            last_attended=today - timedelta(days=15),
            concerns="Family said they might be moving; phone now unanswered.",
            other_services="Health visitor",
        ),
    )
    if not early.contact_attempts.exists():
        ContactAttempt.objects.create(
            early_years=early,
            attempted_on=today - timedelta(days=10),
            method=ContactMethod.PHONE,
            outcome="No answer",
        )
        ContactAttempt.objects.create(
            early_years=early,
            attempted_on=today - timedelta(days=7),
            method=ContactMethod.HOME_VISIT,
            outcome="No one home; neighbour unsure",
        )

    draft = _notification(
        "PTT-DEMAG9", Kind.PART_TIME_TIMETABLE, primary, school_a, "amelia", submitted=False
    )
    PartTimeTimetable.objects.get_or_create(notification=draft)
    draft.completed_pages = ["child-upn", "child-details", "child-address"]
    draft.save(update_fields=["completed_pages"])

    for notification in Notification.objects.submitted().filter(reference__contains="-DEMA"):
        notification.needs_cme_enquiry = notification.details.needs_cme_enquiry
        notification.save(update_fields=["needs_cme_enquiry"])


def _notification(reference, kind, establishment, user, child, *, submitted):
    journey = JOURNEYS.get(kind)
    completed = [page.slug for page in journey.pages] if journey else []
    defaults = dict(
        kind=kind,
        establishment=establishment,
        created_by=user,
        completed_pages=completed,
        status=Status.RECEIVED if submitted else Status.DRAFT,
        submitted_at=timezone.now() if submitted else None,
        submitted_by=user if submitted else None,
        date_of_birth=None,
        **CHILDREN[child],
    )
    notification, created = Notification.objects.get_or_create(
        reference=reference, defaults=defaults
    )
    if created:
        notification.date_of_birth = _birth_for(notification.year_group)
        notification.save(update_fields=["date_of_birth"])
    return notification


def _birth_for(year_group: str):
    """A date of birth that fits the year group this school year."""
    today = timezone.localdate()
    school_year_start = today.year if today.month >= 9 else today.year - 1
    offsets = {"N1": 3, "N2": 4, "R": 5}
    years_old_on_1_september = offsets.get(year_group) or int(year_group) + 5
    return datetime(school_year_start - years_old_on_1_september, 1, 15).date()
