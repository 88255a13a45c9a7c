"""A persistent connection is health-checked before a request only when it has been waiting
(common/connections.py): under load the check's round trip is spared, after a pause it still finds a
connection the database dropped."""

import importlib
import time

import psycopg2
import pytest
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connections

from common import connections as connection_checks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def default(monkeypatch):
    """The default connection, open, with its health checks counted, and the receivers that
    leernetwerk/wsgi.py connects in every web process."""
    connection = connections["default"]
    connection.ensure_connection()
    checks = []
    real_check = connection.is_usable

    def counted_check():
        checks.append(time.monotonic())
        return real_check()

    monkeypatch.setattr(connection, "is_usable", counted_check)
    connection.checks = checks
    connection_checks.connect_to_requests()
    yield connection
    request_started.disconnect(dispatch_uid="common.connections.skip_check")
    request_finished.disconnect(dispatch_uid="common.connections.mark_used")
    del connection.checks


def a_request(connection):
    """What a WSGI request does to the connection: the signals around it, and the page's query."""
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    request_finished.send(sender=None)


def drop_on_the_server(connection):
    """As PostgreSQL restarting, or an idle timeout, does: the server ends the session."""
    pid = connection.connection.info.backend_pid
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def test_a_connection_that_served_a_request_a_moment_ago_is_not_checked_again(default):
    a_request(default)  # the first request after the connection was opened is checked, as before
    checked = len(default.checks)
    opened = default.connection

    for _ in range(5):
        a_request(default)

    assert len(default.checks) == checked
    assert default.connection is opened


def test_a_connection_that_waited_is_checked_and_replaced_when_the_database_dropped_it(default):
    a_request(default)
    opened = default.connection
    default.last_used_at = time.monotonic() - connection_checks.RECENTLY_USED - 0.1
    drop_on_the_server(default)
    checked = len(default.checks)

    a_request(default)  # no error reaches the page

    assert len(default.checks) == checked + 1
    assert default.connection is not opened


def test_a_connection_dropped_within_the_moment_fails_one_request_and_the_next_has_a_new_one(default):
    """The price of sparing the check, as stated in common/connections.py."""
    a_request(default)
    opened = default.connection
    drop_on_the_server(default)

    request_started.send(sender=None)
    with pytest.raises(DatabaseError), default.cursor() as cursor:
        cursor.execute("SELECT 1")
    request_finished.send(sender=None)  # Django checks a connection that had an error, and closes it

    a_request(default)
    assert default.connection is not opened


def test_every_web_process_spares_the_check_of_a_connection_used_a_moment_ago():
    import leernetwerk.wsgi  # what gunicorn and runserver load

    importlib.reload(leernetwerk.wsgi)  # run as in a new process, whatever an earlier test did
    # disconnect() answers whether the receiver was connected (and leaves the test process as it was).
    assert request_started.disconnect(dispatch_uid="common.connections.skip_check")
    assert request_finished.disconnect(dispatch_uid="common.connections.mark_used")
