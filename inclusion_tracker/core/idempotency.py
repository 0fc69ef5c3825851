"""One-time form tokens: posting the same form twice creates one record.

A form that creates something carries a hidden `form_token` (a random UUID
made when the page is shown). The record it creates stores the token in a
unique column, so a second post of the same form (a double click without
JavaScript, going back and sending again, a retry after a slow response)
finds the first record instead of creating another.
"""

import uuid

from django.db import IntegrityError, transaction


def new_token() -> str:
    return str(uuid.uuid4())


def token_from(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None


def page_token(request) -> str:
    """The token to put in the page: the posted one when re-showing a form with errors."""
    token = token_from(request) if request.method == "POST" else None
    return str(token) if token else new_token()


def create_once(model, token, create):
    """Run `create()` unless a `model` row already has this token; return
    (row, created). `create` must set the row's form_token to `token`."""
    if token is not None:
        existing = model.objects.filter(form_token=token).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = model.objects.filter(form_token=token).first() if token is not None else None
        if existing is None:
            raise
        return existing, False
