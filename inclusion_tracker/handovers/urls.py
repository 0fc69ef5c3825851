from django.urls import path

from inclusion_tracker.handovers import views

app_name = "handovers"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("episode/<int:episode_pk>/", views.hand_over, name="hand-over"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/sent/", views.record_sent, name="sent"),
    path("<int:pk>/acknowledged/", views.record_acknowledged, name="acknowledged"),
]
