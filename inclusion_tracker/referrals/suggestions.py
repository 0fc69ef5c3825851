"""Which support services to suggest for a child, and why.

The rules are data (`SuggestionRule`, kept by team managers at
`/support/suggestion-rules/`); this module only reads them against the child's
flags, age and open episodes. Two queries however many rules or episodes
there are: the rules in use (with their services, leaving out services the
child has an open referral to), and the child's open episodes with the
reasons their notifications gave.
"""

from datetime import date
from typing import NamedTuple

from django.utils import timezone

from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.school_age import birthday
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.support.conditions import (
    NOTIFICATION_REASON_LOOKUPS,
    NOTIFICATION_REASONS,
    Condition,
)
from inclusion_tracker.support.models import Service, SuggestionRule


class Suggestion(NamedTuple):
    service: Service
    reasons: list[str]


def age_on(date_of_birth: date | None, today: date) -> int | None:
    """Age in whole years on `today`: one more on each birthday (29 February's
    on 1 March in other years). None when the date of birth is not known or
    is after today."""
    if date_of_birth is None or date_of_birth > today:
        return None
    years = today.year - date_of_birth.year
    if birthday(date_of_birth, years) > today:
        years -= 1
    return years


def _open_episode_facts(child) -> tuple[set[str], set[str]]:
    """The kinds of the child's open episodes, and the codes of the reasons
    their notifications gave (support/conditions.py), in one query."""
    rows = Episode.objects.open().filter(child=child).values("kind", *NOTIFICATION_REASON_LOOKUPS)
    kinds, reasons = set(), set()
    for row in rows:
        kinds.add(row["kind"])
        for reason in NOTIFICATION_REASONS:
            if row[reason.lookup] == reason.value:
                reasons.add(reason.code)
    return kinds, reasons


def _matches(rule: SuggestionRule, child, age, kinds, reasons) -> bool:
    if not rule.includes_age(age):
        return False
    if rule.condition == Condition.FLAG:
        return bool(getattr(child, rule.flag, False))
    if rule.condition == Condition.AGE:
        return age is not None  # the bounds, checked above, are the condition
    if rule.condition == Condition.EPISODE_KIND:
        return rule.episode_kind in kinds
    if rule.condition == Condition.NOTIFICATION_REASON:
        return rule.notification_reason in reasons
    return False


def _fits_service(service: Service, age: int | None) -> bool:
    """The child's age is in the service's own range (or not known)."""
    return age is None or service.age_from <= age <= service.age_to


def suggestions_for(child, today: date | None = None) -> list[Suggestion]:
    """The services offered that fit the child and that the child has no open
    referral to, each once with every reason that applies, in the rules'
    order (`position`, then the order they were added); reasons in the same
    order, each once."""
    today = today or timezone.localdate()
    age = age_on(child.date_of_birth, today)
    in_use = SuggestionRule.objects.in_use().select_related("service").order_by("position", "pk")
    # Already referred and not finished with: nothing to suggest.
    referred = Referral.objects.open().for_child(child).values("service")
    in_use = in_use.exclude(service__in=referred)
    rules = list(in_use)
    if not rules:
        return []
    kinds, reasons = _open_episode_facts(child)
    found: dict[int, Suggestion] = {}
    for rule in rules:
        if not _fits_service(rule.service, age) or not _matches(rule, child, age, kinds, reasons):
            continue
        suggestion = found.setdefault(rule.service_id, Suggestion(rule.service, []))
        if rule.reason not in suggestion.reasons:
            suggestion.reasons.append(rule.reason)
    return list(found.values())
