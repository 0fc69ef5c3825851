"""Schools, academies, pupil referral units and early-years settings.

Fields follow the Get Information About Schools (GIAS) all-establishment CSV
(see `import_establishments` and docs/establishments.md).
"""

import threading
import time

from django.conf import settings
from django.db import models

# The 153 rows change rarely: each process keeps a copy, reloaded when one is
# saved here and at the latest CACHE_SECONDS later (another process's save).
CACHE_SECONDS = 300.0
_cache: dict[str, "LocalAuthority"] = {}
_cache_loaded_at = 0.0
_cache_lock = threading.Lock()


def clear_local_authority_cache(known: "list[LocalAuthority] | None" = None) -> None:
    """Forget this process's copy; `known`: the rows as they are (tests start
    with the migration's, saving a query inside a counted block)."""
    global _cache_loaded_at
    with _cache_lock:
        _cache.clear()
        _cache_loaded_at = 0.0
        if known:
            _cache.update({la.code: la for la in known})
            _cache_loaded_at = time.monotonic()


def load_local_authorities(model=None) -> None:
    """England's 153 local authorities as rows (from local_authorities.py),
    adding any missing and changing none: run by the migration that made the
    table and after every migrate or flush (post_migrate)."""
    from inclusion_tracker.establishments.local_authorities import ENGLISH_LOCAL_AUTHORITIES

    model = model or LocalAuthority
    model.objects.bulk_create(
        [model(code=la.code, name=la.name) for la in ENGLISH_LOCAL_AUTHORITIES],
        ignore_conflicts=True,
    )


class LocalAuthority(models.Model):
    """One of England's 153 local authorities, by its DfE three-digit LA code
    (loaded from `local_authorities.py` by a migration). Establishments belong
    to one by their GIAS LA code; LA staff belong to one (an administrator may
    belong to several); a child's record belongs to one.

    The Inclusion service's contact details and the LA's choices are kept
    here; left empty, they are the deployment's settings (INCLUSION_SERVICE_
    PHONE, LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS...), so a one-LA
    deployment configured by its `.env` needs nothing here."""

    code = models.CharField("LA code", max_length=3, primary_key=True)
    name = models.CharField(max_length=100)
    # The name pages use ("Leicestershire County Council"); empty: `name`, or
    # LA_NAME for the deployment's own LA (LA_CODES).
    council_name = models.CharField(max_length=150, blank=True)
    inclusion_service_phone = models.CharField(max_length=20, blank=True)
    inclusion_service_email = models.EmailField(blank=True)
    # Reg 13(5) of the 2024 Pupil Registration Regulations: None follows the
    # LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS setting.
    asks_for_standard_transition_returns = models.BooleanField(null=True, blank=True)
    # CME enquiries open longer than this many school days are overdue (a
    # local choice: the statutory guidance sets no number). None follows the
    # CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS setting.
    cme_enquiry_threshold_school_days = models.PositiveSmallIntegerField(
        "CME enquiry threshold (school days)",
        null=True,
        blank=True,
        help_text="Empty for the service's default (CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS)",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_local_authority_cache()

    @property
    def is_the_deployments_own(self) -> bool:
        """One of the LA_CODES of a one-LA deployment, whose settings it takes."""
        return self.code in settings.LA_CODES

    @property
    def display_name(self) -> str:
        if self.council_name:
            return self.council_name
        return settings.LA_NAME if self.is_the_deployments_own else self.name

    @property
    def phone(self) -> str:
        return self.inclusion_service_phone or settings.INCLUSION_SERVICE_PHONE

    @property
    def email(self) -> str:
        return self.inclusion_service_email or settings.INCLUSION_SERVICE_EMAIL

    @property
    def asks_for_standard_transitions(self) -> bool:
        if self.asks_for_standard_transition_returns is None:
            return settings.LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS
        return self.asks_for_standard_transition_returns

    @property
    def cme_threshold_school_days(self) -> int:
        """The CME enquiry threshold in force: the LA's own, else the setting."""
        if self.cme_enquiry_threshold_school_days is None:
            return settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS
        return self.cme_enquiry_threshold_school_days

    @classmethod
    def _load_if_stale(cls) -> None:
        """Fill this process's copy when empty or old (call with the lock held)."""
        global _cache_loaded_at
        if not _cache or time.monotonic() - _cache_loaded_at > CACHE_SECONDS:
            _cache.clear()
            _cache.update({la.code: la for la in cls.objects.all()})
            _cache_loaded_at = time.monotonic()

    @classmethod
    def by_code(cls, code: str | None) -> "LocalAuthority | None":
        """The LA with this code, from this process's copy (no query once
        loaded); None for an unknown code."""
        with _cache_lock:
            cls._load_if_stale()
            return _cache.get(code or "")

    @classmethod
    def all_cached(cls) -> "list[LocalAuthority]":
        """Every LA, from this process's copy (no query once loaded)."""
        with _cache_lock:
            cls._load_if_stale()
            return list(_cache.values())

    @classmethod
    def deployment_default(cls) -> "LocalAuthority | None":
        """The LA of a one-LA deployment: the first of LA_CODES."""
        return cls.objects.filter(code__in=settings.LA_CODES[:1]).first()


class EstablishmentQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Establishment.Status.CLOSED)

    def search(self, text: str):
        """Find by URN, DfE number (855/2000, 855-2000 or 8552000) or part of the name."""
        text = text.strip()
        if not text:
            return self
        digits = text.replace("/", "").replace("-", "").replace(" ", "")
        if digits.isdigit() and len(digits) == 7:
            return self.filter(la_code=digits[:3], establishment_number=digits[3:])
        if digits.isdigit():
            return self.filter(urn=digits)
        return self.filter(name__icontains=text)


