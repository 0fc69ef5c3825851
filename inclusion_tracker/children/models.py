"""The child: one record per child across all notifications and schools."""

from datetime import date

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.children.school_age import compulsory_school_age
from inclusion_tracker.children.upn import is_temporary_upn, normalise_upn, validate_upn
from inclusion_tracker.core.formatting import normalise_postcode
from inclusion_tracker.core.permissions import SCHOOL_ACCESS
from inclusion_tracker.establishments.models import Establishment


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Children a user may see: LA staff their own local authorities'
        (`in_local_authorities_of`); school users only children at their own
        establishments; anyone else none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_la_staff:
            return self.current().in_local_authorities_of(user)
        if user.has_perm(SCHOOL_ACCESS):
            return self.current().filter(current_establishment__in=user.establishments.all())
        return self.none()

    def in_local_authorities_of(self, user):
        """Records of the local authorities whose casework the user covers
        (`User.la_codes`), merged records included: the one place LA staff's
        scope of children is written. Another LA's child is out of reach, as
        if it did not exist (no query for the codes of an officer or manager)."""
        return self.filter(local_authority_id__in=user.la_codes)

    def current(self):
        """Records not merged into another."""
        return self.filter(merged_into__isnull=True)

    def lookup(self, user, text: str, limit: int) -> list:
        """At most `limit` current records the user may see matching `text`
        (UPN, name or date of birth), for the pages where an officer picks a
        record."""
        return list(
            self.visible_to(user).search(text).select_related("current_establishment")[:limit]
        )

    def search(self, text: str):
        """By UPN, by name (each word matching a first, preferred or last name)
        or by date of birth written as 12/03/2015 or 2015-03-12."""
        text = text.strip()
        if not text:
            return self
        compact = normalise_upn(text)
        if len(compact) == 13 and compact[1:12].isdigit():
            return self.filter(upn=compact)
        born = _parse_date(text)
        if born:
            return self.filter(date_of_birth=born)
        query = self
        for word in text.split():
            query = query.filter(
                Q(legal_first_name__icontains=word)
                | Q(legal_last_name__icontains=word)
                | Q(preferred_first_name__icontains=word)
                | Q(preferred_last_name__icontains=word)
            )
        return query


def _parse_date(text: str) -> date | None:
    for separator, order in (("/", "dmy"), ("-", "ymd")):
        parts = text.split(separator)
        if len(parts) == 3 and all(part.isascii() and part.isdigit() for part in parts):
            values = dict(zip(order, (int(part) for part in parts), strict=True))
            try:
                return date(values["y"], values["m"], values["d"])
            except ValueError:
                return None
    return None


