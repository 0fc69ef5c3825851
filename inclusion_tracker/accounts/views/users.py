"""Administrators manage the users of their local authorities: role,
establishments, access. Another LA's users are not listed, and their pages
answer 404 (`accounts/access.py`)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inclusion_tracker.accounts import emails, lockout, two_factor
from inclusion_tracker.accounts.access import get_user_for
from inclusion_tracker.accounts.filters import UserFilters
from inclusion_tracker.accounts.forms import UserForm
from inclusion_tracker.accounts.models import User
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.pagination import page_of
from inclusion_tracker.core.permissions import MANAGE_USERS, requires_permission
from inclusion_tracker.establishments.models import Establishment


@requires_permission(MANAGE_USERS)
def user_list(request):
    users = User.objects.visible_to(request.user).prefetch_related(
        "groups", Prefetch("establishments", queryset=Establishment.objects.order_by("name"))
    )
    filters = UserFilters(request.GET, users)
    page = page_of(request, filters.qs.order_by("full_name", "email"))
    return render(request, "accounts/user_list.html", {"page": page, "filters": filters})


@requires_permission(MANAGE_USERS)
def user_create(request):
    form = UserForm(request.POST or None, admin=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            AuditEvent.objects.record(
                request, action=Action.INVITE, obj=user, summary=f"Role: {user.role}"
            )
        emails.send_invitation(request, user, invited_by=request.user)
        messages.success(
            request,
            f"{user.full_name} has been invited. We have emailed them a link to set a password.",
        )
        return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@requires_permission(MANAGE_USERS)
def user_detail(request, pk):
    user = get_user_for(request.user, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "managed": user,
            "has_two_factor": two_factor.has_confirmed_device(user),
            "recent_events": AuditEvent.objects.visible_to(request.user)
            .filter(actor=user)
            .select_related("child")[:10],
        },
    )


@requires_permission(MANAGE_USERS)
def user_edit(request, pk):
    user = get_user_for(request.user, pk)
    form = UserForm(request.POST or None, instance=user, admin=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            AuditEvent.objects.record(
                request,
                action=Action.UPDATE,
                obj=user,
                summary=f"Changed: {', '.join(form.changed_data)}",
            )
        messages.success(request, "The user's details have been saved")
        return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "managed": user})


@require_POST
@requires_permission(MANAGE_USERS)
def user_set_active(request, pk):
    user = get_user_for(request.user, pk)
    activate = request.POST.get("active") == "1"
    if user.is_active != activate:
        user.is_active = activate
        user.save(update_fields=["is_active"])
        AuditEvent.objects.record(
            request, action=Action.REACTIVATE if activate else Action.DEACTIVATE, obj=user
        )
    messages.success(
        request,
        f"{user.full_name} is now {'active' if activate else 'deactivated and cannot sign in'}",
    )
    return redirect("accounts:user-detail", pk=user.pk)


@require_POST
@requires_permission(MANAGE_USERS)
def user_reset_two_factor(request, pk):
    user = get_user_for(request.user, pk)
    two_factor.remove_devices(user)
    AuditEvent.objects.record(request, action=Action.TWO_FACTOR_RESET, obj=user)
    messages.success(request, f"{user.full_name} will be asked to set up two-factor sign-in again")
    return redirect("accounts:user-detail", pk=user.pk)


@require_POST
@requires_permission(MANAGE_USERS)
def user_unlock(request, pk):
    user = get_user_for(request.user, pk)
    lockout.unlock(user.email)
    AuditEvent.objects.record(
        request, action=Action.UPDATE, obj=user, summary="Unlocked after failed sign-ins"
    )
    messages.success(request, f"{user.full_name} can sign in again")
    return redirect("accounts:user-detail", pk=user.pk)
