"""One access helper per object type: 404 for anyone not allowed, and what
the user may do with what they can see (docs/architecture.md, "Who may see
and change one object").

Casework is for local authority staff only, each seeing their own local
authorities' children (`User.la_codes`): school users, everyone else, and
staff of another LA get 404 for every child record, episode and merge, as if
it did not exist. The scope of each type is written once, in its QuerySet
(`Child.objects.in_local_authorities_of`, `Episode.objects.visible_to`,
`ChildMerge.objects.visible_to`).
Every member of LA staff may change the children's records and episodes they
can see; only team managers decide on a CME closure, only administrators
list and reverse merges.
"""

from django.http import Http404

from inclusion_tracker.casework.models import ChildMerge, Episode
from inclusion_tracker.children.models import Child
from inclusion_tracker.core.permissions import MANAGE_TEAM, MANAGE_USERS


def _is_la_staff(user) -> bool:
    return user.is_authenticated and user.is_la_staff


def get_casework_child_for(user, pk) -> Child:
    """A child's record of the user's local authorities for casework, merged
    records included (their page points at the record they were merged into)."""
    if not _is_la_staff(user):
        raise Http404("No such child")
    child = (
        Child.objects.in_local_authorities_of(user)
        .select_related("current_establishment", "merged_into")
        .filter(pk=pk)
        .first()
    )
    if child is None:
        raise Http404("No such child")
    return child


def get_episode_for(user, pk) -> Episode:
    """An episode of a child of the user's local authorities."""
    episode = (
        Episode.objects.visible_to(user)
        .select_related("child", "owner", "establishment", "parent")
        .filter(pk=pk)
        .first()
    )
    if episode is None:
        raise Http404("No such episode")
    return episode


def can_decide_closures(user) -> bool:
    """Team managers approve a CME closure, or send it back for more
    enquiries (the approval page: 403 for other LA staff). Whether a change
    of status needs that approval is `Episode.change_status`'s rule."""
    return user.has_perm(MANAGE_TEAM)


def can_assign_episodes(user) -> bool:
    """Team managers give episodes to officers from a worklist (a post from
    anyone else is refused with 403)."""
    return user.has_perm(MANAGE_TEAM)


def can_manage_merges(user) -> bool:
    """Administrators list merges and reverse them (404 for other LA staff)."""
    return user.has_perm(MANAGE_USERS)


def get_merge_for(user, pk) -> ChildMerge:
    """Merges are listed and reversed by administrators only."""
    if not (_is_la_staff(user) and can_manage_merges(user)):
        raise Http404("No such merge")
    merge = (
        ChildMerge.objects.visible_to(user)
        .select_related("kept", "merged", "merged_by")
        .filter(pk=pk)
        .first()
    )
    if merge is None:
        raise Http404("No such merge")
    return merge
