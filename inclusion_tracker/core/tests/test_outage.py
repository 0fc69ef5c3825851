"""When the database is down: the service's own "Sorry, there is a problem
with the service" page (503) with the security headers, made without the
database, and one JSON log line per failure."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.core.tests.logs import service_log

# What psycopg says when the server is gone: an address and an account name,
# which must not reach the log either.
DOWN = (
    'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
    'FATAL: password authentication failed for user "inclusion"'
)


@pytest.fixture
def browser(officer):
    """A signed-in officer's browser; it gets error pages, not exceptions."""
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    client.get("/")  # the session is in use before the database goes
    return client


def database_down(error=OperationalError):
    """The database cannot be reached: every new use of it fails."""
    return mock.patch.object(connection, "ensure_connection", side_effect=error(DOWN))


def assert_outage_page(response):
    content = page_text(response, status=503)
    assert "<title>Sorry, there is a problem with the service – Inclusion Tracker" in content
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in content
    assert "Try again later." in content
    assert "What you entered on the page you were on may not have been saved." in content
    assert "phone 0116 305 2071" in content
    # No navigation or sign-out button: those need the user, from the database.
    assert "Sign out" not in content


def assert_security_headers(response):
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_signed_in_user_gets_the_outage_page_when_the_database_is_down(browser):
    with database_down():
        response = browser.get("/children/", {"q": "Zebedee"})
    assert_outage_page(response)
    assert_security_headers(response)


def test_an_anonymous_visitor_gets_the_outage_page_too(db):
    with database_down():
        response = Client(raise_request_exception=False).get("/sign-in/")
    assert_outage_page(response)
    assert_security_headers(response)


def test_a_closed_connection_is_an_outage_too(browser):
    with database_down(InterfaceError):
        response = browser.post("/children/add/", {"legal_first_name": "Zebedee"})
    assert_outage_page(response)


def test_an_outage_is_one_json_log_line_with_no_traceback_or_message(browser):
    with service_log() as log, database_down():
        browser.get("/children/", {"q": "Zebedee"})
    [entry] = log.entries  # one line: no request line, no second failure
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Service Unavailable: /children/"
    assert entry["method"] == "GET"
    assert entry["status_code"] == 503
    assert entry["exception"] == "django.db.utils.OperationalError"
    assert entry["where"] == [
        f"inclusion_tracker/core/middleware.py:{_line('with connection.cursor():')} in __call__"
    ]
    [line] = log.lines
    for leak in ("Traceback", "10.0.0.5", 'inclusion\\"', "password", "Zebedee", "?q="):
        assert leak not in line


def test_the_database_failing_during_a_page_gives_the_outage_page_and_one_line(browser):
    """Up when the request starts, gone when the page reads a child."""
    ChildFactory(legal_first_name="Zebedee")
    execute = CursorWrapper.execute

    def fail_on_children(self, sql, params=None):
        if "children_child" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(self, sql, params)

    with service_log() as log, mock.patch.object(CursorWrapper, "execute", fail_on_children):
        response = browser.get("/children/", {"q": "Zebedee"})
    assert_outage_page(response)
    assert_security_headers(response)
    [entry] = log.entries
    assert entry["status_code"] == 503
    assert entry["exception"] == "django.db.utils.OperationalError"
    assert any(place.startswith("inclusion_tracker/children/views.py:") for place in entry["where"])


def test_a_bug_gets_the_same_page_as_a_500_logged_by_class(browser):
    with (
        service_log() as log,
        mock.patch(
            "inclusion_tracker.children.views.render",
            side_effect=ValueError("Zebedee Quillfeather"),
        ),
    ):
        response = browser.get("/children/")
    assert "Sorry, there is a problem with the service" in page_text(response, status=500)
    assert_security_headers(response)
    [entry] = log.entries
    assert entry["message"] == "Internal Server Error: /children/"
    assert entry["exception"] == "ValueError"
    assert "Zebedee" not in log.lines[0]


def test_healthz_still_answers_503_in_json_when_the_database_is_down(db):
    with database_down():
        response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}


def _line(text: str) -> int:
    from inclusion_tracker.core import middleware

    with open(middleware.__file__) as source:
        for number, line in enumerate(source, start=1):
            if text in line:
                return number
    raise AssertionError(text)
