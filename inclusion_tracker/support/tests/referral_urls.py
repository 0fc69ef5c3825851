"""The project's URLs with a stand-in for the referrals app's `referrals:add`,
so the child page's "Record a referral" link can be tested on its own."""

from django.http import HttpResponse
from django.urls import include, path

from inclusion_tracker.urls import handler403, handler404, handler500  # noqa: F401
from inclusion_tracker.urls import urlpatterns as project_urlpatterns


def stand_in(request, child_pk):
    return HttpResponse("Record a referral")


referrals = (
    [path("children/<int:child_pk>/referrals/add/", stand_in, name="add")],
    "referrals",
)

urlpatterns = [
    pattern for pattern in project_urlpatterns if getattr(pattern, "namespace", None) != "referrals"
] + [path("", include(referrals))]
