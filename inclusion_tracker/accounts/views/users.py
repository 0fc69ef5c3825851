"""Administrators manage every user: role, establishments, access."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inclusion_tracker.accounts import emails, lockout, two_factor
from inclusion_tracker.accounts.access import get_user_for
from inclusion_tracker.accounts.forms import UserForm
from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.permissions import MANAGE_USERS, requires_permission
from inclusion_tracker.establishments.models import Establishment

PAGE_SIZE = 50


@requires_permission(MANAGE_USERS)
def user_list(request):
    users = User.objects.prefetch_related(
        "groups", Prefetch("establishments", queryset=Establishment.objects.order_by("name"))
    )
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.with_role(role)
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(email__icontains=query) | users.filter(full_name__icontains=query)
    status = request.GET.get("status", "active")
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    page = Paginator(users.order_by("full_name", "email"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "roles": Role, "role": role, "q": query, "status": status},
    )


@requires_permission(MANAGE_USERS)
def user_create(request):
    form = UserForm(request.POST or None)
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
            "recent_events": AuditEvent.objects.filter(actor=user).select_related("child")[:10],
        },
    )


@requires_permission(MANAGE_USERS)
def user_edit(request, pk):
    user = get_user_for(request.user, pk)
    form = UserForm(request.POST or None, instance=user)
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
