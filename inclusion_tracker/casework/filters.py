"""The filters of casework's lists (django-filter): the triage inbox's and
the worklists'."""

import django_filters
from django import forms

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.forms.worklists import UNASSIGNED, staff_choices
from inclusion_tracker.casework.worklists import FILTER_FLAGS, Worklist
from inclusion_tracker.children.filters import FlagsFilter
from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.core.filters import FilterForm, ListFilters
from inclusion_tracker.establishments.filters import EstablishmentSearchFilter
from inclusion_tracker.notifications.filters import NotificationFilters


class TriageFilters(NotificationFilters):
    """The triage inbox: by type, establishment and flags (every flag
    ticked; a tick that is not a flag is ignored)."""

    flag = FlagsFilter(
        every=True, lenient=True, help_text="Show only notifications with every flag you select"
    )


class WorklistFilterForm(FilterForm):
    # The bulk assignment form on the same page has an `owner` field too.
    id_format = "filter-%s"


class WorklistFilters(ListFilters):
    """A worklist's filters: by type (on lists of several kinds), owner (on
    lists of everyone's episodes), establishment and flags (children with any
    of those ticked). A value that is not one of the choices is shown as the
    field's error and ignored."""

    kind = django_filters.ChoiceFilter(
        label="Type", choices=EpisodeKind.choices, empty_label="Any type"
    )
    owner = django_filters.ChoiceFilter(label="Owner", empty_label="Anyone", method="by_owner")
    establishment = EstablishmentSearchFilter(max_length=100, widget=forms.TextInput)
    flags = FlagsFilter(
        every=False,
        field_prefix="child__",
        flags=tuple(flag for flag in FLAGS if flag.field in FILTER_FLAGS),
        help_text="Children with any of these",
    )

    class Meta:
        form = WorklistFilterForm

    def __init__(self, data, queryset, *, worklist: Worklist, staff):
        super().__init__(data, queryset)
        self.filters["owner"].extra["choices"] = [(UNASSIGNED, "Unassigned"), *staff_choices(staff)]
        if not worklist.filter_by_kind:
            del self.filters["kind"]
        if not worklist.filter_by_owner:
            del self.filters["owner"]

    def by_owner(self, queryset, name, value):
        if value == UNASSIGNED:
            return queryset.filter(owner__isnull=True)
        return queryset.filter(owner_id=int(value))
