"""Notifications schools send the Inclusion service ("Record absence data").

A `Notification` holds what every kind shares: its reference, establishment,
status and the child's details as the school gave them. Each kind's answers
live in one detail model linked one-to-one: `PartTimeTimetable`,
`RemovalFromRoll`, `OtherMissingEducation`, `EarlyYearsMissing`. A draft is a
notification with status DRAFT: every question page saves to it.
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.children.school_age import (
    is_below_compulsory_school_age,
    is_of_compulsory_school_age,
)
from inclusion_tracker.core.permissions import SCHOOL_ACCESS
from inclusion_tracker.notifications import deletion_grounds
from inclusion_tracker.school_calendar import deadlines
from inclusion_tracker.school_calendar.school_days import calendar_for
from inclusion_tracker.school_calendar.years import academic_year_of

# Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, 5/S).
REFERENCE_ALPHABET = "2346789ABCDEFGHJKMNPQRTUVWXYZ"
REFERENCE_LENGTH = 6


class Kind(models.TextChoices):
    PART_TIME_TIMETABLE = "part_time_timetable", "Part-time (reduced) timetable"
    REMOVAL_FROM_ROLL = "removal_from_roll", "Removal from roll"
    OTHER_MISSING_EDUCATION = "other_missing_education", "Other missing out on education"
    EARLY_YEARS = "early_years", "Early-years child missing education"


REFERENCE_PREFIXES: dict[str, str] = {
    Kind.PART_TIME_TIMETABLE: "PTT",
    Kind.REMOVAL_FROM_ROLL: "ROL",
    Kind.OTHER_MISSING_EDUCATION: "PME",
    Kind.EARLY_YEARS: "EYM",
}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECEIVED = "received", "Received"
    WITH_INCLUSION_SERVICE = "with_inclusion_service", "With the Inclusion service"
    CLOSED = "closed", "Closed"


class YearGroup(models.TextChoices):
    N1 = "N1", "Nursery 1"
    N2 = "N2", "Nursery 2"
    R = "R", "Reception"
    Y1 = "1", "Year 1"
    Y2 = "2", "Year 2"
    Y3 = "3", "Year 3"
    Y4 = "4", "Year 4"
    Y5 = "5", "Year 5"
    Y6 = "6", "Year 6"
    Y7 = "7", "Year 7"
    Y8 = "8", "Year 8"
    Y9 = "9", "Year 9"
    Y10 = "10", "Year 10"
    Y11 = "11", "Year 11"


class NotificationQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def submitted(self):
        return self.exclude(status=Status.DRAFT)

    def for_school_user(self, user):
        """A school user's establishments' notifications, plus their own drafts
        that do not have an establishment yet."""
        return self.filter(
            models.Q(establishment__in=user.establishments.all())
            | models.Q(establishment__isnull=True, created_by=user)
        )

    def for_la_staff(self, user):
        """What LA staff may read: sent notifications about their local
        authorities' children (`User.la_codes`). A notification belongs to its
        child's LA once triage has linked it, and to its establishment's LA
        until then. The one place LA staff's scope of notifications is written."""
        codes = user.la_codes
        return self.submitted().filter(
            models.Q(child__local_authority_id__in=codes)
            | models.Q(child__isnull=True, establishment__la_code__in=codes)
        )

    def visible_to(self, user):
        """School users see their establishments' notifications (drafts
        included); LA staff their LAs' sent ones (`for_la_staff`); anyone
        else none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_la_staff:
            return self.for_la_staff(user)
        if user.has_perm(SCHOOL_ACCESS):
            return self.for_school_user(user)
        return self.none()

    def stale_drafts(self, days: int):
        return self.drafts().filter(updated_at__lt=timezone.now() - timedelta(days=days))


class Notification(models.Model):
    reference = models.CharField(max_length=12, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The question pages answered so far, by slug (see notifications/flows).
    completed_pages = models.JSONField(default=list, blank=True)
    # The one-time token of the form that created this row: a second post of
    # the same form (double click, back and resend) finds it instead of
    # creating another. See core/idempotency.py.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # The child, as the school describes them. Linked to a child record at triage.
    upn = models.CharField("UPN", max_length=13, blank=True)
    upn_not_known_reason = models.CharField("why the UPN is not known", max_length=200, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    year_group = models.CharField(max_length=3, choices=YearGroup.choices, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    has_ehcp = models.BooleanField("EHCP", default=False)
    sen_support = models.BooleanField("SEN support", default=False)
    looked_after = models.BooleanField(default=False)
    child_protection_plan = models.BooleanField(default=False)
    child_in_need = models.BooleanField(default=False)
    has_social_worker = models.BooleanField(default=False)
    gypsy_roma_traveller = models.BooleanField(default=False)
    young_carer = models.BooleanField(default=False)
    eal = models.BooleanField("English as an additional language", default=False)

    needs_cme_enquiry = models.BooleanField(
        "needs a children-missing-education enquiry", default=False
    )
    child = models.ForeignKey(
        "children.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    # A child missing education cannot wait for triage: when a school sends a
    # removal with no known destination, a record is opened for the child at
    # once with the CME enquiry on it (casework/intake.py `open_at_send`).
    # Triage then links the notification to the right record (`child`),
    # moving what is on this one there.
    provisional_child = models.ForeignKey(
        "children.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provisional_notifications",
        db_index=False,  # the partial index below, built without locking the table
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "kind", "submitted_at"]),
            models.Index(fields=["-submitted_at", "-id"], name="notification_newest_first"),
            models.Index(
                fields=["provisional_child"],
                condition=models.Q(provisional_child__isnull=False),
                name="notification_provisional_child",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @classmethod
    def start(cls, *, kind: str, user, establishment=None, form_token=None) -> "Notification":
        """A new draft of the given kind, with a unique reference."""
        prefix = REFERENCE_PREFIXES[kind]
        while True:
            code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
            reference = f"{prefix}-{code}"
            if not cls.objects.filter(reference=reference).exists():
                break
        return cls.objects.create(
            reference=reference,
            kind=kind,
            created_by=user,
            establishment=establishment,
            form_token=form_token,
        )

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def child_name(self) -> str:
        return (
            " ".join(part for part in (self.first_name, self.last_name) if part)
            or "Child not named yet"
        )

    @property
    def child_first_name_and_initial(self) -> str:
        """The most of the child's name an e-mail may carry."""
        initial = f" {self.last_name[:1]}." if self.last_name else ""
        return f"{self.first_name}{initial}".strip()

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(part for part in parts if part)

    @property
    def flags(self):
        """The child's flags the school ticked, in the order of children.flags.FLAGS."""
        return [flag for flag in FLAGS if getattr(self, flag.field)]

    @property
    def details(self):
        """This kind's detail record (PartTimeTimetable, RemovalFromRoll, ...)."""
        return getattr(self, DETAIL_RELATED_NAMES[self.kind])

    @property
    def deletion_due(self):
        """When `delete_stale_drafts` will delete this draft."""
        return self.updated_at + timedelta(days=settings.DRAFT_RETENTION_DAYS)

    @property
    def deletion_is_near(self) -> bool:
        return self.is_draft and self.deletion_due - timezone.now() < timedelta(days=7)

    def mark_page_complete(self, slug: str) -> None:
        if slug not in self.completed_pages:
            self.completed_pages = [*self.completed_pages, slug]
            self.save(update_fields=["completed_pages", "updated_at"])

    @transaction.atomic
    def submit(self, *, by) -> bool:
        """Submit the draft once. Returns False when it was already submitted
        (a double click, a second tab or back-and-resubmit), so callers can
        show the confirmation again without sending anything twice."""
        locked = Notification.objects.select_for_update().get(pk=self.pk)
        if locked.status != Status.DRAFT:
            self.refresh_from_db()
            return False
        locked.status = Status.RECEIVED
        locked.submitted_at = timezone.now()
        locked.submitted_by = by
        locked.needs_cme_enquiry = locked.details.needs_cme_enquiry
        locked.save(
            update_fields=[
                "status",
                "submitted_at",
                "submitted_by",
                "needs_cme_enquiry",
                "updated_at",
            ]
        )
        self.refresh_from_db()
        return True


