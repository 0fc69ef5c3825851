"""A school main contact invites someone to act for their establishments.

Whatever address they type, they get the same answer and see a waiting
invitation on their team page, so they cannot learn whether the address
already has an account, or whose it is. What happens depends on the address:

- no account: a new school user account at once, with a link to choose a
  password (the person joins when they choose it);
- a school user of other establishments: an e-mail asking them to sign in
  and accept joining (a signed link that expires); nothing changes until they
  accept;
- someone already acting for every establishment chosen: an e-mail saying so;
- a local authority account, another establishment's main contact, or an
  account with no role: never added to a school's team; an e-mail tells them
  that a school tried, so they can ask for another address to be used.

Each invitation is audited; acceptance is audited by the person accepting.
"""

import enum
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from inclusion_tracker.accounts import emails
from inclusion_tracker.accounts.models import EstablishmentInvitation, User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.audit.models import Action, AuditEvent

TOKEN_SALT = "inclusion_tracker.accounts.establishment-invitation"


class Outcome(enum.Enum):
    NEW_ACCOUNT = "new account"
    ASKED_TO_JOIN = "asked to join"
    ALREADY_MEMBER = "already a member"
    CANNOT_JOIN = "cannot join"


def _urns(establishments) -> str:
    return ", ".join(e.urn for e in establishments)


def _never_joined_here(user, inviter) -> bool:
    """A school user invited before who never chose a password, and who acts
    for none but this main contact's establishments: invited again as new."""
    mine = set(inviter.establishments.values_list("pk", flat=True))
    theirs = set(user.establishments.values_list("pk", flat=True))
    return user.role == Role.SCHOOL_USER and not user.has_usable_password() and theirs <= mine


def invite(request, *, inviter, email, full_name, job_title, establishments) -> Outcome:
    """Invites the address to the establishments (all the inviter's) and
    e-mails it; returns what happened, which the inviter must not be told."""
    now = timezone.now()
    establishments = list(establishments)
    invitation = None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email, full_name=full_name, job_title=job_title, role=Role.SCHOOL_USER
            )
            outcome = Outcome.NEW_ACCOUNT
        elif _never_joined_here(user, inviter):
            outcome = Outcome.NEW_ACCOUNT
        else:
            theirs = set(user.establishments.all())
            missing = [e for e in establishments if e not in theirs]
            if not missing and user.is_active:
                outcome = Outcome.ALREADY_MEMBER
            elif user.role == Role.SCHOOL_USER:
                outcome = Outcome.ASKED_TO_JOIN
                establishments = missing or establishments
            else:
                outcome = Outcome.CANNOT_JOIN

        if outcome is Outcome.NEW_ACCOUNT:
            user.establishments.add(*establishments)
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
        if outcome is not Outcome.ALREADY_MEMBER:
            # A newer invitation replaces any still waiting for the same place.
            EstablishmentInvitation.objects.waiting(now).filter(
                user=user, establishments__in=establishments
            ).update(expires_at=now)
            invitation = EstablishmentInvitation.objects.create(
                user=user,
                full_name=full_name,
                invited_by=inviter,
                new_account=outcome is Outcome.NEW_ACCOUNT,
                created_at=now,
                expires_at=now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
            )
            invitation.establishments.set(establishments)
        AuditEvent.objects.record(
            request,
            action=Action.INVITE,
            obj=user,
            summary=f"Invited by main contact to {_urns(establishments)}: {outcome.value}",
        )

    if outcome is Outcome.NEW_ACCOUNT:
        emails.send_invitation(request, user, invited_by=inviter)
    elif outcome is Outcome.ASKED_TO_JOIN:
        assert invitation is not None
        emails.send_join_invitation(
            request, invitation, establishments, link=accept_link(request, invitation)
        )
    elif outcome is Outcome.ALREADY_MEMBER:
        emails.send_already_a_member(request, user, establishments, invited_by=inviter)
    else:
        emails.send_cannot_join(user, establishments, invited_by=inviter)
    return outcome


def accept_link(request, invitation) -> str:
    from django.urls import reverse

    token = signing.dumps(invitation.pk, salt=TOKEN_SALT)
    return request.build_absolute_uri(reverse("accounts:team-join", kwargs={"token": token}))


def invitation_from_token(token: str, user) -> EstablishmentInvitation | None:
    """The invitation the signed link names, when `user` may accept it now."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        return None
    invitation = EstablishmentInvitation.objects.filter(pk=pk).select_related("invited_by").first()
    if invitation is None or not invitation.can_be_accepted_by(user):
        return None
    return invitation


def accept(request, token: str):
    """Accepts the invitation for the signed-in user, once; returns the
    establishments added, or None when the link no longer works."""
    with transaction.atomic():
        invitation = invitation_from_token(token, request.user)
        if invitation is None:
            return None
        invitation = EstablishmentInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.can_be_accepted_by(request.user):
            return None
        establishments = invitation.accept()
        AuditEvent.objects.record(
            request,
            action=Action.UPDATE,
            obj=request.user,
            summary=f"Accepted an invitation to {_urns(establishments)}",
        )
    return establishments
