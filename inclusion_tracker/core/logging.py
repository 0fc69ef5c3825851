"""Logging helpers: nothing personal reaches the application logs."""

import logging


class NoPersonalDataFilter(logging.Filter):
    """Drops the request object and query strings that Django attaches to
    log records, so names or dates typed into a search never reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if isinstance(record.args, tuple):
            record.args = tuple(_strip_query(arg) for arg in record.args)
        record.msg = _strip_query(record.msg)
        return True


def _strip_query(value):
    if isinstance(value, str) and "?" in value:
        return value.split("?", 1)[0]
    return value
