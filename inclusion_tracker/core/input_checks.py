"""Refuse NUL characters in what a browser sends, in one place.

PostgreSQL cannot store or compare a string with a NUL (0x00) character: a
search box, filter or web address carrying one would reach a query and end in
a 500 ("PostgreSQL text fields cannot contain NUL (0x00) bytes"). No one can
type a NUL, so a request with one in its web address, query string, form
fields or uploaded file names gets a 400 page saying what happened, before
any view runs. A cookie with one (a session cookie would reach a query when
the session is loaded) is ignored, as if it had not been sent.

The form fields' own check (Django's CharField refuses NUL) stays behind it;
file contents are checked by the CSV reader (core/csv_files.py).
"""

import logging

from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger("inclusion_tracker.requests")

NUL = "\x00"


def _has_nul(values) -> bool:
    return any(NUL in key or any(NUL in value for value in values.getlist(key)) for key in values)


def nul_in(request) -> str | None:
    """Where the request carries a NUL character, or None."""
    if NUL in request.path:
        return "web address"
    if _has_nul(request.GET):
        return "query string"
    if request.method == "POST":
        if _has_nul(request.POST):
            return "form"
        if any(NUL in upload.name for upload in request.FILES.values()):
            return "file name"
    return None


class NulCharacterMiddleware(MiddlewareMixin):
    """Early in MIDDLEWARE: drops cookies with a NUL before the session reads
    them; refuses the request with a 400 page before the view runs (so the
    page has the usual headers and navigation)."""

    def process_request(self, request):
        if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
            request.COOKIES = {
                key: value
                for key, value in request.COOKIES.items()
                if NUL not in key and NUL not in value
            }
            logger.warning("ignored a cookie with a NUL character")

    def process_view(self, request, view_func, view_args, view_kwargs):
        where = nul_in(request)
        if where is None:
            return None
        logger.warning("refused a NUL character", extra={"where": where})
        return render(request, "400.html", {"where": where}, status=400)
