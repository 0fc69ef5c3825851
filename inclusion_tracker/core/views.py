import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from inclusion_tracker.core.context_processors import service_details
from inclusion_tracker.core.permissions import SCHOOL_ACCESS
from inclusion_tracker.core.signals import home_page_shown, page_context


@login_required
def home(request):
    """Each role's landing page."""
    user = request.user
    context = {}
    if user.has_perm(SCHOOL_ACCESS):
        context["establishments"] = user.establishments.order_by("name")
    # LA staff's counts come from casework (casework/receivers.py).
    context.update(page_context(home_page_shown, sender=None, user=user))
    return render(request, "core/home.html", context)


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not. No personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def database_unavailable(error: BaseException | None) -> bool:
    """True for errors that mean the database cannot be used just now (down,
    restarting, unreachable, locked, a statement cancelled), whether Django
    wrapped the driver's error or not."""
    # Each backend's wrapper holds its driver module as `Database`; the stubs'
    # base class does not say so.
    driver = connection.Database  # type: ignore[attr-defined]
    unavailable = (
        OperationalError,
        InterfaceError,
        driver.OperationalError,
        driver.InterfaceError,
    )
    while error is not None:
        if isinstance(error, unavailable):
            return True
        error = error.__cause__ or error.__context__
    return False


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def server_error(request):
    """ "Sorry, there is a problem with the service", for any failure: 503 when
    the database is unavailable (try again later), 500 otherwise.

    Made from settings alone, never the database, which may be what failed: no
    context processors, so no user, session, navigation or messages. Django
    calls this while handling the exception, and logs it once afterwards
    (django.request; core/logging.py keeps only its class and location)."""
    error = sys.exc_info()[1]
    status = 503 if database_unavailable(error) else 500
    context = {"request": request, **service_details()}
    return HttpResponse(loader.render_to_string("500.html", context), status=status)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
