"""The administrators' user list filters (django-filter), read leniently: a
value that is not one of the choices is ignored, with no error."""

import django_filters
from django import forms

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.core.filters import LenientFilterForm, ListFilters

ACTIVE, INACTIVE, EVERYONE = "active", "inactive", "all"


class UserFilters(ListFilters):
    """By name or e-mail address, role and status: active users unless
    `?status=` says otherwise."""

    q = django_filters.CharFilter(
        label="Name or email address",
        method="by_name_or_email",
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    role = django_filters.ChoiceFilter(
        label="Role", choices=Role.choices, empty_label="Any role", method="by_role"
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(ACTIVE, "Active"), (INACTIVE, "Deactivated"), (EVERYONE, "All")],
        empty_label=None,
        method="by_status",
    )

    class Meta:
        form = LenientFilterForm

    def __init__(self, data, queryset):
        if "status" not in data:
            data = data.copy()
            data["status"] = ACTIVE
        super().__init__(data, queryset)

    def by_name_or_email(self, queryset, name, value):
        return queryset.filter(email__icontains=value) | queryset.filter(full_name__icontains=value)

    def by_role(self, queryset, name, value):
        return queryset.with_role(value)

    def by_status(self, queryset, name, value):
        if value == EVERYONE:
            return queryset
        return queryset.filter(is_active=value == ACTIVE)
