"""Controls docs/security.md relies on that no other test shows: forged
forms, cookie attributes, spoofed proxy headers, HTTP methods; and the page's
own test names."""

import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import first_group, page_text
from inclusion_tracker.core.tests.logs import service_log

ROOT = Path(__file__).resolve().parents[3]

# Forged forms (CSRF)


def test_a_form_sent_without_its_csrf_token_is_refused_changes_nothing_and_is_logged(officer):
    browser = Client(enforce_csrf_checks=True)  # the test client skips the check otherwise
    browser.force_login(officer)
    changes = {"full_name": "Zebedee Quillfeather", "job_title": "Attendance lead"}
    with service_log() as log:
        response = browser.post("/account/?from=Zebedee", changes)
    assert "Your session has expired" in page_text(response, status=403)
    officer.refresh_from_db()
    assert officer.full_name != "Zebedee Quillfeather"
    assert not AuditEvent.objects.filter(action=Action.UPDATE, actor=officer).exists()
    [refusal] = [e for e in log.entries if e["logger"] == "django.security.csrf"]
    assert refusal["level"] == "WARNING"
    assert refusal["message"].startswith("Forbidden (CSRF")
    assert refusal["message"].endswith(": /account/")
    [request_line] = [e for e in log.entries if e["logger"] == "inclusion_tracker.requests"]
    assert request_line["status"] == 403
    assert request_line["user_id"] == officer.pk
    text = "\n".join(log.lines)
    for personal in ("Zebedee", "Attendance lead", officer.email, officer.full_name):
        assert personal not in text
    # The same form with the token from the page is accepted.
    page = page_text(browser.get("/account/"))
    token = first_group(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    accepted = browser.post("/account/", {**changes, "csrfmiddlewaretoken": token})
    assert accepted["Location"] == "/account/"
    officer.refresh_from_db()
    assert officer.full_name == "Zebedee Quillfeather"


# Cookies


def test_the_session_cookie_is_http_only_and_same_site_lax(client, officer):
    response = client.post("/sign-in/", {"username": officer.email, "password": PASSWORD})
    header = response.cookies[settings.SESSION_COOKIE_NAME].output()
    assert "; HttpOnly" in header
    assert "; SameSite=Lax" in header


def test_the_csrf_cookie_is_http_only_and_same_site_lax(client, db):
    response = client.get("/sign-in/")
    header = response.cookies[settings.CSRF_COOKIE_NAME].output()
    assert "; HttpOnly" in header
    assert "; SameSite=Lax" in header


# The client's address


@pytest.mark.parametrize(
    ("proxy_count", "client_address"),
    [
        (None, "10.0.0.2"),  # PROXY_COUNT=0, the default: the header is ignored
        (1, "192.0.2.7"),  # one proxy: the entry it added, not the one the client sent
    ],
)
def test_lockouts_and_audit_events_ignore_a_forwarded_for_address_the_client_made_up(
    client, officer, settings, proxy_count, client_address
):
    settings.AXES_IPWARE_PROXY_COUNT = proxy_count
    # The client claims 198.51.100.66; a proxy in front appends the address it saw.
    request = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.66, 192.0.2.7"}
    client.post("/sign-in/", {"username": officer.email, "password": "wrong"}, **request)
    assert AccessAttempt.objects.get().ip_address == client_address
    assert AuditEvent.objects.get(action=Action.SIGN_IN_FAILED).ip_address == client_address
    client.post("/sign-in/", {"username": officer.email, "password": PASSWORD}, **request)
    assert AuditEvent.objects.get(action=Action.SIGN_IN).ip_address == client_address


# HTTP methods


@pytest.mark.parametrize("method", ["TRACE", "PUT", "PATCH", "DELETE", "CONNECT"])
def test_methods_the_service_does_not_use_are_refused_before_the_database(
    client_for, officer, method, django_assert_num_queries
):
    client = client_for(officer)  # a signed-in session: reading it would be a query
    with service_log() as log, django_assert_num_queries(0):
        response = client.generic(method, "/")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert response.content == b""
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    [line] = [e for e in log.entries if e["logger"] == "inclusion_tracker.requests"]
    assert (line["method"], line["status"]) == (method, 405)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_the_methods_the_service_uses_are_answered(client_for, officer, method):
    assert client_for(officer).generic(method, "/").status_code == 200


# docs/security.md


def test_every_test_the_security_page_names_exists():
    """Each `path::test_name` in docs/security.md is a file with that test in it."""
    text = (ROOT / "docs" / "security.md").read_text()
    named = re.findall(r"`([^`\s]*::[^`\s]*)`", text)
    assert len(named) > 100
    cited = [re.fullmatch(r"(inclusion_tracker/[\w/]+\.py)::(test_\w+)", n) for n in named]
    assert [n for n, c in zip(named, cited, strict=True) if c is None] == []
    missing = [
        f"{path}::{name}"
        for path, name in sorted({c.groups() for c in cited if c is not None})
        if not (ROOT / path).is_file()
        or not re.search(rf"^def {name}\(", (ROOT / path).read_text(), re.MULTILINE)
    ]
    assert missing == []
