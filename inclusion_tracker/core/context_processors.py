from django.conf import settings

from inclusion_tracker.core.navigation import navigation_for


def service_details() -> dict:
    """The service's and the local authority's names and phone number, from
    settings alone (the error pages use these without the database)."""
    return {
        "service_name": settings.SERVICE_NAME,
        "la_name": settings.LA_NAME,
        "school_service_name": settings.SCHOOL_SERVICE_NAME,
        "inclusion_service_phone": settings.INCLUSION_SERVICE_PHONE,
    }


def service(request):
    """Service-wide values every page needs: names, phone number and
    navigation. A signed-in user sees their own local authority's name and
    Inclusion service phone number (`User.local_authority`, the
    deployment's LA until one is set); others see the settings'."""
    details = service_details()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        authority = user.home_local_authority
        if authority is not None:
            details["la_name"] = authority.display_name
            details["inclusion_service_phone"] = authority.phone
    return {**details, "navigation": navigation_for(request)}
