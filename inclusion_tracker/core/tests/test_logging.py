import json
import logging

from pythonjsonlogger.json import JsonFormatter

from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.logging import NoPersonalDataFilter


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
    record.request = object()
    NoPersonalDataFilter().filter(record)
    assert record.getMessage() == "Not Found: /children/"
    assert record.request is None
