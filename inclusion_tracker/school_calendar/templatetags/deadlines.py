"""`{% due_tag date establishment %}`: an "Overdue" or "Due this week" tag
beside a date something is due by, by the school's school days
(school_calendar/deadlines.py)."""

from django import template
from django.utils import timezone

from inclusion_tracker.school_calendar.deadlines import due_state

register = template.Library()


@register.inclusion_tag("includes/due_tag.html")
def due_tag(due, establishment=None):
    return {"state": due_state(due, timezone.localdate(), establishment)}
