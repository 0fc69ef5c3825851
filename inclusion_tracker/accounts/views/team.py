"""A school main contact manages the users of their own establishments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from inclusion_tracker.accounts import invitations
from inclusion_tracker.accounts.access import get_user_for
from inclusion_tracker.accounts.forms import InviteSchoolUserForm
from inclusion_tracker.accounts.models import EstablishmentInvitation, User
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.permissions import MANAGE_ESTABLISHMENT_USERS, requires_permission


@requires_permission(MANAGE_ESTABLISHMENT_USERS)
def team(request):
    mine = request.user.establishments.all()
    only_mine = Prefetch("establishments", queryset=mine.order_by("name"))
    users = (
        User.objects.at_establishments(mine)
        .filter(is_active=True)
        .joined()
        .prefetch_related("groups", only_mine)
        .order_by("full_name")
    )
    waiting = (
        EstablishmentInvitation.objects.waiting()
        .for_establishments(mine)
        .select_related("user")
        .prefetch_related(only_mine)
        .order_by("-created_at")
    )
    return render(
        request,
        "accounts/team.html",
        {"users": users, "waiting": waiting, "establishments": mine.order_by("name")},
    )


@requires_permission(MANAGE_ESTABLISHMENT_USERS)
def team_invite(request):
    """The same answer whatever the address: see accounts/invitations.py."""
    form = InviteSchoolUserForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitations.invite(
            request,
            inviter=request.user,
            email=data["email"],
            full_name=data["full_name"],
            job_title=data["job_title"],
            establishments=data["establishments"],
        )
        messages.success(request, f"We have sent an invitation to {data['email']}")
        return redirect("accounts:team")
    return render(request, "accounts/team_invite.html", {"form": form})


@login_required
@never_cache
def team_join(request, token):
    """Someone invited to act for more establishments signs in and accepts.
    The same page for every link that does not work, whoever's it is."""
    invitation = invitations.invitation_from_token(token, request.user)
    if invitation is None:
        return render(request, "accounts/team_join_expired.html", status=404)
    if request.method == "POST":
        establishments = invitations.accept(request, token)
        if establishments is None:
            return render(request, "accounts/team_join_expired.html", status=404)
        names = ", ".join(e.name for e in establishments)
        messages.success(request, f"You can now act for {names}")
        return redirect("core:home")
    return render(
        request,
        "accounts/team_join.html",
        {"invitation": invitation, "establishments": invitation.offered_establishments()},
    )


@requires_permission(MANAGE_ESTABLISHMENT_USERS)
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
