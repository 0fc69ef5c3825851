"""Term dates and non-school days: what decides a school day.

A term is a run of days a school meets, with a name ("Autumn 1"); the
half-terms and holidays are the gaps between terms (six terms a year). A
non-school day is a weekday inside a term when pupils are not taught: an INSET
day, a closure. Both belong either to a local authority (`local_authority`
set, `establishment` null: the LA's term dates, which its maintained schools
follow) or to one establishment (`establishment` set: academies set their
own; the establishment's LA is its `la_code`). How they combine into school days is
school_calendar/school_days.py's; see docs/calendar.md.

Schools must meet for 380 sessions (190 days) a year; teachers work 195 days,
the other 5 being INSET days, which are not pupil school days (The Education
(School Day and School Year) (England) Regulations 1999, reg 3). The school
year begins with the first term to start after July, so a term of academic
year Y lies between 1 August Y and 31 July Y+1.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.establishments.models import Establishment, LocalAuthority
from inclusion_tracker.school_calendar.years import academic_year_of

# Whose term dates: a local authority's, or one establishment's own.
Owner = Establishment | LocalAuthority


def year_label(academic_year: int) -> str:
    """2026 -> "2026/27"."""
    return f"{academic_year}/{(academic_year + 1) % 100:02d}"


def year_bounds(academic_year: int) -> tuple[date, date]:
    return date(academic_year, 8, 1), date(academic_year + 1, 7, 31)


def owner_label(owner: Owner | None) -> str:
    """ "the local authority" for an LA's dates, else the establishment."""
    return str(owner) if isinstance(owner, Establishment) else "the local authority"


# An LA's rows are asked for with "establishment IS NULL" too: implied by the
# models' check, it lets the database use the LA's partial unique index.


def _owner_filter(owner: Owner) -> Q:
    if isinstance(owner, Establishment):
        return Q(establishment=owner)
    return Q(establishment__isnull=True, local_authority=owner)


def _in_local_authorities(codes) -> Q:
    """An LA's own rows, and its establishments' rows."""
    return Q(establishment__isnull=True, local_authority__in=codes) | Q(
        establishment__la_code__in=codes
    )


class TermQuerySet(models.QuerySet):
    def for_owner(self, owner: Owner):
        """A local authority's terms or one establishment's own."""
        return self.filter(_owner_filter(owner))

    def in_local_authorities(self, codes):
        """The terms of these LAs and of their establishments."""
        return self.filter(_in_local_authorities(codes))

    def overlapping(self, first_day: date, last_day: date):
        return self.filter(first_day__lte=last_day, last_day__gte=first_day)

    def lock_for_owner(self, owner: Owner) -> None:
        """Lock the owner's terms until the end of the transaction, so two
        saves for the same owner check for overlaps one after the other."""
        list(self.for_owner(owner).select_for_update().values_list("pk", flat=True))


class OwnedByLocalAuthorityOrEstablishment:
    """A term or non-school day belongs to a local authority or to one
    establishment, never both: a row saved with neither is the deployment's
    own LA's (the first of LA_CODES), as a one-LA deployment's always were."""

    establishment_id: int | None
    local_authority_id: str | None
    establishment: Establishment | None

    def save(self, *args, **kwargs):
        if self.establishment_id is None and self.local_authority_id is None:
            self.local_authority_id = settings.LA_CODES[0]
        super().save(*args, **kwargs)  # type: ignore[misc]

    @property
    def owner(self) -> Owner | None:
        """The establishment, else the LA (from the per-process copy: no query)."""
        if self.establishment_id is not None:
            return self.establishment
        return LocalAuthority.by_code(self.local_authority_id)

    @property
    def owner_label(self) -> str:
        return owner_label(self.establishment if self.establishment_id else None)


def _one_owner(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(establishment__isnull=True, local_authority__isnull=False)
        | Q(establishment__isnull=False, local_authority__isnull=True),
        name=name,
    )


