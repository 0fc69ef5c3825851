from django.urls import path

from inclusion_tracker.children import views

app_name = "children"
urlpatterns = [
    path("", views.child_list, name="list"),
    path("add/", views.child_add, name="add"),
]