DETAIL_RELATED_NAMES: dict[str, str] = {
    Kind.PART_TIME_TIMETABLE: "part_time_timetable",
    Kind.REMOVAL_FROM_ROLL: "removal_from_roll",
    Kind.OTHER_MISSING_EDUCATION: "other_missing_education",
    Kind.EARLY_YEARS: "early_years",
}


# Part-time (reduced) timetables ---------------------------------------------


class PartTimeReason(models.TextChoices):
    HEALTH = "health", "Medical or health needs"
    REINTEGRATION_ABSENCE = "reintegration_absence", "Return to school after a long absence"
    MENTAL_HEALTH = "mental_health", "Mental health or emotionally based school avoidance"
    SEND = "send", "Special educational needs while support or a placement is arranged"
    TRANSITION = "transition", "Phased start or transition to a new school"
    OTHER = "other", "Another reason"


class PartTimeTimetable(models.Model):
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="part_time_timetable"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        "date the child returns to full-time education", null=True, blank=True
    )
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    full_time_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    reason = models.CharField(max_length=40, choices=PartTimeReason.choices, blank=True)
    reason_details = models.TextField(blank=True)
    parent_agreed = models.BooleanField(null=True, blank=True)
    parent_name = models.CharField(max_length=150, blank=True)
    parent_agreed_on = models.DateField(null=True, blank=True)
    support_in_place = models.TextField(blank=True)
    return_plan = models.TextField(blank=True)
    has_offsite_provision = models.BooleanField(null=True, blank=True)
    first_review_date = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    needs_cme_enquiry = False

    def __str__(self) -> str:
        return f"Part-time timetable for {self.notification}"

    @property
    def of_compulsory_school_age(self) -> bool:
        """On the plan's first day (today until it is given). A pupil below or
        past compulsory school age is recorded with code X, not C2."""
        return is_of_compulsory_school_age(
            self.notification.date_of_birth, self.start_date or timezone.localdate()
        )

    @property
    def length_in_weeks(self) -> float | None:
        if self.start_date and self.end_date:
            return (self.end_date - self.start_date).days / 7
        return None

    def apply_review(self, review) -> None:
        """An extension moves the end date; a return or an ending ends the plan."""
        if review.outcome == ReviewOutcome.EXTEND:
            self.end_date = review.new_end_date
        elif review.outcome in (ReviewOutcome.RETURNED, ReviewOutcome.ENDED_OTHER):
            self.ended_on = review.reviewed_on
        self.save(update_fields=["end_date", "ended_on"])

    @property
    def next_review_date(self):
        latest = self.reviews.first()
        if latest is None:
            return self.first_review_date
        return latest.next_review_date