class Child(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        UNKNOWN = "U", "Not known"

    upn = models.CharField(
        "unique pupil number (UPN)",
        max_length=13,
        blank=True,
        validators=[validate_upn],
        help_text="13 characters, like B801200005001",
    )
    legal_first_name = models.CharField("first name", max_length=100)
    legal_middle_names = models.CharField("middle names", max_length=100, blank=True)
    legal_last_name = models.CharField("last name", max_length=100)
    preferred_first_name = models.CharField("preferred first name", max_length=100, blank=True)
    preferred_last_name = models.CharField("preferred last name", max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    address_line_1 = models.CharField("address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # The local authority the child's record belongs to: where the child
    # lives, the notifying school's LA by default (set when the record is made).
    local_authority = models.ForeignKey(
        "establishments.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_index=False,
    )
    current_establishment = models.ForeignKey(
        Establishment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    has_ehcp = models.BooleanField("EHCP", default=False)
    sen_support = models.BooleanField("SEN support", default=False)
    looked_after = models.BooleanField(default=False)
    child_protection_plan = models.BooleanField(default=False)
    child_in_need = models.BooleanField(default=False)
    gypsy_roma_traveller = models.BooleanField("Gypsy, Roma or Traveller", default=False)
    young_carer = models.BooleanField(default=False)
    eal = models.BooleanField("English as an additional language", default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when this record was merged into another (casework.ChildMerge); it
    # is kept, with its audit events, so the merge can be reversed.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    # Goes up by one on every change, so a second officer's stale save is refused.
    version = models.PositiveIntegerField(default=1)
    # The one-time token of the form that created it (core/idempotency.py).
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # A legal hold keeps the whole file (and records merged into it) past its
    # retention period: `apply_retention` leaves it alone (privacy app).
    legal_hold = models.BooleanField(default=False)
    legal_hold_reason = models.TextField("why the record must be kept", blank=True)
    legal_hold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_hold_at = models.DateTimeField(null=True, blank=True)
    # When `apply_retention` anonymised the file: it is never done twice.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "date_of_birth"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(
                fields=["upn"],
                condition=~Q(upn=""),
                name="child_upn_unique",
                violation_error_message="A child with this UPN already exists",
                violation_error_code="upn_taken",
            ),
        ]
        indexes = [
            models.Index(fields=["legal_last_name", "legal_first_name"]),
            models.Index(fields=["date_of_birth"]),
            # Triage matching looks last names up case-insensitively (iexact).
            models.Index(Upper("legal_last_name"), name="child_last_name_upper"),
            models.Index(Upper("preferred_last_name"), name="child_pref_last_name_upper"),
            models.Index(fields=["postcode"]),
            # Every LA staff page reads only its LA's children.
            models.Index(fields=["local_authority", "legal_last_name"], name="child_la_last_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalise()
        if self.local_authority_id is None:
            # A record made without one belongs to the deployment's own LA.
            self.local_authority_id = settings.LA_CODES[0]
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        """As Django checks them, but a UPN another record has is an error on
        the UPN field, where a form shows it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            for each in errors.pop(NON_FIELD_ERRORS, []):
                field = "upn" if each.code == "upn_taken" else NON_FIELD_ERRORS
                errors.setdefault(field, []).append(each)
            raise ValidationError(errors) from error

    def clean_fields(self, exclude=None):
        # Before the max_length checks: " b801 2000 05001" is a 13-character UPN.
        self.normalise()
        super().clean_fields(exclude=exclude)

    def normalise(self) -> None:
        """UPN without spaces and upper-cased; postcode upper-cased, one space."""
        self.upn = normalise_upn(self.upn)
        self.postcode = normalise_postcode(self.postcode)

    LEGAL_HOLD_FIELDS = ("legal_hold", "legal_hold_reason", "legal_hold_by", "legal_hold_at")

    def place_legal_hold(self, *, by, reason: str) -> None:
        """Keep the whole file past its retention period until the hold is removed."""
        self.legal_hold, self.legal_hold_reason = True, reason
        self.legal_hold_by, self.legal_hold_at = by, timezone.now()
        self.save(update_fields=self.LEGAL_HOLD_FIELDS)

    def remove_legal_hold(self) -> None:
        self.legal_hold, self.legal_hold_reason = False, ""
        self.legal_hold_by = self.legal_hold_at = None
        self.save(update_fields=self.LEGAL_HOLD_FIELDS)

    @property
    def full_name(self) -> str:
        first = self.preferred_first_name or self.legal_first_name
        last = self.preferred_last_name or self.legal_last_name
        return f"{first} {last}"

    @property
    def legal_name(self) -> str:
        names = [self.legal_first_name, self.legal_middle_names, self.legal_last_name]
        return " ".join(name for name in names if name)

    @property
    def has_temporary_upn(self) -> bool:
        return bool(self.upn) and is_temporary_upn(self.upn)

    @property
    def flags(self):
        """The flags set on this child, in the order of children.flags.FLAGS."""
        return [flag for flag in FLAGS if getattr(self, flag.field)]

    @property
    def compulsory_school_age(self):
        return compulsory_school_age(self.date_of_birth)

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(part for part in parts if part)
