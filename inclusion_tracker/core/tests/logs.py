"""Log lines as the service writes them, for tests: through the handler
settings.LOGGING configures (its JSON formatter and NoPersonalDataFilter),
not pytest's caplog, which would see records before the filter."""

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager


class CapturedLog:
    def __init__(self, stream: io.StringIO):
        self.stream = stream

    @property
    def lines(self) -> list[str]:
        return self.stream.getvalue().splitlines()

    @property
    def entries(self) -> list[dict]:
        """Each line read back as JSON (a line that is not JSON fails here)."""
        return [json.loads(line) for line in self.lines]


def service_handler() -> logging.Handler:
    handlers = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert handlers, "settings.LOGGING's console handler is not on the root logger"
    return handlers[0]


@contextmanager
def service_log(*, everything: bool = False) -> Iterator[CapturedLog]:
    """Capture what the service's handler would write. `everything`: every
    logger at DEBUG (Django's SQL, templates and request lines, libraries'
    detail), whatever the settings say, restored afterwards."""
    console = service_handler()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root = logging.getLogger()
    levels: dict[logging.Logger, int] = {}
    if everything:
        loggers = [root] + [
            logger
            for logger in logging.root.manager.loggerDict.values()
            if isinstance(logger, logging.Logger)
        ]
        for logger in loggers:
            levels[logger] = logger.level
            logger.setLevel(logging.DEBUG)
    # Ours instead of the console's (no second copy on stderr), and first, so
    # that no other handler (pytest's) sees the record before the filter.
    root.removeHandler(console)
    root.handlers.insert(0, handler)
    try:
        yield CapturedLog(stream)
    finally:
        root.removeHandler(handler)
        root.handlers.insert(0, console)
        for logger, level in levels.items():
            logger.setLevel(level)
