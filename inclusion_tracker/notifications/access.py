"""One access helper per object type: 404 for anyone not allowed, and what
the user may do with what they can see (docs/architecture.md, "Who may see
and change one object").

A notification is the school's: its school users carry on with its draft and
record the reviews of a part-time timetable. LA staff read what was sent to
their local authority."""

from django.http import Http404

from inclusion_tracker.core.permissions import SCHOOL_ACCESS
from inclusion_tracker.notifications.models import Kind, Notification


def get_notification_for(user, reference: str) -> Notification:
    """A notification the user may see: school users their establishments'
    (drafts included); LA staff a sent one of their local authorities'
    (`NotificationQuerySet.for_la_staff`). Everyone else: 404."""
    notification = (
        Notification.objects.visible_to(user)
        .select_related("establishment", "created_by", "submitted_by", "child")
        .filter(reference=reference.upper())
        .first()
    )
    if notification is None:
        raise Http404("No such notification")
    return notification


def acts_for_the_school(user) -> bool:
    """Whether the user acts for the school that sent the notifications they
    can see (school users see only their own establishments'): they carry on
    with its draft, see their pupil's referrals and record reviews. LA staff
    read the same notifications and change none of them."""
    return user.has_perm(SCHOOL_ACCESS)


def can_record_review(user, notification: Notification) -> bool:
    """The school records a part-time timetable's reviews until it ends."""
    return (
        acts_for_the_school(user)
        and notification.kind == Kind.PART_TIME_TIMETABLE
        and notification.details.ended_on is None
    )


def get_draft_for(user, reference: str) -> Notification:
    """A draft the school user may carry on with."""
    if not acts_for_the_school(user):
        raise Http404("No such draft")
    return get_notification_for(user, reference)
