from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_required
def home(request):
    """Each role's landing page."""
    user = request.user
    context = {}
    if user.has_perm("accounts.school_access"):
        context["establishments"] = user.establishments.order_by("name")
    if user.has_perm("accounts.la_access"):
        from inclusion_tracker.casework.models import Episode
        from inclusion_tracker.notifications.models import Notification

        context["to_triage"] = Notification.objects.submitted().filter(child__isnull=True).count()
        context["caseload"] = Episode.objects.caseload(user).count()
        if user.has_perm("accounts.manage_team"):
            context["awaiting_approval"] = Episode.objects.awaiting_approval().count()
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


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
