"""One access helper per object type: 404 for anyone not allowed."""

from django.http import Http404

from inclusion_tracker.children.models import Child


def get_child_for(user, pk) -> Child:
    """The child, if `user` may see them: LA staff any child; school users
    only children at their own establishments. Everyone else gets 404."""
    child = (
        Child.objects.visible_to(user).select_related("current_establishment").filter(pk=pk).first()
    )
    if child is None:
        raise Http404("No such child")
    return child
