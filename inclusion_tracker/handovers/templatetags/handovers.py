"""The handover panel on the episode page (casework's template loads it, so
casework's view needs no change): the episode's latest handover and, while
none is waiting, the link to hand over."""

from django import template

from inclusion_tracker.handovers.access import can_hand_over
from inclusion_tracker.handovers.models import Handover

register = template.Library()


@register.inclusion_tag("handovers/includes/episode_panel.html", takes_context=True)
def handover_panel(context, episode):
    user = context["request"].user
    latest = Handover.objects.filter(episode=episode).select_related("to_la").first()
    return {
        "episode": episode,
        "handover": latest,
        "can_hand_over": can_hand_over(user, episode),
    }
