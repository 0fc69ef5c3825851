"""Being written."""

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def worklist(request, *args, **kwargs):
    raise Http404