class Term(OwnedByLocalAuthorityOrEstablishment, models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="terms",
        help_text="Empty for a local authority's term dates",
    )
    # Indexed by the unique constraint on (local_authority, academic_year, name).
    local_authority = models.ForeignKey(
        "establishments.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="terms",
        db_index=False,
        help_text="The local authority whose term dates these are; empty for an establishment's own",
    )
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the school year starts: 2026 for 2026/27"
    )
    name = models.CharField(max_length=50)
    first_day = models.DateField()
    last_day = models.DateField()
    # Goes up by one on every save through the change page, which refuses to
    # save over someone else's change (core/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    # The add form's one-time token: a double submit adds one term.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["academic_year", "first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")), name="term_first_day_not_after_last_day"
            ),
            _one_owner("term_owned_by_la_or_establishment"),
            models.UniqueConstraint(
                fields=["local_authority", "academic_year", "name"],
                condition=Q(establishment__isnull=True),
                name="term_name_unique_for_la_year",
            ),
            models.UniqueConstraint(
                fields=["establishment", "academic_year", "name"],
                condition=Q(establishment__isnull=False),
                name="term_name_unique_for_establishment_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {year_label(self.academic_year)}"

    @property
    def year_label(self) -> str:
        return year_label(self.academic_year)

    @property
    def dates_label(self) -> str:
        return f"{govuk_date(self.first_day)} to {govuk_date(self.last_day)}"


class NonSchoolDayQuerySet(models.QuerySet):
    def for_owner(self, owner: Owner):
        return self.filter(_owner_filter(owner))

    def in_local_authorities(self, codes):
        """The non-school days of these LAs and of their establishments."""
        return self.filter(_in_local_authorities(codes))

    def in_academic_year(self, academic_year: int):
        first, last = year_bounds(academic_year)
        return self.filter(date__range=(first, last))


class NonSchoolDay(OwnedByLocalAuthorityOrEstablishment, models.Model):
    """A weekday inside a term when the school does not meet for pupils."""

    class Kind(models.TextChoices):
        INSET = "inset", "INSET day"
        CLOSURE = "closure", "Closure"
        OTHER = "other", "Other"

    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="non_school_days",
        help_text="Empty for a local authority's non-school days",
    )
    # Indexed by the unique constraint on (local_authority, date).
    local_authority = models.ForeignKey(
        "establishments.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="non_school_days",
        db_index=False,
        help_text="The local authority whose non-school day this is; empty for an establishment's own",
    )
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INSET)
    description = models.CharField(max_length=200, blank=True)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NonSchoolDayQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        constraints = [
            _one_owner("non_school_day_owned_by_la_or_establishment"),
            models.UniqueConstraint(
                fields=["local_authority", "date"],
                condition=Q(establishment__isnull=True),
                name="non_school_day_unique_for_la",
            ),
            models.UniqueConstraint(
                fields=["establishment", "date"],
                condition=Q(establishment__isnull=False),
                name="non_school_day_unique_for_establishment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    @property
    def academic_year(self) -> int:
        return academic_year_of(self.date)


# The rules a term and a non-school day must meet, shared by the forms and the
# CSV loader. Each returns the problems as (field, message) pairs.


def term_problems(
    owner: Owner, academic_year: int, name: str, first_day: date, last_day: date, exclude_pk=None
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    start, end = year_bounds(academic_year)
    if last_day < first_day:
        problems.append(("last_day", "The last day must be the same as or after the first day"))
        return problems
    if first_day < start or last_day > end:
        problems.append(
            (
                "first_day" if first_day < start else "last_day",
                f"The term must be within the {year_label(academic_year)} school year, "
                f"from {govuk_date(start)} to {govuk_date(end)}",
            )
        )
        return problems
    others = Term.objects.for_owner(owner).exclude(pk=exclude_pk)
    clash = others.overlapping(first_day, last_day).first()
    if clash:
        problems.append(
            (
                "first_day",
                f"The term overlaps {clash.name} {clash.year_label} "
                f"({clash.dates_label}): change the dates or change {clash.name} first",
            )
        )
    if others.filter(academic_year=academic_year, name__iexact=name.strip()).exists():
        problems.append(
            (
                "name",
                f"There is already a term called {name.strip()} in {year_label(academic_year)}",
            )
        )
    return problems


def non_school_day_problems(owner: Owner, day: date) -> list[tuple[str, str]]:
    if day.weekday() >= 5:
        return [("date", f"{govuk_date(day)} is a {day:%A}: a non-school day must be a weekday")]
    if NonSchoolDay.objects.for_owner(owner).filter(date=day).exists():
        return [
            (
                "date",
                f"{govuk_date(day)} is already a non-school day for {owner_label(owner)}",
            )
        ]
    return []
