"""Small helpers shared by the apps' tests."""

import html
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import models, transaction
from django.http import HttpResponse, HttpResponseBase
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


def page_text(response: HttpResponseBase, status: int = 200) -> str:
    """The page's HTML as text, with character references decoded (`&#x27;`
    reads `'`), after checking the page answered `status`.

    A test that asserts only that something is *absent* from a page would
    pass on a 404 or an error page too; reading the page through here makes
    it fail unless the page really loaded. The markup is kept, so a test can
    look for an attribute (`'name="confirm"'`) as well as for words."""
    assert response.status_code == status, (
        f"Expected the page to answer {status}, it answered {response.status_code}"
    )
    assert isinstance(response, HttpResponse), "Not a page: a streamed or file response"
    return html.unescape(response.content.decode())


def heading(page: str) -> str:
    """The words of the page's `<h1>` (tags dropped, spaces collapsed): the
    positive fact that says which page a test is looking at. The test fails
    when the page has no `<h1>`."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert match is not None, "The page has no <h1>"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


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


def url_names(patterns=None, prefix="") -> list[str]:
    """The name of every URL pattern of the service, namespaced
    ("casework:child"): the tests that cover every page list them all."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.extend(url_names(pattern.url_patterns, namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


def data_for_the_module(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture: what `build()` makes, built once inside a
    transaction rolled back when the module's tests end; each test runs in a
    savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
