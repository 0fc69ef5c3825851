"""A child's whole file for retention and subject access tests: one record of
every type, each holding words that must not survive anonymisation."""

from datetime import date, datetime, timedelta

from django.core import serializers
from django.utils import timezone

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import AuditEvent
from inclusion_tracker.casework.enquiries import EnquiryMethod, EnquiryResult
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import ChildMerge, EnquiryAction, Episode, EpisodeEvent, Note
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.notifications.models import (
    ContactAttempt,
    ContactMethod,
    EarlyYearsMissing,
    Kind,
    Notification,
    OffsiteProvision,
    OtherMissingEducation,
    PartTimeTimetable,
    RemovalFromRoll,
    RemovalParent,
    ReviewOutcome,
    TimetableReview,
)
from inclusion_tracker.privacy.models import SubjectAccessExport
from inclusion_tracker.privacy.retention import years_before
from inclusion_tracker.referrals.models import MadeBy, Referral, ReferralEvent
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder
from inclusion_tracker.support.tests.factories import ServiceFactory

UPN = make_upn(42)
# Everything personal the file holds: none of it may be left after anonymisation.
PERSONAL = [
    "Zofia",
    "Zosia",
    "Wisniewsk",
    "Quiet Lane",
    "Loughborough",
    "LE11",
    UPN,
    "Marek",
    "Helena",
    "07700 900123",
    "Other Road",
    "2012-06-15",
    "bereavement",
]


def long_ago(years: int = 8) -> datetime:
    return timezone.now() - timedelta(days=365 * years + 2)


def closed_years_ago(years: int, days: int = 0) -> date:
    """The day `years` years before today, `days` later (negative: earlier)."""
    return years_before(timezone.localdate(), years) + timedelta(days=days)


def backdate(model, pk, **fields) -> None:
    model.objects.filter(pk=pk).update(**fields)


