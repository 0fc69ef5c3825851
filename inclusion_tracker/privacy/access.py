"""The access helper for retention and subject access pages: administrators
of the child's local authority only. Everyone else gets 404, as casework
pages answer school users, and another LA's child is as if it did not exist."""

from django.http import Http404

from inclusion_tracker.children.models import Child
from inclusion_tracker.core.permissions import MANAGE_USERS


def can_manage_privacy(user) -> bool:
    return user.is_authenticated and user.is_la_staff and user.has_perm(MANAGE_USERS)


def get_child_for_privacy(user, pk) -> Child:
    """A child's record, merged records included, for an administrator of
    the child's local authority (`User.la_codes`) placing a legal hold or
    exporting the child's data."""
    if not can_manage_privacy(user):
        raise Http404("No such child")
    child = (
        Child.objects.filter(local_authority_id__in=user.la_codes)
        .select_related("current_establishment", "merged_into", "legal_hold_by")
        .filter(pk=pk)
        .first()
    )
    if child is None:
        raise Http404("No such child")
    return child
