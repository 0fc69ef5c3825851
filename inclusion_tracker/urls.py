from django.urls import include, path

from inclusion_tracker.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("inclusion_tracker.core.urls")),
    path("", include("inclusion_tracker.accounts.urls")),
    path("children/", include("inclusion_tracker.children.urls")),
    path("", include("inclusion_tracker.casework.urls")),
    path("handovers/", include("inclusion_tracker.handovers.urls")),
    path("establishments/", include("inclusion_tracker.establishments.urls")),
    path("audit/", include("inclusion_tracker.audit.urls")),
    path("support/", include("inclusion_tracker.support.urls")),
    path("", include("inclusion_tracker.referrals.urls")),
    path("term-dates/", include("inclusion_tracker.school_calendar.urls")),
    path("", include("inclusion_tracker.reminders.urls")),
    path("", include("inclusion_tracker.privacy.urls")),
    path("", include("inclusion_tracker.notifications.urls")),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
