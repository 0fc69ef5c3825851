"""Filtering a list by the child's flags (children/flags.py), for the
FilterSets of list pages."""

from functools import reduce
from operator import and_, or_

import django_filters
from django import forms
from django.db.models import Q

from inclusion_tracker.children.flags import FLAGS, Flag
from inclusion_tracker.core.filters import KnownChoicesField


class FlagsFilter(django_filters.Filter):
    """Checkboxes, one for each flag: the rows with every ticked flag
    (`every=True`) or with any of them. `field_prefix` leads from a row to
    the flags' fields ("child__" from an episode; "" on a notification, which
    keeps its own copy). `lenient=True` drops ticks that are not flags and
    keeps the others; else any such tick is the field's error."""

    field_class = forms.MultipleChoiceField

    def __init__(
        self,
        *,
        every: bool,
        field_prefix: str = "",
        flags: tuple[Flag, ...] = FLAGS,
        lenient: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("label", "Flags")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(choices=[(flag.field, flag.label) for flag in flags], **kwargs)
        self.every = every
        self.field_prefix = field_prefix
        if lenient:
            self.field_class = KnownChoicesField

    def filter(self, qs, value):
        if not value:
            return qs
        ticked = [Q(**{f"{self.field_prefix}{flag}": True}) for flag in value]
        return qs.filter(reduce(and_ if self.every else or_, ticked))
