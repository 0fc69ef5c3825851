from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.access import get_child_for
from inclusion_tracker.children.models import Child

PAGE_SIZE = 50


@login_required
def child_list(request):
    """Find a child by UPN, name or date of birth. LA staff search every
    child; school users see their own establishments' children."""
    user = request.user
    if not (user.has_perm("accounts.la_access") or user.has_perm("accounts.school_access")):
        raise PermissionDenied
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


@login_required
def child_detail(request, pk):
    child = get_child_for(request.user, pk)
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=child, child=child, summary="Viewed child's record"
    )
    return render(request, "children/child_detail.html", {"child": child})
