"""Handovers' part in pages drawn by lower apps (see core/signals.py);
connected in HandoversConfig.ready()."""

from typing import Any

from django.dispatch import receiver

from inclusion_tracker.casework.signals import child_page_shown, worklists_page_shown
from inclusion_tracker.core.signals import home_page_shown
from inclusion_tracker.handovers.models import Handover


@receiver(home_page_shown, dispatch_uid="handovers-home-page")
def home_page_count(sender, *, user, **kwargs) -> dict[str, Any]:
    """LA staff's home page: how many handovers wait for their LA."""
    if not user.is_la_staff:
        return {}
    return {"handed_over_to_us": Handover.objects.handed_over_to(user).count()}


@receiver(worklists_page_shown, dispatch_uid="handovers-worklists")
def worklists_count(sender, *, user, **kwargs) -> dict[str, Any]:
    """The worklists page: the "Handed over to us" inbox's count."""
    return {"handed_over_to_us": Handover.objects.handed_over_to(user).count()}


@receiver(child_page_shown, dispatch_uid="handovers-child-page")
def child_page_handovers(sender, *, child, **kwargs) -> dict[str, Any]:
    """The child's page: the handovers of the child's case, newest first."""
    return {"handovers": Handover.objects.filter(child=child).select_related("to_la", "from_la")}
