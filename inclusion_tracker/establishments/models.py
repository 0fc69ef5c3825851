"""Schools, academies, pupil referral units and early-years settings.

Fields follow the Get Information About Schools (GIAS) all-establishment CSV
(see `import_establishments` and docs/establishments.md).
"""

from django.db import models


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
