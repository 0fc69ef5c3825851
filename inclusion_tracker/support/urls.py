from django.urls import path

from inclusion_tracker.support import views

app_name = "support"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("add/", views.service_add, name="add"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/change/", views.service_edit, name="edit"),
    path("<int:pk>/retire/", views.service_retire, name="retire"),
    path("<int:pk>/reinstate/", views.service_reinstate, name="reinstate"),
    path("<int:pk>/outreach-schools/", views.outreach_schools, name="outreach-schools"),
    path("suggestion-rules/", views.rule_list, name="rules"),
    path("suggestion-rules/add/", views.rule_add, name="rule-add"),
    path("suggestion-rules/<int:pk>/change/", views.rule_edit, name="rule-edit"),
    path("suggestion-rules/<int:pk>/turn-off/", views.rule_turn_off, name="rule-turn-off"),
    path("suggestion-rules/<int:pk>/turn-on/", views.rule_turn_on, name="rule-turn-on"),
]
