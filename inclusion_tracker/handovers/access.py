"""Who may see a handover and what they may do with it (docs/architecture.md,
"Who may see and change one object").

A handover is seen by the staff of both local authorities: the sender's
(`from_la`) and the receiver's (`to_la`); everyone else, school users
included, gets 404. The receiving LA's officers and team managers accept or
decline; the sender's record that the case was sent outside the service and
that it was acknowledged.
"""

from django.http import Http404

from inclusion_tracker.handovers.models import Handover


def get_handover_for(user, pk) -> Handover:
    handover = Handover.objects.visible_to(user).with_list_details().filter(pk=pk).first()
    if handover is None:
        raise Http404("No such handover")
    return handover


def is_sender(user, handover: Handover) -> bool:
    return handover.from_la_id in user.la_codes


def is_receiver(user, handover: Handover) -> bool:
    return handover.to_la_id in user.la_codes


def can_decide(user, handover: Handover) -> bool:
    """The receiving LA accepts or declines a handover waiting for them."""
    return is_receiver(user, handover) and handover.status == Handover.Status.WAITING


def can_hand_over(user, episode) -> bool:
    """Staff of the child's LA hand over one of its open episodes, one
    handover at a time."""
    return (
        user.is_la_staff
        and not episode.is_closed
        and episode.child.local_authority_id in user.la_codes
        and not Handover.objects.active().filter(episode=episode).exists()
    )


def can_export(user, handover: Handover) -> bool:
    """The sender downloads a case for an LA outside the service, and records
    that it was sent and acknowledged."""
    return is_sender(user, handover) and not handover.in_service
