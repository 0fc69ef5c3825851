"""Being written."""

from django.http import Http404


def inbox(request, *args, **kwargs):
    raise Http404


def match(request, *args, **kwargs):
    raise Http404


def link(request, *args, **kwargs):
    raise Http404


def new_child(request, *args, **kwargs):
    raise Http404
