"""Persistent database connections, health-checked only when they have been waiting.

With CONN_HEALTH_CHECKS Django runs "SELECT 1" before the first query of every request (and, through
leernetwerk/celery.py, every task) that reuses a connection. It guards against a connection that died
while it waited (PostgreSQL restarted, an idle timeout, a dropped network path), and costs a round trip
as long as one of a page's own queries: the network page has four. A connection whose last request or
task ended less than RECENTLY_USED ago has not been waiting, so it goes without the check; after a
pause, the check runs as before.

What is given up: a database restarted within that moment fails the next request on that connection,
as it fails the requests running at that moment anyway. The error marks the connection, and Django
checks it after that request and opens a new one if it is broken.

`mark_used` runs when a request or task ends, `skip_check_if_recently_used` when the next one starts,
after Django's own `close_old_connections` (which closes a connection past CONN_MAX_AGE or one broken by
an error, and asks for the check). `connect_to_requests()` hooks them to Django's request signals; the
worker calls them around each task.
"""

import time

from django.core.signals import request_finished, request_started
from django.db import connections

RECENTLY_USED = 1.0  # seconds


def mark_used(**_kwargs):
    """Note the moment for every connection still open after a request or task."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            connection.last_used_at = now


def skip_check_if_recently_used(**_kwargs):
    """Spare the health check of each open connection last used less than RECENTLY_USED ago."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        used_at = getattr(connection, "last_used_at", None)
        if connection.connection is not None and used_at is not None and now - used_at < RECENTLY_USED:
            connection.health_check_done = True


def connect_to_requests():
    """Around every request (leernetwerk/wsgi.py). Connected after Django's own receivers, so these run
    after its `close_old_connections`."""
    request_started.connect(skip_check_if_recently_used, dispatch_uid="common.connections.skip_check")
    request_finished.connect(mark_used, dispatch_uid="common.connections.mark_used")