def the_file(
    *, closed_on: date, school, officer, sent_at: datetime | None = None, upn: str = UPN
) -> Child:
    """A child whose every episode closed on `closed_on` and whose
    notifications were sent at `sent_at` (default eight years ago), with a
    record merged into it and one row of every type."""
    old = long_ago()
    sent_at = sent_at or old
    child = ChildFactory(
        legal_first_name="Zofia",
        legal_middle_names="Anna",
        legal_last_name="Wisniewska",
        preferred_first_name="Zosia",
        upn=upn,
        date_of_birth=date(2012, 6, 15),
        sex=Child.Sex.FEMALE,
        address_line_1="14 Quiet Lane",
        address_line_2="Flat 3",
        town="Loughborough",
        postcode="LE11 9ZZ",
        current_establishment=school,
        looked_after=True,
    )
    school_user = UserFactory(role=Role.SCHOOL_USER, establishments=[school])
    named = {
        "first_name": "Zofia",
        "last_name": "Wisniewska",
        "upn": upn,
        "date_of_birth": date(2012, 6, 15),
        "address_line_1": "14 Quiet Lane",
        "town": "Loughborough",
        "postcode": "LE11 9ZZ",
        "looked_after": True,
        "year_group": "7",
    }
    removal = submitted_notification(
        Kind.REMOVAL_FROM_ROLL,
        establishment=school,
        user=school_user,
        details={
            "ground": "F",
            "destination_known": "known",
            "future_address_line_1": "9 Other Road",
            "future_town": "Loughborough",
            "future_postcode": "LE11 1AA",
            "future_parent_name": "Marek Wisniewski",
        },
        **named,
    )
    RemovalParent.objects.create(
        removal=removal.removal_from_roll,
        full_name="Marek Wisniewski",
        relationship="Father",
        emergency_phone="07700 900123",
        address_line_1="14 Quiet Lane",
    )
    plan = submitted_notification(
        Kind.PART_TIME_TIMETABLE,
        establishment=school,
        user=school_user,
        details={
            "reason_details": "Anxiety after a bereavement",
            "parent_name": "Marek Wisniewski",
            "support_in_place": "Zofia sees a mentor",
            "return_plan": "Zofia builds up her hours",
        },
        upn_not_known_reason="",
        **named,
    )
    OffsiteProvision.objects.create(
        plan=plan.part_time_timetable, provider="Riverside Tuition", hours_per_week=5
    )
    TimetableReview.objects.create(
        plan=plan.part_time_timetable,
        reviewed_on=old.date(),
        outcome=ReviewOutcome.RETURNED,
        reason="Zofia is settled again",
        recorded_by=school_user,
    )
    other = submitted_notification(
        Kind.OTHER_MISSING_EDUCATION,
        establishment=school,
        user=school_user,
        details={"reason_details": "Helena says Zofia is unwell", "provision_in_place": "Zofia"},
        **named,
    )
    early = submitted_notification(
        Kind.EARLY_YEARS,
        establishment=school,
        user=school_user,
        details={"concerns": "Marek moved away", "other_services": "Helena's health visitor"},
        **named,
    )
    ContactAttempt.objects.create(
        early_years=early.early_years,
        attempted_on=old.date(),
        method=ContactMethod.PHONE,
        outcome="Spoke to Marek on 07700 900123",
    )
    notifications = [removal, plan, other, early]
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        child=child, submitted_at=sent_at
    )

    episode = Episode.objects.create(
        child=child,
        kind=EpisodeKind.PART_TIME_TIMETABLE,
        establishment=school,
        status=CLOSED,
        outcome="returned_full_time",
        reason="Zofia anxious",
        outcome_notes="Back full time, Marek agreed",
        start_date=old.date(),
        opened_on=old.date(),
        closed_on=closed_on,
    )
    episode.notifications.add(plan)
    episode.events.create(
        what=EpisodeEvent.What.STATUS, summary="Closed: returned", details="Marek phoned", at=old
    )
    enquiry = Episode.objects.create(
        child=child,
        kind=EpisodeKind.CME_ENQUIRY,
        status=CLOSED,
        outcome="found_on_roll",
        opened_on=old.date(),
        closed_on=closed_on,
        parent=episode,
    )
    EnquiryAction.objects.create(
        episode=enquiry,
        taken_on=old.date(),
        method=EnquiryMethod.HOME_VISIT,
        contacted="Helena Nowak, aunt",
        result=EnquiryResult.FOUND,
        outcome="Living at 9 Other Road",
        recorded_by=officer,
        recorded_at=old,
    )
    Note.objects.create(child=child, text="Phoned Marek", author=officer, created_at=old)
    referral = Referral.objects.create(
        episode=episode,
        service=ServiceFactory(),
        made_on=old.date(),
        made_by=MadeBy.LOCAL_AUTHORITY,
        recorded_by=officer,
        parent_consented=False,
        safeguarding_reason="Risk at home from Marek",
        outcome="Zofia was seen",
        notes="Helena came too",
        status="completed",
    )
    ReferralEvent.objects.create(
        referral=referral, what="made", to_status="made", on=old.date(), notes="Zofia", at=old
    )
    Reminder.objects.create(
        kind=ReminderKind.REVIEW_DUE,
        recipient=school_user,
        key=f"episode-{episode.pk}-review",
        episode=episode,
        about_date=old.date(),
        subject="Review due: Zofia W.",
        body="Zofia W.'s review is due",
    )
    # Another record of the same child, merged into this one.
    duplicate = ChildFactory(
        legal_first_name="Zofia",
        legal_last_name="Wisniewska-Nowak",
        date_of_birth=date(2012, 6, 15),
        address_line_1="14 Quiet Lane",
        merged_into=child,
    )
    ChildMerge.objects.create(
        kept=child,
        merged=duplicate,
        reason="Same girl: Zofia, two schools",
        filled={"address_line_2": "Flat 3"},
        merged_by=officer,
        merged_at=old,
    )
    SubjectAccessExport.objects.create(
        child=child, exported_by=officer, exported_at=old, reason="Request from Marek"
    )
    Child.objects.filter(pk__in=[child.pk, duplicate.pk]).update(created_at=old)
    child.refresh_from_db()
    return child


def everything_stored() -> str:
    """Every row of every type in a child's file, as text."""
    models = (
        Child,
        Notification,
        PartTimeTimetable,
        OffsiteProvision,
        TimetableReview,
        RemovalFromRoll,
        RemovalParent,
        OtherMissingEducation,
        EarlyYearsMissing,
        ContactAttempt,
        Episode,
        EpisodeEvent,
        Note,
        EnquiryAction,
        Referral,
        ReferralEvent,
        ChildMerge,
        Reminder,
        SubjectAccessExport,
        AuditEvent,
    )
    rows = [row for model in models for row in model.objects.all()]
    return serializers.serialize("json", rows)


def personal_data_left() -> list[str]:
    stored = everything_stored()
    return [word for word in PERSONAL if word in stored]
