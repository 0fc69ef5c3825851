"""Triage: notifications not yet linked to a child, their match candidates,
and linking each to an existing child or to a new child record."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from inclusion_tracker.audit.lists import render_list
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework import intake, matching
from inclusion_tracker.casework.access import get_casework_child_for
from inclusion_tracker.casework.filters import TriageFilters
from inclusion_tracker.casework.forms.triage import LinkForm
from inclusion_tracker.children.forms import ChildForm
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.views import audit_upn_holder_shown
from inclusion_tracker.core.concurrency import invalid_on_second_look
from inclusion_tracker.core.permissions import LA_ACCESS, hidden_without_permission
from inclusion_tracker.notifications.access import get_notification_for
from inclusion_tracker.notifications.models import Notification


def _already_linked(request, notification):
    messages.info(
        request, f"Notification {notification.reference} is already linked to a child's record"
    )
    return redirect("casework:child", notification.child_id)


@hidden_without_permission(LA_ACCESS)
def inbox(request):
    """Sent notifications not yet linked to a child, from the establishments
    of the user's local authorities, newest first."""
    return render_list(
        request,
        "casework/triage_inbox.html",
        Notification.objects.visible_to(request.user)
        .filter(child__isnull=True)
        .select_related("establishment"),
        filters=TriageFilters,
        order_by=("-submitted_at", "-pk"),
        listed="notifications to triage",
    )


SEARCH_LIMIT = 20


@hidden_without_permission(LA_ACCESS)
def match(request, reference):
    """The notification's child beside the records they may be."""
    notification = get_notification_for(request.user, reference)
    if notification.child_id:
        return redirect("casework:child", notification.child_id)
    found = matching.candidates(notification, request.user)
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=notification,
        summary=f"Viewed match candidates for notification {notification.reference}",
    )
    # The officer may know the child by another name: search every record
    # of their local authorities.
    query = request.GET.get("q", "").strip()
    results = None
    if query:
        results = Child.objects.lookup(request.user, query, SEARCH_LIMIT)
        # The search words are not stored: they may be a child's name.
        AuditEvent.objects.record(
            request,
            action=Action.SEARCH,
            obj=notification,
            summary=f"Triage search for notification {notification.reference}: {len(results)} found",
        )
    provisional = notification.provisional_child
    if provisional is not None and provisional.merged_into_id is not None:
        provisional = None
    return render(
        request,
        "casework/triage_match.html",
        {
            "notification": notification,
            "provisional": provisional,
            "candidates": found,
            "q": query,
            "results": results,
            "search_limit": SEARCH_LIMIT,
        },
    )


@hidden_without_permission(LA_ACCESS)
def link(request, reference, child_pk):
    """Confirm linking the notification to this child, then link it and open
    or update the child's episodes."""
    notification = get_notification_for(request.user, reference)
    if notification.child_id:
        return _already_linked(request, notification)
    child = get_casework_child_for(request.user, child_pk)
    if child.merged_into_id:
        return redirect("casework:triage-link", notification.reference, child.merged_into_id)
    changes = intake.differences(child, notification)
    form = LinkForm(
        request.POST if request.method == "POST" else None,
        ask_update=bool(changes),
        version=child.version,
    )
    page_error = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                before = set(child.episodes.values_list("pk", flat=True))
                episodes = intake.link(
                    notification,
                    child,
                    by=request.user,
                    update_child=form.should_update_child,
                    expected_version=form.cleaned_data["version"],
                )
                AuditEvent.objects.record(
                    request,
                    action=Action.LINK,
                    obj=notification,
                    child=child,
                    summary=f"Linked notification {notification.reference} to a child's record"
                    + (", record updated" if form.should_update_child else ""),
                )
        except intake.AlreadyLinked:
            notification.refresh_from_db()
            return _already_linked(request, notification)
        except (intake.ChildChanged, IntegrityError):
            # IntegrityError: another record took the UPN at the same moment.
            # Show the differences as they are now; the officer answers again.
            page_error = {
                "text": "Someone changed this child's record after you opened this page. "
                "Check where the notification differs from the record now, then link it",
                "href": "#main-content",
            }
            child.refresh_from_db()
            changes = intake.differences(child, notification)
            form = LinkForm(ask_update=bool(changes), version=child.version)
        else:
            messages.success(request, _linked_message(notification, episodes, before))
            return redirect("casework:child", child.pk)
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=notification,
        child=child,
        summary=f"Viewed linking notification {notification.reference} to a child's record",
    )
    upn_elsewhere, upn_in_another_la = intake.upn_held_elsewhere(child, notification)
    if upn_elsewhere is not None:
        # The page names that other child too.
        AuditEvent.objects.record(
            request,
            action=Action.VIEW,
            obj=notification,
            child=upn_elsewhere,
            summary=f"Shown as holding the UPN of notification {notification.reference}",
        )
    return render(
        request,
        "casework/triage_link.html",
        {
            "notification": notification,
            "child": child,
            "differences": changes,
            "form": form,
            "page_error": page_error,
            "upn_elsewhere": upn_elsewhere,
            "upn_in_another_la": upn_in_another_la,
        },
    )


