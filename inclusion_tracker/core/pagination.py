"""Pagination for every list page: 50 rows a page unless the list says
otherwise, the page chosen by `?page=` (the template
`includes/pagination.html` writes the links)."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, items, per_page: int = PAGE_SIZE) -> Page:
    """The page of `items` that `?page=` asks for: the last page for a number
    past the end, the first for anything that is not a number."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
