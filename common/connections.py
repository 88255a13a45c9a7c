"""Persistent database connections, health-checked only when they have been waiting.

With CONN_HEALTH_CHECKS Django runs "SELECT 1" before the first query of every request (and, through
leernetwerk/celery.py, every task) that reuses a connection. It guards against a connection that died
while it waited (PostgreSQL restarted, an idle timeout, a dropped network path), and costs a round trip
as long as one of a page's own queries: the network page has four. A connection that answered a query
less than RECENTLY_USED_SECONDS ago has not been waiting, so it goes without the check; one that has
not (the replica between two dashboard pages, any connection after a pause) is checked as before.

What is given up: a database restarted within that moment fails the next request on that connection,
as it fails the requests running at that moment anyway. The error marks the connection, and Django
checks it after that request and opens a new one if it is broken.

`note_answers` (on every new connection) records when a query last succeeded on it;
`skip_check_if_recently_used` runs when a request or task starts, after Django's own
`close_old_connections` (which closes a connection past CONN_MAX_AGE or one broken by an error, and asks
for the check). `connect_to_requests()` hooks both up for the web processes; the worker calls
`skip_check_if_recently_used` before each task and hooks up `note_answers` itself.
"""

import time

from django.core.signals import request_started
from django.db import connections
from django.db.backends.signals import connection_created

RECENTLY_USED_SECONDS = 1.0


def _record_answer(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    context["connection"].answered_at = time.monotonic()  # only once the query succeeded
    return result


def note_answers(sender=None, connection=None, **_kwargs):
    """connection_created receiver: from now on, note the moment of each query that succeeds on
    `connection`. Once per connection wrapper, however often it reconnects. First in the list: Django's
    `execute_wrapper()` blocks take the last one off when they end."""
    if _record_answer not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _record_answer)


def skip_check_if_recently_used(**_kwargs):
    """Spare the health check of each open connection that answered less than RECENTLY_USED_SECONDS ago."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        answered_at = getattr(connection, "answered_at", None)
        if connection.connection is not None and answered_at is not None and now - answered_at < RECENTLY_USED_SECONDS:
            connection.health_check_done = True


def connect_to_requests():
    """For the web processes (leernetwerk/wsgi.py). Django's own request_started receiver was connected when
    django.db was first imported, before this, so `close_old_connections` runs first."""
    connection_created.connect(note_answers, dispatch_uid="common.connections.note_answers")
    request_started.connect(skip_check_if_recently_used, dispatch_uid="common.connections.skip_check")