class OffsiteProvision(models.Model):
    plan = models.ForeignKey(
        PartTimeTimetable, on_delete=models.CASCADE, related_name="offsite_provisions"
    )
    provider = models.CharField(max_length=200)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.provider}: {self.hours_per_week.normalize():f} hours a week"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue to the planned end date"
    EXTEND = "extend", "Extend with a new end date"
    RETURNED = "returned", "Returned to full-time education"
    ENDED_OTHER = "ended_other", "Ended for another reason"


class TimetableReview(models.Model):
    plan = models.ForeignKey(PartTimeTimetable, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    new_end_date = models.DateField(null=True, blank=True)
    previous_end_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on}: {self.get_outcome_display()}"


# Removal from roll (deletion return) ----------------------------------------


class DestinationKnown(models.TextChoices):
    KNOWN = "known", "Yes"
    NOT_KNOWN = "not_known", "No"


class ExclusionReview(models.TextChoices):
    """Ground O: where the review of a permanent exclusion stands (reg 9(1)(o))."""

    PERIOD_PASSED = "period_passed", "Yes, the time to ask for a review has passed without one"
    REVIEW_CONCLUDED = "review_concluded", "Yes, a review was asked for and has concluded"
    PENDING = "pending", "No, the time to ask has not passed, or a review is still going on"


