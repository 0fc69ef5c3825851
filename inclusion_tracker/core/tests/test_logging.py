import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from pythonjsonlogger.json import JsonFormatter

from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.logging import NoPersonalDataFilter
from inclusion_tracker.core.tests.logs import service_handler, service_log

ROOT = Path(__file__).resolve().parents[3]


def test_request_logs_are_structured_and_hold_no_search_words(client_for, officer, caplog):
    ChildFactory(legal_first_name="Zebedee")
    with caplog.at_level(logging.INFO, logger="inclusion_tracker.requests"):
        client_for(officer).get("/children/", {"q": "Zebedee"})
    records = [r for r in caplog.records if r.name == "inclusion_tracker.requests"]
    assert records
    line = JsonFormatter("%(levelname)s %(name)s %(message)s").format(records[-1])
    logged = json.loads(line)
    assert logged["path"] == "/children/"
    assert logged["status"] == 200
    assert logged["user_id"] == officer.pk
    assert "Zebedee" not in line


def test_a_refused_request_is_logged_with_its_status_and_the_user(client_for, school_user_a):
    with service_log() as log:
        response = client_for(school_user_a).get("/users/?q=Zebedee")
    assert response.status_code == 403
    [line] = [e for e in log.entries if e["logger"] == "inclusion_tracker.requests"]
    assert line["method"] == "GET"
    assert line["path"] == "/users/"
    assert line["status"] == 403
    assert line["user_id"] == school_user_a.pk
    assert school_user_a.email not in "\n".join(log.lines)


def test_log_lines_carry_the_time_in_utc_with_its_offset():
    # Noon UTC in British Summer Time: 13:00 on the clocks in the UK (TIME_ZONE).
    record = logging.LogRecord("inclusion_tracker.x", logging.INFO, __file__, 1, "hello", (), None)
    record.created = datetime(2026, 7, 1, 12, 0, 0, 123000, tzinfo=UTC).timestamp()
    record.msecs = 123.0
    formatter = service_handler().formatter
    assert formatter is not None
    entry = json.loads(formatter.format(record))
    assert entry["time"] == "2026-07-01T12:00:00.123+00:00"


def test_the_filter_strips_query_strings_and_the_request_from_django_records():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/children/?q=Jane+Doe",),
        None,
    )
    vars(record)["request"] = object()  # as Django's request logging adds it
    NoPersonalDataFilter().filter(record)
    assert record.getMessage() == "Not Found: /children/"
    assert vars(record)["request"] is None


def test_only_the_services_handler_writes_logs_no_plain_text_or_email_copies():
    # Django's defaults print plain-text tracebacks and access lines (with
    # query strings) in development and e-mail errors to ADMINS: all removed.
    for name in ("django", "django.request", "django.server", "django.db.backends"):
        assert logging.getLogger(name).handlers == []
    handlers = logging.getLogger().handlers
    assert [h.get_name() for h in handlers if h.get_name()] == ["console"]
    assert any(isinstance(f, NoPersonalDataFilter) for f in handlers[0].filters)


def test_a_database_error_is_logged_by_class_and_place_never_its_message(db):
    """The same-UPN race: PostgreSQL's message names the UPN ("DETAIL: Key
    (upn)=(...) already exists."). The log line has the error's class, the
    driver's error that caused it and our frame, and neither the UPN nor a
    traceback."""
    upn = make_upn(417)
    ChildFactory(upn=upn)
    logger = logging.getLogger("inclusion_tracker.children.views")
    with service_log() as log:
        try:
            with transaction.atomic():
                Child.objects.create(
                    upn=upn,
                    legal_first_name="Zebedee",
                    legal_last_name="Quillfeather",
                    date_of_birth=date(2014, 3, 12),
                )
        except IntegrityError as error:
            assert upn in str(error) or "UNIQUE" in str(error)  # PostgreSQL or SQLite
            logger.exception("Could not add the child: %s", error)
    [entry] = log.entries
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Could not add the child: django.db.utils.IntegrityError"
    assert entry["exception"] == "django.db.utils.IntegrityError"
    assert entry["caused_by"] in {"psycopg.errors.UniqueViolation", "sqlite3.IntegrityError"}
    # Our frames, outermost first: this test, then the model's save().
    assert entry["where"][0].startswith("inclusion_tracker/core/tests/test_logging.py:")
    assert entry["where"][0].endswith(
        " in " + test_a_database_error_is_logged_by_class_and_place_never_its_message.__name__
    )
    assert entry["where"][-1].startswith("inclusion_tracker/children/models.py:")
    assert "exc_info" not in entry
    line = log.lines[0]
    for personal in (upn, "Zebedee", "Quillfeather", "2014-03-12"):
        assert personal not in line
    assert "Traceback" not in line and "DETAIL" not in line


