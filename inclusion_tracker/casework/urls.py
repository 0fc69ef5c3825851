from django.urls import path

from inclusion_tracker.casework.views import child, episode, merge, triage, worklists

app_name = "casework"
urlpatterns = [
    path("triage/", triage.inbox, name="triage"),
    path("triage/<str:reference>/", triage.match, name="triage-match"),
    path("triage/<str:reference>/link/<int:child_pk>/", triage.link, name="triage-link"),
    path("triage/<str:reference>/new-child/", triage.new_child, name="triage-new-child"),
    path("children/<int:pk>/", child.child_page, name="child"),
    path("children/<int:pk>/edit/", child.edit_child, name="child-edit"),
    path("children/<int:pk>/notes/add/", child.add_note, name="note-add"),
    path("children/<int:pk>/episodes/open/", episode.open_episode, name="episode-open"),
    path("children/<int:pk>/merge/", merge.choose, name="merge"),
    path("children/<int:pk>/merge/<int:other_pk>/", merge.confirm, name="merge-confirm"),
    path("merges/", merge.merge_list, name="merges"),
    path("merges/<int:pk>/", merge.merge_detail, name="merge-detail"),
    path("episodes/<int:pk>/", episode.episode_page, name="episode"),
    path("episodes/<int:pk>/edit/", episode.edit, name="episode-edit"),
    path("episodes/<int:pk>/status/", episode.change_status, name="episode-status"),
    path("episodes/<int:pk>/approval/", episode.approval, name="episode-approval"),
    path("episodes/<int:pk>/enquiries/add/", episode.add_enquiry, name="enquiry-add"),
    path("worklists/", worklists.index, name="worklists"),
    path("worklists/<slug:slug>/", worklists.worklist, name="worklist"),
]
