"""Logging: nothing personal reaches a log line.

Every record passes `NoPersonalDataFilter` (on the one handler in
settings.LOGGING) before it is written, from our code, Django or a library:

- an exception is logged by its class, the class of the error that caused it
  and the places in our code it passed through (file:line), never by its
  message or a traceback: a database error's message can hold a UPN
  (PostgreSQL's "DETAIL: Key (upn)=(...) already exists."), a mail server's an
  address, and a traceback with values can hold anything;
- that message is taken out of the log message too (Django logs some errors
  as "Bad Request: <message>"), and an exception passed as an argument
  (`logger.error("... %s", error)`) is logged as its class;
- SQL and its parameters (django.db.backends at DEBUG) are left out: only the
  query's duration and the database's alias remain;
- query strings are cut from paths (the development server's access lines,
  "Not Found: /children/?q=..."): they can hold a child's name typed into a
  search;
- the request object Django attaches is dropped (its method is kept).

Each line's `time` is in UTC with its offset (`JsonFormatter`), whatever
TIME_ZONE says: "2026-07-01T12:00:00.123+00:00".
"""

import logging
import re
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from pythonjsonlogger import json as json_logger

# inclusion_tracker/, and the directory it sits in.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_DIR = PACKAGE_DIR.parent

# "?..." after a path ("/children/?q=Jane+Doe" -> "/children/"), up to the next
# space or quote: keeps "HTTP/1.1" in the development server's request line.
QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
# Our frames named in a log line at most (the innermost ones).
MAX_FRAMES = 8
# An exception's message shorter than this is not hunted for in the log
# message: "1" or "x" would match harmless text.
MIN_MESSAGE_LENGTH = 3


class JsonFormatter(json_logger.JsonFormatter):
    """python-json-logger's formatter, with `asctime` in UTC as ISO 8601 with
    its offset, to the millisecond. (The standard one uses local time, here
    Europe/London, with no offset: an hour out in British Summer Time.)"""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{seconds}.{int(record.msecs):03d}+00:00"


class NoPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            if isinstance(getattr(request, "method", None), str):
                record.method = request.method
            record.request = None
        if hasattr(record, "sql"):
            _drop_sql(record)
        if record.exc_info:
            _replace_exception(record)
        record.msg = _clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        return True


def strip_query(text: str) -> str:
    return QUERY_STRING.sub(r"\1", text)


def class_name(error: BaseException) -> str:
    cls = type(error)
    return (
        cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    )


def describe_exception(error: BaseException) -> dict:
    """What a log line may say about an exception: its class, its cause's
    class and where in our code it happened. Never its message."""
    described: dict = {"exception": class_name(error), "where": _where(error.__traceback__)}
    if error.__cause__ is not None:  # raise ... from: a driver's error Django wrapped
        described["caused_by"] = class_name(error.__cause__)
    return described


def _clean(value):
    if isinstance(value, BaseException):
        return class_name(value)
    if isinstance(value, str) and "?" in value:
        return strip_query(value)
    return value


def _drop_sql(record: logging.LogRecord) -> None:
    """A query logged by django.db.backends holds its parameters (already
    put into the SQL text): keep only how long it took and where."""
    duration = getattr(record, "duration", None)
    record.msg = "SQL query (text and parameters left out)"
    if isinstance(duration, float):
        record.msg += f" in {duration:.3f}s"
    record.args = ()
    record.__dict__.pop("sql", None)
    record.__dict__.pop("params", None)


def _replace_exception(record: logging.LogRecord) -> None:
    error = record.exc_info[1] if isinstance(record.exc_info, tuple) else None
    record.exc_info = None
    record.exc_text = None
    if error is None:
        return
    for key, value in describe_exception(error).items():
        setattr(record, key, value)
    # The message itself, wherever it was copied into the log message (Django
    # escapes the arguments of its request log lines).
    message = str(error)
    if len(message) < MIN_MESSAGE_LENGTH:
        return
    copies = {message, message.encode("unicode_escape").decode("ascii")}
    name = class_name(error)

    def without_message(value):
        if isinstance(value, str):
            for copy in copies:
                value = value.replace(copy, name)
        return value

    record.msg = without_message(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(without_message(arg) for arg in record.args)


def _where(traceback: TracebackType | None) -> list[str]:
    """`path:line in function` for each of our frames the exception passed
    through, outermost first; the innermost frame's module if none is ours."""
    ours, last = [], None
    while traceback is not None:
        frame, line = traceback.tb_frame, traceback.tb_lineno
        last = f"{frame.f_globals.get('__name__', '?')}:{line} in {frame.f_code.co_name}"
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(PACKAGE_DIR):
            ours.append(f"{path.relative_to(PROJECT_DIR)}:{line} in {frame.f_code.co_name}")
        traceback = traceback.tb_next
    if ours:
        return ours[-MAX_FRAMES:]
    return [last] if last else []
