"""One way through a list page of children's data: filter, order, take a
page, audit the view, render.

Every list that shows children's data writes an audit event for each page
seen ("Listed notifications to triage, page 2"). `render_list` does the
five steps in that order, so each list view says only what is particular
to it: its rows, filters, order, template and the words of its audit event.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.pagination import PAGE_SIZE, page_of


def render_list(
    request,
    template: str,
    items,
    *,
    listed: str,
    filters: type | None = None,
    order_by: Sequence[str] = (),
    row: Callable[[Any], Any] | None = None,
    context: dict | None = None,
    per_page: int = PAGE_SIZE,
) -> HttpResponse:
    """Render `template` with a page of `items` (a QuerySet):

    1. filtered by `filters`, a FilterSet class (core/filters.py) reading the
       query string; the template gets it as `filters` (its form, `.chosen`);
    2. ordered by `order_by` (QuerySet order_by fields), when given;
    3. the page `?page=` asks for, `per_page` rows: the template's `page`;
    4. audited: a view event "Listed <listed>, page <n>";
    5. rendered with `context`, and `rows`: `row(item)` for each item on the
       page, when the template needs more than the item itself.
    """
    filterset = filters(request.GET, queryset=items) if filters is not None else None
    if filterset is not None:
        items = filterset.qs
    if order_by:
        items = items.order_by(*order_by)
    page = page_of(request, items, per_page)
    AuditEvent.objects.record(
        request, action=Action.VIEW, summary=f"Listed {listed}, page {page.number}"
    )
    values: dict[str, Any] = {"page": page, **(context or {})}
    if filterset is not None:
        values["filters"] = filterset
    if row is not None:
        values["rows"] = [row(item) for item in page]
    return render(request, template, values)
