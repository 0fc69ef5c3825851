"""The filters of the LA's lists of notifications (django-filter), read
leniently: a value that is not one of the choices is ignored, with no error
(links and bookmarks may carry old values)."""

import django_filters

from inclusion_tracker.core.filters import LenientFilterForm, ListFilters, TickedFilter
from inclusion_tracker.establishments.filters import EstablishmentSearchFilter
from inclusion_tracker.notifications.models import Kind, Status


class NotificationFilters(ListFilters):
    """By type and by establishment (name, URN or DfE number)."""

    kind = django_filters.ChoiceFilter(label="Type", choices=Kind.choices, empty_label="Any type")
    establishment = EstablishmentSearchFilter()

    class Meta:
        form = LenientFilterForm


class ReceivedFilters(NotificationFilters):
    """The officers' received list: also by status (a sent one's: never a
    draft) and whether a CME enquiry is needed (`?cme=1`)."""

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[choice for choice in Status.choices if choice[0] != Status.DRAFT],
        empty_label="Any status",
    )
    cme = TickedFilter(
        field_name="needs_cme_enquiry",
        label="Only those needing a children missing education enquiry",
    )