class Establishment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        OPEN_PROPOSED_TO_CLOSE = "open_proposed_to_close", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"
        CLOSED = "closed", "Closed"

    urn = models.CharField("URN", max_length=8, unique=True)
    la_code = models.CharField("LA code", max_length=3, db_index=True)
    la_name = models.CharField("LA name", max_length=100)
    establishment_number = models.CharField(max_length=4, blank=True)
    name = models.CharField(max_length=200)
    type_name = models.CharField("type of establishment", max_length=100)
    type_group = models.CharField("establishment type group", max_length=100, blank=True)
    phase = models.CharField("phase of education", max_length=50, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.OPEN)
    postcode = models.CharField(max_length=10, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    is_special_school = models.BooleanField(default=False)
    is_early_years_setting = models.BooleanField(default=False)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def local_authority(self) -> "LocalAuthority | None":
        """The LA the establishment belongs to (its GIAS LA code), or None for
        a code outside England's 153."""
        return LocalAuthority.by_code(self.la_code)

    @property
    def la_settings(self) -> "LocalAuthority | None":
        """The LA whose choices and contact details apply to this school: its
        own, else the deployment's (an establishment outside England's 153)."""
        return self.local_authority or LocalAuthority.by_code(settings.LA_CODES[0])

    @property
    def la_asks_for_standard_transition_returns(self) -> bool:
        authority = self.la_settings
        if authority is None:
            return settings.LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS
        return authority.asks_for_standard_transitions

    @property
    def la_display_name(self) -> str:
        authority = self.la_settings
        return authority.display_name if authority else settings.LA_NAME

    @property
    def inclusion_service_phone(self) -> str:
        authority = self.la_settings
        return authority.phone if authority else settings.INCLUSION_SERVICE_PHONE

    @property
    def dfe_number(self) -> str:
        """LA code and establishment number, written 855/2000 (LAESTAB)."""
        if not self.establishment_number:
            return ""
        return f"{self.la_code}/{self.establishment_number}"

    @property
    def age_range(self) -> str:
        if self.statutory_low_age is None or self.statutory_high_age is None:
            return ""
        return f"{self.statutory_low_age} to {self.statutory_high_age}"

    @property
    def most_senior_year_group(self) -> str:
        """The year group of the school's most senior class ("6" for a primary
        school, "11" for an 11 to 16 school), or "" when it is not known or is
        beyond Year 11 (a sixth form). From the statutory high age: pupils
        finish Year N in the school year they turn N + 5; without one, a
        primary school's is Year 6."""
        high_age = self.statutory_high_age
        if high_age is None:
            return "6" if self.phase == "Primary" else ""
        year = high_age - 5
        if year == 0:
            return "R"
        if 1 <= year <= 11:
            return str(year)
        return ""
