"""The support directory: services that help children missing out on
education, what each offers, who it is for and how to refer.

Services are never deleted. A service that is no longer offered is retired
(`Service.retire`): it leaves the directory but keeps its page, so that
anything recorded against it (referrals, later) still points at it.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.support.conditions import (
    EPISODE_KIND_LABELS,
    FLAG_LABELS,
    NOTIFICATION_REASONS_BY_CODE,
    Condition,
)
from inclusion_tracker.support.needs import NEEDS, NEEDS_BY_CODE

# The ages the directory covers: the SEND system's 0 to 25.
YOUNGEST_AGE = 0
OLDEST_AGE = 25


class DirectReferral(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No, referrals come through another professional"
    NOT_KNOWN = "not_known", "Not known: ask the Inclusion service"


class ServiceQuerySet(models.QuerySet):
    def offered(self):
        return self.filter(active=True)

    def retired(self):
        return self.filter(active=False)

    def for_needs(self, codes):
        """Services for any of the needs (codes from support/needs.py)."""
        codes = list(codes or ())
        if not codes:
            return self
        return self.filter(
            Exists(ServiceNeed.objects.filter(service=OuterRef("pk"), need__in=codes))
        )

    def for_age(self, age: int | None):
        if age is None:
            return self
        return self.filter(age_from__lte=age, age_to__gte=age)

    def search(self, text: str):
        """Every word must appear in the name, what the service offers or who it
        is for, or be part of the name of a need the service is for."""
        services = self
        for word in (text or "").split():
            codes = [need.code for need in NEEDS if word.lower() in need.label.lower()]
            services = services.filter(
                Q(name__icontains=word)
                | Q(offers__icontains=word)
                | Q(who_for__icontains=word)
                | Exists(ServiceNeed.objects.filter(service=OuterRef("pk"), need__in=codes))
            )
        return services

    def for_directory(self):
        """With what the directory's list shows, in a fixed number of queries."""
        return self.prefetch_related("needs").order_by("name", "pk")


