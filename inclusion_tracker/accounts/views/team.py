"""A school main contact manages the users of their own establishments."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from inclusion_tracker.accounts import emails
from inclusion_tracker.accounts.access import get_user_for
from inclusion_tracker.accounts.decorators import requires_permission
from inclusion_tracker.accounts.forms import InviteSchoolUserForm
from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.establishments.models import Establishment


@requires_permission("accounts.manage_establishment_users")
def team(request):
    mine = request.user.establishments.all()
    users = (
        User.objects.at_establishments(mine)
        .filter(is_active=True)
        .prefetch_related(
            "groups",
            Prefetch(
                "establishments",
                queryset=Establishment.objects.filter(pk__in=mine).order_by("name"),
            ),
        )
        .order_by("full_name")
    )
    return render(
        request, "accounts/team.html", {"users": users, "establishments": mine.order_by("name")}
    )


@requires_permission("accounts.manage_establishment_users")
def team_invite(request):
    form = InviteSchoolUserForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        establishments = list(data["establishments"])
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email__iexact=data["email"]).first()
            if user is None:
                user = User.objects.create_user(
                    data["email"],
                    full_name=data["full_name"],
                    job_title=data["job_title"],
                    role=Role.SCHOOL_USER,
                )
                user.establishments.set(establishments)
                AuditEvent.objects.record(
                    request, action=Action.INVITE, obj=user, summary="Invited by main contact"
                )
                new = True
            else:
                user.establishments.add(*establishments)
                if not user.is_active:
                    user.is_active = True
                    user.save(update_fields=["is_active"])
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=user,
                    summary=f"Added to establishments {', '.join(e.urn for e in establishments)}",
                )
                new = False
        if new:
            emails.send_invitation(request, user, invited_by=request.user)
            messages.success(
                request,
                f"{user.full_name} has been invited. We have emailed them a link to set a password.",
            )
        else:
            emails.send_added_to_establishment(request, user, establishments, added_by=request.user)
            messages.success(
                request,
                f"{user.full_name} already had an account and can now act for your establishment",
            )
        return redirect("accounts:team")
    return render(request, "accounts/team_invite.html", {"form": form})


@requires_permission("accounts.manage_establishment_users")
def team_remove(request, pk):
    """Removes a colleague from the main contact's establishments. Someone left
    with no establishment is deactivated and can no longer sign in."""
    user = get_user_for(request.user, pk)
    mine = list(request.user.establishments.all())
    theirs_here = [e for e in user.establishments.all() if e in mine]
    if request.method == "POST":
        with transaction.atomic():
            user.establishments.remove(*theirs_here)
            deactivated = not user.establishments.exists()
            if deactivated:
                user.is_active = False
                user.save(update_fields=["is_active"])
            AuditEvent.objects.record(
                request,
                action=Action.DEACTIVATE if deactivated else Action.UPDATE,
                obj=user,
                summary=f"Removed from establishments {', '.join(e.urn for e in theirs_here)}",
            )
        messages.success(request, f"{user.full_name} can no longer act for your establishment")
        return redirect("accounts:team")
    return render(
        request, "accounts/team_remove.html", {"managed": user, "establishments": theirs_here}
    )
