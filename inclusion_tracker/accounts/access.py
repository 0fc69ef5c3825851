"""One access helper per object type: 404 for anyone not allowed."""

from django.http import Http404

from inclusion_tracker.accounts.models import User


def get_user_for(manager, pk) -> User:
    """A user the signed-in `manager` may manage: administrators any other
    user of their local authorities; a school main contact the school users
    of their establishments (`User.objects.visible_to`, then `can_manage`).
    Another LA's user answers 404, as a missing one does."""
    other = (
        User.objects.visible_to(manager)
        .filter(pk=pk)
        .prefetch_related("groups", "establishments")
        .first()
    )
    if other is None or not manager.can_manage(other):
        raise Http404("No such user")
    return other
