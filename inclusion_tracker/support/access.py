"""One access helper per object type: 404 for anyone not allowed."""

from django.http import Http404

from inclusion_tracker.core.permissions import LA_ACCESS, MANAGE_TEAM, SCHOOL_ACCESS
from inclusion_tracker.support.models import Service, SuggestionRule

BROWSE_PERMISSIONS = (SCHOOL_ACCESS, LA_ACCESS)


def may_browse(user) -> bool:
    """School users and LA staff browse the directory; it has no children's data."""
    return any(user.has_perm(permission) for permission in BROWSE_PERMISSIONS)


def get_service_for(user, pk) -> Service:
    """The service, offered or retired, for anyone who may browse the
    directory (retired services keep their pages). Everyone else gets 404."""
    service = Service.objects.filter(pk=pk).first() if may_browse(user) else None
    if service is None:
        raise Http404("No such service")
    return service


def get_rule_for(user, pk) -> SuggestionRule:
    """A suggestion rule, for team managers (who keep them). Everyone else gets 404."""
    rule = (
        SuggestionRule.objects.select_related("service").filter(pk=pk).first()
        if user.has_perm(MANAGE_TEAM)
        else None
    )
    if rule is None:
        raise Http404("No such suggestion rule")
    return rule
