from django.urls import path

from inclusion_tracker.notifications.views import journey, records

app_name = "notifications"
urlpatterns = [
    path("notify/", journey.start, name="start"),
    path("notify/<str:reference>/", journey.resume, name="resume"),
    path("notify/<str:reference>/check/", journey.check_answers, name="check"),
    path("notify/<str:reference>/confirmation/", journey.confirmation, name="confirmation"),
    path("notify/<str:reference>/delete/", journey.delete_draft, name="delete-draft"),
    path("notify/<str:reference>/<slug:slug>/", journey.question, name="page"),
    path(
        "notify/<str:reference>/<slug:slug>/remove/<int:item_pk>/",
        journey.remove_item,
        name="remove-item",
    ),
    path("notifications/", records.school_list, name="list"),
    path("notifications/received/", records.received, name="received"),
    path("notifications/<str:reference>/", records.detail, name="detail"),
    path("notifications/<str:reference>/review/", records.record_review, name="review"),
]
