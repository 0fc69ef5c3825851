from django.urls import path

from inclusion_tracker.school_calendar import views

app_name = "school_calendar"

urlpatterns = [
    path("", views.term_dates, name="list"),
    path("upload/", views.upload, name="upload"),
    path("school/<str:urn>/", views.establishment_term_dates, name="establishment"),
    path("terms/add/", views.term_add, name="term-add"),
    path("school/<str:urn>/terms/add/", views.term_add, name="term-add-for"),
    path("terms/<int:pk>/change/", views.term_edit, name="term-edit"),
    path("terms/<int:pk>/delete/", views.term_delete, name="term-delete"),
    path("non-school-days/add/", views.day_add, name="day-add"),
    path("school/<str:urn>/non-school-days/add/", views.day_add, name="day-add-for"),
    path("non-school-days/<int:pk>/delete/", views.day_delete, name="day-delete"),
]
