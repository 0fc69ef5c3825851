from django.core.paginator import Paginator
from django.shortcuts import render

from inclusion_tracker.accounts.decorators import hidden_without_permission
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.models import Child

PAGE_SIZE = 50


@hidden_without_permission("accounts.la_access")
def child_list(request):
    """Find a child by UPN, name or date of birth, across every child. For
    LA staff only: school users follow their pupils through notifications."""
    user = request.user
    query = request.GET.get("q", "").strip()
    children = Child.objects.visible_to(user).search(query).select_related("current_establishment")
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    if query:
        # The search words are not stored: they may be a child's name.
        AuditEvent.objects.record(
            request, action=Action.SEARCH, summary=f"Child search: {page.paginator.count} found"
        )
    else:
        AuditEvent.objects.record(
            request, action=Action.VIEW, summary=f"Listed children, page {page.number}"
        )
    return render(request, "children/child_list.html", {"page": page, "q": query})
