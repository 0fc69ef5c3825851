from django.shortcuts import render
from django.views.decorators.http import require_GET

from inclusion_tracker.audit.forms import AuditFilterForm
from inclusion_tracker.audit.models import AuditEvent
from inclusion_tracker.core.pagination import page_of
from inclusion_tracker.core.permissions import VIEW_AUDIT_LOG, requires_permission

PAGE_SIZE = 100


@require_GET
@requires_permission(VIEW_AUDIT_LOG)
def event_list(request):
    """Administrators read and filter the audit log of their local
    authorities (`AuditEventQuerySet.visible_to`). There is no way to change
    or delete an event."""
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user).select_related("actor")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        events = events.for_filters(
            action=data["action"],
            actor=data["actor"],
            object_type=data["object_type"],
            child_id=data["child"],
            since=data["since"],
            until=data["until"],
        )
    elif form.is_bound:
        events = events.none()
    page = page_of(request, events, PAGE_SIZE)
    return render(request, "audit/event_list.html", {"form": form, "page": page})