def test_an_exceptions_message_is_taken_out_of_the_log_message_too():
    # Django logs a BadRequest as "<its message>: <path>", and signal and
    # on_commit failures with the exception as an argument.
    error = ValueError("Zebedee Quillfeather, born 12/03/2014")
    with service_log() as log:
        logging.getLogger("django.request").error(
            "%s: %s", str(error), "/children/?q=Zebedee", exc_info=error
        )
        logging.getLogger("django.db.backends.base").error(
            "Error calling notify in on_commit() (%s).", error
        )
    first, second = log.entries
    assert first["message"] == "ValueError: /children/"
    assert first["exception"] == "ValueError"
    assert second["message"] == "Error calling notify in on_commit() (ValueError)."
    assert "Zebedee" not in "".join(log.lines)


def test_sql_is_logged_without_its_text_or_parameters(db, django_assert_num_queries):
    ChildFactory(legal_first_name="Zebedee", upn=make_upn(418))
    with service_log(everything=True) as log, django_assert_num_queries(1):
        # django_assert_num_queries turns on Django's SQL logging, as DEBUG=True does.
        list(Child.objects.filter(legal_first_name="Zebedee", upn=make_upn(418)))
    queries = [e for e in log.entries if e["logger"] == "django.db.backends"]
    assert len(queries) == 1
    assert queries[0]["message"].startswith("SQL query (text and parameters left out)")
    assert "sql" not in queries[0] and "params" not in queries[0]
    assert queries[0]["alias"] == "default"
    text = "\n".join(log.lines)
    assert "Zebedee" not in text and make_upn(418) not in text


def test_a_development_server_access_line_keeps_the_path_without_the_query():
    from django.core.servers.basehttp import WSGIRequestHandler

    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)  # no socket needed
    vars(handler)["request"] = None
    with service_log() as log:
        handler.log_message(
            '"%s" %s %s', "GET /nowhere/?q=Zebedee+Quillfeather HTTP/1.1", "404", "179"
        )
    [entry] = log.entries
    assert entry["logger"] == "django.server"
    assert entry["message"] == '"GET /nowhere/ HTTP/1.1" 404 179'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_demo_server_prints_no_query_strings(tmp_path):
    """`make run` serves with runserver: what it prints for requests with a
    child's name in the query string (a search, a page not found)."""
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "LOG_LEVEL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):  # up to 20 seconds to start
            try:
                # bandit B310 reviewed: a fixed http:// address of the server this test runs.
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # nosec B310
                break
            except urllib.error.HTTPError:
                break  # it answered (503: the empty database)
            except OSError:
                time.sleep(0.1)
        for path in ("/children/?q=Zebedee+Quillfeather", "/nowhere/?q=Zebedee+Quillfeather"):
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(base + path, timeout=10)  # nosec B310
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    printed = out + err
    assert '"/nowhere/"' in printed or "/nowhere/" in printed  # the request was logged
    assert "Zebedee" not in printed
    assert "?q=" not in printed


@pytest.mark.parametrize("level", [logging.INFO, logging.WARNING])
def test_our_own_log_lines_are_json(level):
    with service_log() as log:
        logging.getLogger("inclusion_tracker.reminders.tasks").log(level, "Reminder %s sent", 12)
    [entry] = log.entries
    assert entry["message"] == "Reminder 12 sent"
    assert entry["logger"] == "inclusion_tracker.reminders.tasks"


def test_failed_sign_ins_and_a_lockout_are_logged_without_the_email_address(client, officer):
    with service_log() as log:
        for _ in range(6):
            client.post("/sign-in/", {"username": officer.email, "password": "wrong"})
    axes_lines = [line for line in log.lines if '"logger": "axes' in line]
    assert any("Locking out" in line for line in axes_lines)
    assert officer.email not in "\n".join(log.lines)