@hidden_without_permission(LA_ACCESS)
def new_child(request, reference):
    """Create a child's record from the notification's details and link it."""
    notification = get_notification_for(request.user, reference)
    if notification.child_id:
        return _already_linked(request, notification)
    # A record opened when the notification was sent (a child missing
    # education) is the new record: the officer checks its details and keeps it.
    provisional = notification.provisional_child
    if provisional is not None and provisional.merged_into_id is None:
        prefilled = provisional
    else:
        provisional = None
        prefilled = intake.new_child_from(notification)
    if request.method == "POST":
        form = ChildForm(request.POST, instance=prefilled)
        if form.is_valid():
            try:
                locked, child, episodes = _save_new_child(request, notification, form, provisional)
            except IntegrityError:
                # Another officer saved a child with this UPN after the form
                # was checked: the form now says so, naming their record.
                if not invalid_on_second_look(form):
                    raise
            else:
                if child is None:
                    # A second click, or another officer got there first.
                    return _already_linked(request, locked)
                messages.success(request, _linked_message(locked, episodes, set()))
                return redirect("casework:child", child.pk)
    else:
        form = ChildForm(
            instance=prefilled, initial={"flags": [flag.field for flag in prefilled.flags]}
        )
        AuditEvent.objects.record(
            request,
            action=Action.VIEW,
            obj=notification,
            summary=f"Viewed creating a child's record from notification {notification.reference}",
        )
    if form.upn_holder is not None:
        audit_upn_holder_shown(request, form.upn_holder)
    return render(
        request,
        "casework/triage_new_child.html",
        {"notification": notification, "form": form, "provisional": provisional},
    )


@transaction.atomic
def _save_new_child(request, notification, form, provisional):
    """Save the new record (or keep the provisional one) and link the
    notification to it. (locked notification, child or None when someone
    linked it first, episodes)."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.child_id is not None:
        return locked, None, []
    child = form.save(commit=False)
    if provisional is None:
        child.created_by = request.user
    else:
        child.version += 1
    child.save()
    episodes = intake.link(locked, child, by=request.user)
    AuditEvent.objects.record(
        request,
        action=Action.CREATE if provisional is None else Action.UPDATE,
        obj=child,
        child=child,
        summary=f"Created a child's record from notification {locked.reference}"
        if provisional is None
        else f"Kept the record opened for notification {locked.reference}",
    )
    AuditEvent.objects.record(
        request,
        action=Action.LINK,
        obj=locked,
        child=child,
        summary=f"Linked notification {locked.reference} to a new child's record",
    )
    return locked, child, episodes


def _linked_message(notification, episodes, before: set[int]) -> str:
    """Names the episodes opened and those updated."""
    opened = [e.get_kind_display() for e in episodes if e.pk not in before]
    updated = [e.get_kind_display() for e in episodes if e.pk in before]
    parts = [f"Notification {notification.reference} linked"]
    if opened:
        parts.append(f"Episodes opened: {'; '.join(opened)}")
    if updated:
        parts.append(f"Episodes updated: {'; '.join(updated)}")
    return ". ".join(parts)
