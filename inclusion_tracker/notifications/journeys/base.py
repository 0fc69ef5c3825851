"""The machinery of a notification journey: GOV.UK question pages, one topic
a page, each saving to the draft, then "check your answers".

A `Journey` is an ordered list of pages for one kind of notification. A
`Page` names its slug, heading, form and which record the form edits (the
notification itself or the kind's detail record), and when it applies. A
`CollectionPage` lets the user add several items (off-site providers,
parents, contact attempts) one at a time, with no JavaScript.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import models

from inclusion_tracker.core.formatting import govuk_date


def always(notification) -> bool:
    return True


class QuestionForm(forms.ModelForm):
    """A question page's form. It is given the notification and the signed-in
    user; `summary_rows` gives the check-your-answers rows."""

    def __init__(self, *args, notification, user, **kwargs):
        self.notification = notification
        self.user = user
        # Row labels for check your answers, where a field's own label would not do.
        self.summary_labels: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def summary_rows(self) -> list[tuple[str, str]]:
        rows = []
        for name, form_field in self.fields.items():
            label = self.summary_labels.get(name) or form_field.label
            rows.append((str(label), display_value(form_field, self.initial.get(name))))
        return rows


def display_value(field: forms.Field, value) -> str:
    if value in (None, "", []):
        return "Not given"
    if isinstance(field, forms.ModelChoiceField):
        queryset = cast("models.QuerySet[Any]", field.queryset)  # always given here
        obj = value if isinstance(value, models.Model) else queryset.filter(pk=value).first()
        return str(obj) if obj else "Not given"
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(choice_pairs(field))
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(field, forms.ChoiceField | forms.TypedChoiceField):
        labels = {str(k): v for k, v in choice_pairs(field)}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return govuk_date(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def choice_pairs(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    """A choice field's choices, which Django keeps as (value, label) pairs."""
    return cast(list[tuple[Any, Any]], field.choices)


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    form_class: type[QuestionForm]
    edits: str = "notification"  # "notification" or "details"
    applies: Callable = always
    caption: str = ""
    intro: str = ""
    template: str = "notifications/question.html"
    stop: bool = False  # a page that explains why the user cannot go on
    is_collection = False

    def instance_for(self, notification):
        return notification if self.edits == "notification" else notification.details

    def form(self, notification, user, data=None):
        return self.form_class(
            data, instance=self.instance_for(notification), notification=notification, user=user
        )

    def summary_rows(self, notification, user) -> list[tuple[str, str]]:
        return self.form(notification, user).summary_rows()


@dataclass(frozen=True)
class CollectionPage(Page):
    """Add items one at a time; the page lists those added so far."""

    items: Callable = field(default=lambda notification: [])
    item_summary: Callable = field(default=str)
    minimum: int = 1
    add_label: str = "Add"
    empty_message: str = "Add at least one"
    template: str = "notifications/collection.html"
    is_collection = True

    def item_form(self, notification, user, data=None):
        return self.form_class(data, notification=notification, user=user)

    def summary_rows(self, notification, user) -> list[tuple[str, str]]:
        items = list(self.items(notification))
        if not items:
            return [(self.title, "None")]
        return [
            (f"{self.title} {number}", self.item_summary(item))
            for number, item in enumerate(items, 1)
        ]


@dataclass(frozen=True)
class Journey:
    kind: str
    title: str
    description: str
    due: str
    pages: tuple[Page, ...]
    create_details: Callable  # makes the empty detail record for a new draft
    check_warnings: Callable = field(default=lambda notification: [])
    submission_errors: Callable = field(default=lambda notification: [])
    what_happens_next: Callable = field(default=lambda notification: [])

    def page(self, slug: str) -> Page | None:
        return next((page for page in self.pages if page.slug == slug), None)

    def pages_for(self, notification) -> list[Page]:
        return [page for page in self.pages if page.applies(notification)]

    def incomplete_pages(self, notification) -> list[Page]:
        done = set(notification.completed_pages)
        return [page for page in self.pages_for(notification) if page.slug not in done]

    def next_page(self, notification, after: str) -> Page | None:
        pages = self.pages_for(notification)
        slugs = [page.slug for page in pages]
        if after not in slugs:
            return pages[0] if pages else None
        following = pages[slugs.index(after) + 1 :]
        return following[0] if following else None

    def previous_page(self, notification, before: str) -> Page | None:
        pages = self.pages_for(notification)
        slugs = [page.slug for page in pages]
        if before not in slugs or slugs.index(before) == 0:
            return None
        return pages[slugs.index(before) - 1]
