"""Small helpers shared by the apps' tests."""

import re
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def first_group(pattern: str, text: object, flags: int = 0) -> str:
    """The first group of `pattern`'s first match in `text` (a page, an
    e-mail's body); the test fails when nothing matches."""
    match = re.search(pattern, str(text), flags)
    assert match is not None, f"Nothing matches {pattern!r}"
    return match.group(1)


def first_row(rows: "models.QuerySet[M] | models.Manager[M]") -> M:
    """`rows.first()`, for a row the test has made sure is there; the test
    fails when it is not."""
    row = rows.first()
    assert row is not None, f"No {rows.model.__name__} found"
    return row
