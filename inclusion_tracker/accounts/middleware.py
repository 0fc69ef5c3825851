"""The accounts middleware: two-factor sign-in before anything else, and the
session's absolute lifetime (signed out some hours after signing in, however
busy; the idle timeout is the session's own expiry)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from inclusion_tracker.accounts.two_factor import has_confirmed_device
from inclusion_tracker.audit.models import Action, AuditEvent

# The session key holding when the user signed in (seconds since the epoch).
SIGNED_IN_AT = "signed_in_at"

# Pages a signed-in user may reach before completing two-factor sign-in.
EXEMPT_URL_NAMES = (
    "accounts:two-factor-verify",
    "accounts:two-factor-setup",
    "accounts:two-factor-email-code",
    "accounts:sign-out",
)


class TwoFactorMiddleware:
    """Sends a signed-in user who must use two-factor sign-in, and has not
    entered a code in this session, to set it up or to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.two_factor_pending = False
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and user.needs_two_factor()
        ):
            request.two_factor_pending = True
            exempt = [reverse(name) for name in EXEMPT_URL_NAMES]
            if request.path not in exempt and not request.path.startswith(settings.STATIC_URL):
                verify = has_confirmed_device(user)
                return redirect(
                    "accounts:two-factor-verify" if verify else "accounts:two-factor-setup"
                )
        return self.get_response(request)


def record_sign_in(request) -> None:
    """Call just after `login()`: the session's absolute lifetime starts now."""
    request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Signs a user out SESSION_ABSOLUTE_LIFETIME_HOURS after they signed in,
    however busy they have been, and sends them to sign in again with a
    message. (The idle timeout is separate: the session's expiry,
    SESSION_IDLE_TIMEOUT_MINUTES, pushed back by each request.)

    The sign-in page records the time (`record_sign_in`); a signed-in session
    without one (made before this check existed, or by a test's
    force_login) starts counting at its next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            hours = settings.SESSION_ABSOLUTE_LIFETIME_HOURS
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if not isinstance(signed_in_at, int):
                request.session[SIGNED_IN_AT] = now
            elif now - signed_in_at >= hours * 3600:
                AuditEvent.objects.record(
                    request,
                    action=Action.SIGN_OUT,
                    obj=user,
                    summary=f"Signed out automatically {hours} hours after signing in",
                )
                logout(request)
                messages.info(
                    request,
                    f"For your security, we sign you out {hours} hours after you sign in. "
                    "Sign in again to continue.",
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
