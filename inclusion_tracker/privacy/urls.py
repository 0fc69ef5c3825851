from django.urls import path

from inclusion_tracker.privacy import views

app_name = "privacy"
urlpatterns = [
    path("children/<int:pk>/legal-hold/", views.legal_hold, name="legal-hold"),
    path("children/<int:pk>/subject-access-export/", views.export, name="export"),
]
