"""Being written."""

from django.http import Http404


def choose(request, *args, **kwargs):
    raise Http404


def confirm(request, *args, **kwargs):
    raise Http404


def merge_list(request, *args, **kwargs):
    raise Http404


def merge_detail(request, *args, **kwargs):
    raise Http404
