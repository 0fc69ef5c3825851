from django.urls import path

from inclusion_tracker.referrals import views

app_name = "referrals"
urlpatterns = [
    path("children/<int:child_pk>/referrals/add/", views.add, name="add"),
    # Before referrals/<int:pk>/: these are words, not numbers, but keep them first.
    path("referrals/open/", views.open_worklist, name="open-worklist"),
    path("referrals/your-pupils/", views.school_list, name="school-list"),
    path("referrals/<int:pk>/", views.detail, name="detail"),
    path("referrals/<int:pk>/status/", views.change_status, name="status"),
    path("referrals/<int:pk>/edit/", views.edit, name="edit"),
]
