"""One access helper per object type: 404 for anyone not allowed.

Team managers keep their own local authority's term dates and those of its
establishments (docs/calendar.md): another LA's terms, non-school days and
establishments answer 404, as if they did not exist. The pages answer 403 to
everyone else, as the support directory's management pages do."""

from django.http import Http404

from inclusion_tracker.core.permissions import MANAGE_TEAM
from inclusion_tracker.establishments.models import Establishment, LocalAuthority
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term


def _may_manage(user) -> bool:
    return user.has_perm(MANAGE_TEAM)


def local_authority_for(user) -> LocalAuthority:
    """The local authority whose calendar a team manager keeps: their own
    (the deployment's until one is set). No query (LocalAuthority.by_code)."""
    authority = user.home_local_authority if _may_manage(user) else None
    if authority is None:
        raise Http404("No such local authority")
    return authority


def get_term_for(user, pk) -> Term:
    term = (
        Term.objects.select_related("establishment")
        .in_local_authorities(user.la_codes)
        .filter(pk=pk)
        .first()
        if _may_manage(user)
        else None
    )
    if term is None:
        raise Http404("No such term")
    return term


def get_non_school_day_for(user, pk) -> NonSchoolDay:
    day = (
        NonSchoolDay.objects.select_related("establishment")
        .in_local_authorities(user.la_codes)
        .filter(pk=pk)
        .first()
        if _may_manage(user)
        else None
    )
    if day is None:
        raise Http404("No such non-school day")
    return day


def get_establishment_for(user, urn) -> Establishment:
    """An establishment of the manager's LA whose term dates they keep, by URN."""
    establishment = (
        Establishment.objects.filter(urn=urn, la_code__in=user.la_codes).first()
        if _may_manage(user)
        else None
    )
    if establishment is None:
        raise Http404("No such establishment")
    return establishment
