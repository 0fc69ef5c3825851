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
    """Service-wide values every page needs: names, phone number and navigation."""
    return {**service_details(), "navigation": navigation_for(request)}
