"""Filtering a list by establishment, for the FilterSets of list pages."""

import django_filters
from django import forms

from inclusion_tracker.establishments.models import Establishment


class EstablishmentSearchFilter(django_filters.CharFilter):
    """The rows at the establishments found by the words typed: a URN, a DfE
    number (855/2000) or part of a name (`Establishment.objects.search`).
    `field_name` is the rows' establishment field."""

    def __init__(self, field_name: str = "establishment", **kwargs):
        kwargs.setdefault("label", "Establishment")
        kwargs.setdefault("help_text", "Name, URN or DfE number")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "search", "spellcheck": "false"})
        )
        super().__init__(field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        found = Establishment.objects.search(value).values("pk")
        return qs.filter(**{f"{self.field_name}__in": found})
