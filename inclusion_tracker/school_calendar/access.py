"""One access helper per object type: 404 for anyone not allowed.

Team managers keep the term dates, the local authority's and any
establishment's (docs/calendar.md); the pages answer 403 to everyone else,
as the support directory's management pages do."""

from django.http import Http404

from inclusion_tracker.core.permissions import MANAGE_TEAM
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term


def _may_manage(user) -> bool:
    return user.has_perm(MANAGE_TEAM)


def get_term_for(user, pk) -> Term:
    term = (
        Term.objects.select_related("establishment").filter(pk=pk).first()
        if _may_manage(user)
        else None
    )
    if term is None:
        raise Http404("No such term")
    return term


def get_non_school_day_for(user, pk) -> NonSchoolDay:
    day = (
        NonSchoolDay.objects.select_related("establishment").filter(pk=pk).first()
        if _may_manage(user)
        else None
    )
    if day is None:
        raise Http404("No such non-school day")
    return day


def get_establishment_for(user, urn) -> Establishment:
    """An establishment whose term dates a team manager keeps, by URN."""
    establishment = Establishment.objects.filter(urn=urn).first() if _may_manage(user) else None
    if establishment is None:
        raise Http404("No such establishment")
    return establishment
