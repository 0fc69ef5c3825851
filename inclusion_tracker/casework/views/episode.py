"""Being written."""

from django.http import Http404


def episode_page(request, *args, **kwargs):
    raise Http404


def edit(request, *args, **kwargs):
    raise Http404


def change_status(request, *args, **kwargs):
    raise Http404


def approval(request, *args, **kwargs):
    raise Http404


def add_enquiry(request, *args, **kwargs):
    raise Http404
