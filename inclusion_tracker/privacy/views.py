"""Administrators' pages about one child's data: placing or removing a legal
hold, and exporting everything held about the child (subject access).
Everyone else gets 404 (privacy/access.py)."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.models import Child
from inclusion_tracker.core.forms import posted
from inclusion_tracker.core.permissions import MANAGE_USERS, hidden_without_permission
from inclusion_tracker.privacy import subject_access
from inclusion_tracker.privacy.access import get_child_for_privacy
from inclusion_tracker.privacy.forms import LegalHoldForm, SubjectAccessForm


@never_cache
@hidden_without_permission(MANAGE_USERS)
def legal_hold(request, pk):
    """Place a legal hold (with its reason) or remove it. The reason is not
    copied into the audit log: it may name people."""
    child = get_child_for_privacy(request.user, pk)
    if child.merged_into_id:
        return redirect("casework:child", child.pk)
    form = LegalHoldForm(posted(request))
    if request.method == "POST":
        removing = request.POST.get("action") == "remove"
        with transaction.atomic():
            locked = Child.objects.select_for_update().get(pk=child.pk)
            if removing and locked.legal_hold:
                locked.remove_legal_hold()
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=locked,
                    child=locked,
                    summary="Removed the legal hold",
                )
                messages.success(request, "The legal hold has been removed")
                return redirect("casework:child", child.pk)
            if not removing and locked.legal_hold:
                # Someone placed one since this page was opened.
                messages.info(request, "This record is already on legal hold")
                return redirect("casework:child", child.pk)
            if not removing and form.is_valid():
                locked.place_legal_hold(by=request.user, reason=form.cleaned_data["reason"])
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=locked,
                    child=locked,
                    summary="Placed a legal hold",
                )
                messages.success(request, "The record is now on legal hold")
                return redirect("casework:child", child.pk)
            if removing:
                return redirect("casework:child", child.pk)
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=child, child=child, summary="Opened the legal hold page"
    )
    context = {
        "child": child,
        "form": form,
        "casework_years": settings.RETENTION_CASEWORK_YEARS,
    }
    return render(request, "privacy/legal_hold.html", context)


@never_cache
@hidden_without_permission(MANAGE_USERS)
def export(request, pk):
    """Confirm, with a reason, then download everything held about the child
    as a ZIP (privacy/subject_access.py)."""
    child = get_child_for_privacy(request.user, pk)
    if child.merged_into_id:
        return redirect("privacy:export", child.merged_into_id)
    form = SubjectAccessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # The record of the export and its audit event are saved together.
        with transaction.atomic():
            made = subject_access.export(child, by=request.user, reason=form.cleaned_data["reason"])
            AuditEvent.objects.record(
                request,
                action=Action.EXPORT,
                obj=made.record,
                child=child,
                summary=f"Subject access export of {made.record.record_count} records",
            )
        response = HttpResponse(made.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        add_never_cache_headers(response)
        return response
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=child,
        child=child,
        summary="Opened the subject access export",
    )
    return render(request, "privacy/export.html", {"child": child, "form": form})
