from django.urls import path

from inclusion_tracker.reminders import views

app_name = "reminders"

urlpatterns = [
    path("account/emails/", views.choices, name="choices"),
]
