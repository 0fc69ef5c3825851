"""Being written."""

from django.http import Http404


def child_page(request, *args, **kwargs):
    raise Http404


def edit_child(request, *args, **kwargs):
    raise Http404


def add_note(request, *args, **kwargs):
    raise Http404
