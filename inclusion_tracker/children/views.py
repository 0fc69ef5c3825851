from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.forms import ChildForm
from inclusion_tracker.children.models import Child
from inclusion_tracker.core import idempotency
from inclusion_tracker.core.concurrency import invalid_on_second_look
from inclusion_tracker.core.pagination import page_of
from inclusion_tracker.core.permissions import LA_ACCESS, hidden_without_permission


@hidden_without_permission(LA_ACCESS)
def child_list(request):
    """Find a child by UPN, name or date of birth, across every child of the
    user's local authority (`Child.objects.visible_to`). For LA staff only:
    school users follow their pupils through notifications."""
    user = request.user
    query = request.GET.get("q", "").strip()
    children = Child.objects.visible_to(user).search(query).select_related("current_establishment")
    page = page_of(request, children)
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


@hidden_without_permission(LA_ACCESS)
def child_add(request):
    """LA staff record a child no school has notified: a child missing
    education reported by health, the police or another authority, say."""
    token = idempotency.token_from(request) if request.method == "POST" else None
    # The record belongs to the officer's local authority.
    record = Child(local_authority=request.user.home_local_authority)
    form = ChildForm(request.POST if request.method == "POST" else None, instance=record)
    if request.method == "POST" and form.is_valid():

        def create():
            child = form.save(commit=False)
            child.created_by, child.form_token = request.user, token
            child.save()
            AuditEvent.objects.record(
                request,
                action=Action.CREATE,
                obj=child,
                child=child,
                summary="Added a child's record",
            )
            return child

        try:
            child, created = idempotency.create_once(Child, token, create)
        except IntegrityError:
            # Another officer saved a child with this UPN after the form was
            # checked: the form now says so, linking to their record.
            if not invalid_on_second_look(form):
                raise
        else:
            if created:
                messages.success(request, "The child's record has been added")
            return redirect("casework:child", child.pk)
    if form.upn_holder is not None:
        audit_upn_holder_shown(request, form.upn_holder)
    return render(
        request,
        "children/child_form.html",
        {"form": form, "form_token": idempotency.page_token(request)},
    )


def audit_upn_holder_shown(request, holder) -> None:
    """A form that refuses a UPN names the child who has it, in the same local
    authority (`ChildForm.upn_holder`): that is a view of their record."""
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=holder,
        child=holder,
        summary="Shown as holding the UPN typed in a child's details",
    )
