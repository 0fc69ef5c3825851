"""E-mails to users about their own account. They hold no child's data."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from inclusion_tracker.accounts.roles import LA_STAFF_ROLES, Role


def set_password_link(request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(
        reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    )


def send_invitation(request, user, invited_by) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": set_password_link(request, user),
        "service_name": settings.SERVICE_NAME,
        "la_name": settings.LA_NAME,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    send_mail(
        subject=f"You have been invited to {settings.SERVICE_NAME}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def _names(establishments) -> str:
    return ", ".join(e.name for e in establishments)


def send_join_invitation(request, invitation, establishments, link: str) -> None:
    """Asks someone with an account to sign in and accept acting for more
    establishments."""
    user = invitation.user
    context = {
        "user": user,
        "invited_by": invitation.invited_by,
        "establishments": _names(establishments),
        "link": link,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "service_name": settings.SERVICE_NAME,
        "phone": settings.INCLUSION_SERVICE_PHONE,
    }
    send_mail(
        subject=f"You have been invited to act for {_names(establishments)}",
        message=render_to_string("accounts/email/join_invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def send_already_a_member(request, user, establishments, invited_by) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "establishments": _names(establishments),
        "sign_in": request.build_absolute_uri(reverse("accounts:sign-in")),
        "service_name": settings.SERVICE_NAME,
    }
    send_mail(
        subject=f"You have been invited to act for {_names(establishments)}",
        message=render_to_string("accounts/email/already_a_member.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def send_cannot_join(user, establishments, invited_by) -> None:
    """Tells the owner of an account a main contact cannot add (local
    authority staff, another establishment's main contact) that a school
    tried, and that nothing has changed."""
    context = {
        "user": user,
        "invited_by": invited_by,
        "establishments": _names(establishments),
        # The kind of account, deactivated or not (is_la_staff is False for
        # a deactivated one).
        "la_staff": user.role in LA_STAFF_ROLES,
        "main_contact": user.role == Role.SCHOOL_MAIN_CONTACT,
        "service_name": settings.SERVICE_NAME,
        "phone": settings.INCLUSION_SERVICE_PHONE,
    }
    send_mail(
        subject=f"A school tried to add you to its team on {settings.SERVICE_NAME}",
        message=render_to_string("accounts/email/cannot_join.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def send_two_factor_code(user, code: str) -> None:
    """The code a user enters before setting up two-factor sign-in. Sent
    straight away: the user is waiting for it."""
    context = {
        "user": user,
        "code": code,
        "minutes": settings.TWO_FACTOR_EMAIL_CODE_MINUTES,
        "service_name": settings.SERVICE_NAME,
        "phone": settings.INCLUSION_SERVICE_PHONE,
    }
    send_mail(
        subject=f"Your security code for {settings.SERVICE_NAME}",
        message=render_to_string("accounts/email/two_factor_code.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
