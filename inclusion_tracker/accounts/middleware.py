from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from inclusion_tracker.accounts.two_factor import has_confirmed_device

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
