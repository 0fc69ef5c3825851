"""Template helpers for the removal-from-roll journey."""

from django import template

register = template.Library()


@register.simple_tag
def new_school_search(form, query):
    """Search establishments for the new-school page's radios. The search is a
    GET request (`?q=`) to the question page, so it needs no JavaScript; the
    view hands the form only the POST data, so the template asks it here."""
    return form.search(query or "")
