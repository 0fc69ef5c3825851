import logging
import time

from django.db import connection
from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

logger = logging.getLogger("inclusion_tracker.requests")

HEALTHZ_PATH = "/healthz"

# Session key: when this session signed in (seconds since the epoch).


class RequestLogMiddleware:
    """One structured log line per request: method, path without its query
    string, status, duration and the user's id. Nothing personal.

    A request answered with 5xx is logged instead by django.request, once,
    with the exception's class and where it happened (core/logging.py); this
    line is not written for it, and the user is not looked up (the database
    may be what failed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if response.status_code >= 500:
            return response
        if request.path != HEALTHZ_PATH and not request.path.startswith("/static/"):
            user = getattr(request, "user", None)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
        return response


# The HTTP methods the service answers (TRACE is not one: ASVS 13.4.4).
# The API, when it lands, will need PUT, PATCH and DELETE on its own paths.
ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class AllowedMethodsMiddleware:
    """405 Method Not Allowed to any method the service does not use (TRACE,
    PUT, DELETE, ...), before anything touches the database or a view runs.
    The answer passes back through the security headers' middleware and the
    request log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response that is not a static file
    (WhiteNoise serves those before this runs, with their own caching).

    Every page rather than only signed-in users' pages: a child's record must
    not stay in a shared computer's browser cache or come back from it after
    signing out, and the same goes for the error pages, a sign-in page with
    an address typed in, and the page answered as a session ends. No page of
    this service is worth caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True)
        return response


class DatabaseConnectionMiddleware:
    """Connects to the database (checking a kept connection still answers)
    before sessions and sign-in use it.

    When the database is down the request stops here, with the error: Django
    hands it to core.views.server_error, which answers with the outage page
    (503) without the database, and logs it once. Without this, each later
    layer that touches the database (the session, the signed-in user) would
    fail in turn and log again. /healthz answers for itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTHZ_PATH:
            with connection.cursor():
                pass
        return self.get_response(request)