class Service(models.Model):
    name = models.CharField(max_length=200, unique=True)
    offers = models.TextField("what it offers")
    who_for = models.TextField("who it is for")
    age_from = models.PositiveSmallIntegerField("lowest age")
    age_to = models.PositiveSmallIntegerField("highest age")
    how_to_refer = models.TextField("how to refer")
    web_address = models.CharField(max_length=300, blank=True)
    direct_referral = models.CharField(
        "schools may refer directly",
        max_length=20,
        choices=DirectReferral.choices,
        default=DirectReferral.NOT_KNOWN,
    )
    # The special schools' outreach service lists the schools that offer it.
    is_school_outreach = models.BooleanField(default=False)
    outreach_schools = models.ManyToManyField(
        "establishments.Establishment", blank=True, related_name="outreach_services"
    )
    active = models.BooleanField(default=True)
    retired_on = models.DateField(null=True, blank=True)
    # The add form's one-time token: a double submit adds one service.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from__lte=models.F("age_to")),
                name="support_service_ages_in_order",
            ),
            models.CheckConstraint(
                condition=Q(age_to__lte=OLDEST_AGE), name="support_service_age_at_most_25"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("support:detail", args=[self.pk])

    @property
    def schools_may_refer(self) -> bool:
        return self.direct_referral == DirectReferral.YES

    @property
    def age_range(self) -> str:
        return f"{self.age_from} to {self.age_to}"

    @property
    def web_link(self) -> str:
        """The web address, when it is safe to link to (http or https)."""
        address = self.web_address.strip()
        return address if address.lower().startswith(("https://", "http://")) else ""

    @property
    def need_codes(self) -> list[str]:
        """In the order of support/needs.py; uses prefetched needs when there."""
        codes = {row.need for row in self.needs.all()}
        return [need.code for need in NEEDS if need.code in codes]

    @property
    def need_labels(self) -> list[str]:
        return [NEEDS_BY_CODE[code].label for code in self.need_codes]

    def set_needs(self, codes) -> None:
        codes = set(codes)
        self.needs.exclude(need__in=codes).delete()
        have = set(self.needs.values_list("need", flat=True))
        ServiceNeed.objects.bulk_create(
            ServiceNeed(service=self, need=code) for code in sorted(codes - have)
        )

    def retire(self, on=None) -> None:
        self.active = False
        self.retired_on = on or timezone.localdate()
        self.save(update_fields=["active", "retired_on", "updated_at"])

    def reinstate(self) -> None:
        self.active = True
        self.retired_on = None
        self.save(update_fields=["active", "retired_on", "updated_at"])


class ServiceNeed(models.Model):
    """One need a service is for. `need` is a code from support/needs.py."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "need"], name="support_one_row_per_need")
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.need}"


class SuggestionRuleQuerySet(models.QuerySet):
    def in_use(self):
        """Rules that suggest something: turned on, for a service still offered."""
        return self.filter(active=True, service__active=True)

    def for_list(self):
        return self.select_related("service").order_by("position", "service__name", "pk")


class SuggestionRule(models.Model):
    """When to suggest a service on a child's page, and why: data a team
    manager changes (`/support/suggestion-rules/`), read by
    `referrals/suggestions.py`. The condition's kinds are in `support/conditions.py`.

    Every rule may also have age bounds (inclusive, whole years on the day);
    a rule with any bound never matches a child whose age is not known."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="suggestion_rules")
    condition = models.CharField(max_length=30, choices=Condition.choices)
    # Which one is filled depends on the condition. Not choices on the model:
    # the lists belong to other apps (children, casework, notifications).
    flag = models.CharField(max_length=40, blank=True)
    episode_kind = models.CharField(max_length=30, blank=True)
    notification_reason = models.CharField(max_length=60, blank=True)
    age_from = models.PositiveSmallIntegerField("lowest age", null=True, blank=True)
    age_to = models.PositiveSmallIntegerField("highest age", null=True, blank=True)
    reason = models.CharField("reason shown to officers", max_length=300)
    active = models.BooleanField(default=True)
    # Lower first on the child's page.
    position = models.PositiveSmallIntegerField(default=100)
    # The add form's one-time token: a double submit adds one rule.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SuggestionRuleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from__isnull=True)
                | Q(age_to__isnull=True)
                | Q(age_from__lte=models.F("age_to")),
                name="support_rule_ages_in_order",
            ),
            models.CheckConstraint(
                condition=Q(age_from__lte=OLDEST_AGE) | Q(age_from__isnull=True),
                name="support_rule_age_from_at_most_25",
            ),
            models.CheckConstraint(
                condition=Q(age_to__lte=OLDEST_AGE) | Q(age_to__isnull=True),
                name="support_rule_age_to_at_most_25",
            ),
            models.CheckConstraint(
                condition=Q(condition=Condition.FLAG, flag__gt="")
                | Q(condition=Condition.AGE, age_from__isnull=False, age_to__isnull=False)
                | Q(condition=Condition.EPISODE_KIND, episode_kind__gt="")
                | Q(condition=Condition.NOTIFICATION_REASON, notification_reason__gt=""),
                name="support_rule_condition_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.condition_label}"

    @property
    def has_age_bounds(self) -> bool:
        return self.age_from is not None or self.age_to is not None

    @property
    def condition_label(self) -> str:
        """The condition in words, for the managers' list and audit summaries."""
        if self.condition == Condition.FLAG:
            return f"Flag: {FLAG_LABELS.get(self.flag, self.flag)}"
        if self.condition == Condition.EPISODE_KIND:
            return f"Open episode: {EPISODE_KIND_LABELS.get(self.episode_kind, self.episode_kind)}"
        if self.condition == Condition.NOTIFICATION_REASON:
            reason = NOTIFICATION_REASONS_BY_CODE.get(self.notification_reason)
            return f"Notification reason: {reason.label if reason else self.notification_reason}"
        return "Age"

    @property
    def age_label(self) -> str:
        if self.age_from is not None and self.age_to is not None:
            return f"{self.age_from} to {self.age_to}"
        if self.age_from is not None:
            return f"{self.age_from} or older"
        if self.age_to is not None:
            return f"{self.age_to} or younger"
        return "Any age"

    def includes_age(self, age: int | None) -> bool:
        """Inclusive at both ends; an unknown age is outside any bound."""
        if not self.has_age_bounds:
            return True
        if age is None:
            return False
        if self.age_from is not None and age < self.age_from:
            return False
        return self.age_to is None or age <= self.age_to

    def turn_off(self) -> None:
        self.active = False
        self.save(update_fields=["active", "updated_at"])

    def turn_on(self) -> None:
        self.active = True
        self.save(update_fields=["active", "updated_at"])
