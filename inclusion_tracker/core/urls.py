from django.urls import path

from inclusion_tracker.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
