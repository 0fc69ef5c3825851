from django.urls import path

from inclusion_tracker.establishments import views

app_name = "establishments"
urlpatterns = [
    path("", views.establishment_list, name="list"),
    path("<str:urn>/", views.establishment_detail, name="detail"),
]
