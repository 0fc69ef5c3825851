"""One access helper per object type: 404 for anyone not allowed.

Casework is for local authority staff only: school users and everyone else
get 404 for every child record, episode and merge, as if it did not exist.
"""

from django.http import Http404

from inclusion_tracker.casework.models import ChildMerge, Episode
from inclusion_tracker.children.models import Child


def _is_la_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("accounts.la_access")


def get_casework_child_for(user, pk) -> Child:
    """A child's record for casework, merged records included (their page
    points at the record they were merged into)."""
    if not _is_la_staff(user):
        raise Http404("No such child")
    child = (
        Child.objects.select_related("current_establishment", "merged_into").filter(pk=pk).first()
    )
    if child is None:
        raise Http404("No such child")
    return child


def get_episode_for(user, pk) -> Episode:
    if not _is_la_staff(user):
        raise Http404("No such episode")
    episode = (
        Episode.objects.select_related("child", "owner", "establishment", "parent")
        .filter(pk=pk)
        .first()
    )
    if episode is None:
        raise Http404("No such episode")
    return episode


def get_merge_for(user, pk) -> ChildMerge:
    """Merges are listed and reversed by administrators only."""
    if not (_is_la_staff(user) and user.has_perm("accounts.manage_users")):
        raise Http404("No such merge")
    merge = ChildMerge.objects.select_related("kept", "merged", "merged_by").filter(pk=pk).first()
    if merge is None:
        raise Http404("No such merge")
    return merge
