"""One access helper per object type: 404 for anyone not allowed."""

from django.http import Http404

from inclusion_tracker.notifications.models import Notification


def get_notification_for(user, reference: str) -> Notification:
    """A notification the user may see: school users their establishments'
    (drafts included); LA staff any submitted one. Everyone else: 404."""
    notification = (
        Notification.objects.visible_to(user)
        .select_related("establishment", "created_by", "submitted_by", "child")
        .filter(reference=reference.upper())
        .first()
    )
    if notification is None:
        raise Http404("No such notification")
    return notification


def get_draft_for(user, reference: str) -> Notification:
    """A draft the school user may carry on with."""
    if not user.has_perm("accounts.school_access"):
        raise Http404("No such draft")
    return get_notification_for(user, reference)
