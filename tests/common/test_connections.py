"""A persistent connection is health-checked before a request only when it has been waiting
(common/connections.py): under load the check's round trip is spared, after a pause it still finds a
connection the database dropped."""

import os
import subprocess
import sys
import time

import psycopg2
import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connections
from django.db.backends.signals import connection_created

from common import connections as connection_checks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def default(monkeypatch):
    """The default connection, opened afresh with the receivers that leernetwerk/wsgi.py connects in every
    web process, and its health checks counted."""
    connection = connections["default"]
    connection.close()
    connection.__dict__.pop("answered_at", None)
    connection_checks.connect_to_requests()
    connection.ensure_connection()
    checks = []
    real_check = connection.is_usable

    def counted_check():
        checks.append(time.monotonic())
        return real_check()

    monkeypatch.setattr(connection, "is_usable", counted_check)
    connection.checks = checks
    yield connection
    request_started.disconnect(dispatch_uid="common.connections.skip_check")
    connection_created.disconnect(dispatch_uid="common.connections.note_answers")
    connection.execute_wrappers.remove(connection_checks._record_answer)
    connection.__dict__.pop("answered_at", None)
    del connection.checks


def a_request(connection, *, query=True):
    """What a WSGI request does to the connection: the signals around it, and the page's query."""
    request_started.send(sender=None)
    if query:
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


def test_a_connection_that_answered_a_moment_ago_is_not_checked_again(default):
    a_request(default)  # nothing noted yet: checked, as before
    assert len(default.checks) == 1
    opened = default.connection

    for _ in range(5):
        a_request(default)

    assert len(default.checks) == 1
    assert default.connection is opened


def test_only_a_query_that_succeeds_counts_as_an_answer(default, monkeypatch):
    monkeypatch.setattr(connection_checks, "RECENTLY_USED_SECONDS", 60)  # however slow the machine is today
    a_request(default)
    answered_at = default.answered_at

    a_request(default, query=False)  # a static file, say: the connection said nothing
    assert default.answered_at == answered_at

    drop_on_the_server(default)
    request_started.send(sender=None)
    with pytest.raises(DatabaseError), default.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert default.answered_at == answered_at
    request_finished.send(sender=None)


def test_a_connection_that_waited_is_checked_and_replaced_when_the_database_dropped_it(default):
    a_request(default)
    opened = default.connection
    default.answered_at = time.monotonic() - connection_checks.RECENTLY_USED_SECONDS - 0.1
    drop_on_the_server(default)
    checked = len(default.checks)

    a_request(default)  # no error reaches the page

    assert len(default.checks) == checked + 1
    assert default.connection is not opened


def test_a_connection_dropped_within_the_moment_fails_one_request_and_the_next_has_a_new_one(default, monkeypatch):
    """The price of sparing the check, as stated in common/connections.py."""
    monkeypatch.setattr(connection_checks, "RECENTLY_USED_SECONDS", 60)  # however slow the machine is today
    a_request(default)
    opened = default.connection
    drop_on_the_server(default)

    request_started.send(sender=None)
    with pytest.raises(DatabaseError), default.cursor() as cursor:
        cursor.execute("SELECT 1")
    request_finished.send(sender=None)  # Django checks a connection that had an error, and closes it

    a_request(default)
    assert default.connection is not opened


def test_every_web_process_spares_the_check_of_a_connection_that_answered_a_moment_ago():
    # In a process of its own, as gunicorn and runserver load it: importing it here would set Django up again.
    wiring = (
        "import leernetwerk.wsgi\n"
        "from django.core.signals import request_started\n"
        "from django.db.backends.signals import connection_created\n"
        "print(request_started.disconnect(dispatch_uid='common.connections.skip_check'),"
        " connection_created.disconnect(dispatch_uid='common.connections.note_answers'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wiring],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "leernetwerk.settings"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
