"""Building blocks for the filters on list pages (django-filter FilterSets).

A FilterSet reads the query string into a form (rendered by the GOV.UK form
renderer like any form) and filters a QuerySet with what is valid. By
default a value that does not clean (not one of the choices, too long) is
shown as an error beside its field and not used. Lists whose filters are
read leniently, because links and old bookmarks may carry values that are
no longer choices, use `LenientFilterForm`: the value is ignored as if it
was not given, and no error is shown.
"""

import django_filters
from django import forms


class ListFilters(django_filters.FilterSet):
    """The filters of a list page: `FilterSet(request.GET, queryset=...)`;
    `.qs` is the filtered list, `.form` the form to show."""

    @property
    def chosen(self) -> dict:
        """The filters chosen that are valid, by name in the form's order
        (empty when the list is not filtered)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()  # cleans the form once: cleaned_data has the valid fields
        return {name: value for name, value in self.form.cleaned_data.items() if value}


class FilterForm(forms.Form):
    """A FilterSet's form (`Meta.form`): each field's id is the query
    string's name (id="kind" for ?kind=), or `id_format` with the name
    (`filter-%s` where another form on the page has a field of that name)."""

    id_format = "%s"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)


class LenientFilterForm(FilterForm):
    """A FilterSet's form that ignores what does not clean, silently: the
    list is filtered by the other fields, and the page shows no error."""

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            self.errors.clear()


class KnownChoicesField(forms.MultipleChoiceField):
    """Several choices, keeping those that are among the choices and
    dropping any other value (instead of refusing them all)."""

    def clean(self, value):
        return super().clean([item for item in self.to_python(value) if self.valid_value(item)])


class TickedWhenOne(forms.CheckboxInput):
    """A single checkbox sent as `name=1`: ticked only when the query string
    says exactly 1, as the page's own links write it."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"value": "1", **(attrs or {})})

    def value_from_datadict(self, data, files, name) -> bool:
        return data.get(name) == "1"


class TickedFilter(django_filters.Filter):
    """A checkbox that narrows the list to the rows whose boolean field
    (`field_name`) is true when ticked, and leaves it whole when not."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", TickedWhenOne)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{self.field_name: True}) if value else qs
