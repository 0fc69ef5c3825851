"""One access helper per object type: 404 for anyone not allowed.

A referral's page, with its LA notes, consent and outcome, is for local
authority staff only. School users see their own pupils' referrals, without
those, through `Referral.objects.for_school_user(user)` (never a referral's
page: it answers 404 to them)."""

from django.http import Http404

from inclusion_tracker.referrals.models import Referral


def get_referral_for(user, pk) -> Referral:
    """A referral's page and its changes: LA staff of the child's local
    authority (`Referral.objects.visible_to`); 404 for another LA's."""
    if not (user.is_authenticated and user.is_la_staff):
        raise Http404("No such referral")
    referral = (
        Referral.objects.visible_to(user)
        .select_related("episode__child", "episode__establishment", "service", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404("No such referral")
    return referral
