"""Template helpers for GOV.UK Design System components."""

from django import template

register = template.Library()


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(*forms, page_error=None):
    """The error summary for one or more forms, each error linking to its
    field, plus a page-level error ({"text", "href"}) where a page has one."""
    errors = [page_error] if page_error else []
    for form in forms:
        if not form or not getattr(form, "errors", None):
            continue
        for error in form.non_field_errors():
            errors.append({"text": error, "href": None})
        for field in form:
            for error in field.errors:
                errors.append({"text": error, "href": f"#{field.error_target_id}"})
    return {"errors": errors}