class RemovalFromRoll(models.Model):
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="removal_from_roll"
    )
    ground = models.CharField(max_length=2, choices=deletion_grounds.CHOICES, blank=True)
    ground_met_on = models.DateField("date the ground was met", null=True, blank=True)
    deletion_date = models.DateField(null=True, blank=True)
    # Ground A: the new school.
    new_school = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_school_name = models.CharField("new school not in the list", max_length=200, blank=True)
    new_school_la = models.CharField("new school's local authority", max_length=100, blank=True)
    new_school_start_date = models.DateField(null=True, blank=True)
    # Ground F: the parent's written notice.
    parent_notice_date = models.DateField(null=True, blank=True)
    # Grounds H and I.
    first_day_of_absence = models.DateField(null=True, blank=True)
    joint_enquiries_confirmed = models.BooleanField(default=False)
    # Ground H: the last day of the leave of absence.
    leave_ended_on = models.DateField("last day of the leave of absence", null=True, blank=True)
    # Ground I: every session recorded with code G, N or O.
    all_sessions_unauthorised = models.BooleanField(null=True, blank=True)
    # Grounds H and I: reasonable grounds to believe the child cannot attend
    # because of sickness or an unavoidable cause (which rules the ground out).
    sickness_or_unavoidable_cause = models.BooleanField(null=True, blank=True)
    # Ground O.
    exclusion_review = models.CharField(max_length=20, choices=ExclusionReview.choices, blank=True)
    # Forwarding information.
    destination_known = models.CharField(
        max_length=10, choices=DestinationKnown.choices, blank=True
    )
    future_address_line_1 = models.CharField(max_length=200, blank=True)
    future_address_line_2 = models.CharField(max_length=200, blank=True)
    future_town = models.CharField(max_length=100, blank=True)
    future_postcode = models.CharField(max_length=10, blank=True)
    # Empty: in the UK.
    future_country = models.CharField("country, if outside the UK", max_length=60, blank=True)
    future_address_from = models.DateField(null=True, blank=True)
    future_parent_name = models.CharField(
        "parent the child will live with", max_length=150, blank=True
    )

    def __str__(self) -> str:
        return f"Removal from roll for {self.notification}"

    @property
    def destination_unknown(self) -> bool:
        """Neither the new school nor the new address is known."""
        return self.destination_known == DestinationKnown.NOT_KNOWN

    @property
    def age_checked_on(self):
        """The day the child's age matters: the deletion, else today."""
        return self.deletion_date or timezone.localdate()

    @property
    def of_compulsory_school_age(self) -> bool:
        return is_of_compulsory_school_age(self.notification.date_of_birth, self.age_checked_on)

    @property
    def below_compulsory_school_age(self) -> bool:
        return is_below_compulsory_school_age(self.notification.date_of_birth, self.age_checked_on)

    @property
    def needs_cme_enquiry(self) -> bool:
        """No known destination for a child of compulsory school age: the
        Inclusion service must make enquiries (CME is compulsory school age
        only, Education Act 1996 s.436A)."""
        return self.destination_unknown and self.of_compulsory_school_age

    @property
    def needs_early_years_follow_up(self) -> bool:
        """No known destination for a child below compulsory school age: the
        LA's early years children missing education route, not CME."""
        return self.destination_unknown and self.below_compulsory_school_age

    @property
    def is_standard_transition(self) -> bool:
        """Reg 13(5): the name is deleted at or after the end of the last term
        of the school year in which the pupil is in the school's most senior
        class (a Year 6 leaver from a primary school). No deletion return is
        needed unless the LA asks for one (LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS)."""
        notification = self.notification
        establishment, deleted = notification.establishment, self.deletion_date
        if establishment is None or deleted is None or not notification.year_group:
            return False
        if notification.year_group != establishment.most_senior_year_group:
            return False
        calendar = calendar_for(establishment)
        year = academic_year_of(deleted)
        if deleted >= calendar.last_school_day_on_or_before(date(year + 1, 7, 31)):
            return True
        # In the summer holiday before the next school year's first day.
        return (
            calendar.last_school_day_on_or_before(date(year, 7, 31))
            < deleted
            < calendar.next_school_day_on_or_after(date(year, 8, 1))
        )

    @property
    def is_late(self) -> bool:
        """Sent today, this return would be late: the deletion date has passed."""
        return bool(self.deletion_date and self.deletion_date < timezone.localdate())

    @property
    def was_sent_late(self) -> bool:
        """The return was sent after the pupil's name was deleted (reg 13(4))."""
        sent_at = self.notification.submitted_at
        sent_on = timezone.localdate(sent_at) if sent_at else None
        return deadlines.removal_return_is_late(self.deletion_date, sent_on)

    @property
    def new_pupil_return_due(self):
        """When the new school's new pupil return is due, if the start date is known."""
        if self.new_school_start_date is None:
            return None
        return deadlines.new_pupil_return_due(self.new_school_start_date)


