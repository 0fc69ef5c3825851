"""Sending requests at the same moment, for the tests of races.

Each request runs in its own thread, so on its own database connection, as
two requests served at once do. The tests using this need real transactions
(`@pytest.mark.django_db(transaction=True)`): what one thread writes must be
committed for the others to see it. On SQLite the test database is a file
for this (see `django_db_modify_db_settings` in the root conftest.py).
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connections

# Long enough for a busy two-core machine; a test only waits this long when
# something is stuck (and then it fails rather than hanging).
WAIT_SECONDS = 60


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread, all released together, and return
    their results in order. An exception in a call (a 500 the test client
    re-raises, say) is raised here."""
    start = threading.Barrier(len(calls))

    def run(call):
        try:
            start.wait(timeout=WAIT_SECONDS)
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result(timeout=WAIT_SECONDS) for future in futures]


class Rendezvous:
    """Holds each thread at one point until every thread has reached it, once
    per thread: `wrap(function)` waits after the function's first call in
    each thread. Used to make the first of two requests wait until the second
    has also passed its checks, so both go on to save."""

    def __init__(self, parties: int):
        self.barrier = threading.Barrier(parties)
        self.seen = threading.local()

    def wrap(self, function):
        def wrapped(*args, **kwargs):
            result = function(*args, **kwargs)
            if not getattr(self.seen, "done", False):
                self.seen.done = True
                self.barrier.wait(timeout=WAIT_SECONDS)
            return result

        return wrapped