class RemovalParent(models.Model):
    removal = models.ForeignKey(RemovalFromRoll, on_delete=models.CASCADE, related_name="parents")
    full_name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=50, blank=True)
    lives_at_child_address = models.BooleanField(default=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # Empty: in the UK.
    country = models.CharField("country, if outside the UK", max_length=60, blank=True)
    emergency_phone = models.CharField(max_length=20)
    other_phone = models.CharField(max_length=20, blank=True)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.full_name


# Other missing out on education ---------------------------------------------


class OtherReason(models.TextChoices):
    HEALTH = "health", "Health needs"
    AWAITING_PLACE = "awaiting_place", "Awaiting a specialist place or an EHC needs assessment"
    SUSPENSION = "suspension", "Suspended with no education provided from the sixth day"
    ALTERNATIVE_PROVISION = "alternative_provision", "Off-site alternative provision"
    EBSA = "ebsa", "Emotionally based school avoidance"
    OTHER = "other", "Another reason"


class OtherMissingEducation(models.Model):
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="other_missing_education"
    )
    reason = models.CharField(max_length=30, choices=OtherReason.choices, blank=True)
    reason_details = models.TextField(blank=True)
    since = models.DateField(null=True, blank=True)
    hours_received = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    provision_in_place = models.TextField(blank=True)
    expected_return = models.DateField(null=True, blank=True)
    expected_to_miss_15_days = models.BooleanField(null=True, blank=True)

    needs_cme_enquiry = False

    def __str__(self) -> str:
        return f"Other missing out on education for {self.notification}"

    @property
    def of_compulsory_school_age(self) -> bool:
        """Since the child started missing out (today until it is given): only
        then is it a statutory case (the LA's section 19 duty, CME)."""
        return is_of_compulsory_school_age(
            self.notification.date_of_birth, self.since or timezone.localdate()
        )


# Early-years child missing education -----------------------------------------


class EarlyYearsMissing(models.Model):
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="early_years"
    )
    funded_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    last_attended = models.DateField(null=True, blank=True)
    concerns = models.TextField(blank=True)
    other_services = models.TextField(blank=True)

    needs_cme_enquiry = False

    def __str__(self) -> str:
        return f"Early-years child missing education for {self.notification}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    HOME_VISIT = "home_visit", "Home visit"
    OTHER = "other", "Other"


class ContactAttempt(models.Model):
    early_years = models.ForeignKey(
        EarlyYearsMissing, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    attempted_on = models.DateField()
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=500)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["attempted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.attempted_on}"
