"""A Celery worker keeps its database connection from one task to the next, under the rules Django applies
around a request (CONN_MAX_AGE, a connection broken by an error): opening one per task cost more than many
of the tasks themselves (leernetwerk/celery.py)."""

import time
import weakref

import pytest
from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun, task_prerun, worker_init
from django.db import connection
from django.db.backends.signals import connection_created

from common import connections as connection_checks
from leernetwerk.celery import app, note_database_answers
from mail.tasks import sweep_outbox

pytestmark = pytest.mark.django_db(transaction=True)


def run_around_a_task(state="SUCCESS", query=False):
    """What a worker does before and after a task: the receivers of its signals (leernetwerk/celery.py, connected
    when it is imported), then Celery's Django fixup (connected when the worker starts); with `query`, the task
    runs one."""
    fixup = DjangoWorkerFixup(app)  # made by every worker process; reads CELERY_DB_REUSE_MAX
    task_prerun.send(sender=sweep_outbox, task_id="1", task=sweep_outbox, args=(), kwargs={})
    fixup.on_task_prerun(sender=sweep_outbox)
    if query:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    task_postrun.send(sender=sweep_outbox, task_id="1", task=sweep_outbox, args=(), kwargs={}, retval=None, state=state)
    fixup.on_task_postrun(sender=sweep_outbox)


def test_a_worker_keeps_a_usable_database_connection_between_tasks():
    connection.ensure_connection()
    before = connection.connection

    run_around_a_task()
    run_around_a_task()

    assert connection.connection is before


@pytest.fixture
def worker_notes_answers():
    """The worker as started: its connections note when they answered (worker_init)."""
    connection.close()
    connection.__dict__.pop("answered_at", None)
    note_database_answers()
    connection.ensure_connection()
    yield
    connection_created.disconnect(dispatch_uid="common.connections.note_answers")
    connection.execute_wrappers.remove(connection_checks._record_answer)
    connection.__dict__.pop("answered_at", None)


def test_the_worker_notes_its_connections_answers_from_its_start():
    connected = [
        receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
        for _key, receiver in worker_init.receivers
    ]
    assert note_database_answers in connected


def test_a_worker_health_checks_its_connection_only_after_a_pause(monkeypatch, worker_notes_answers):
    checks = []
    real_check = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or real_check())
    run_around_a_task(query=True)  # the first task: nothing noted yet
    assert checks == [1]

    for _ in range(3):  # tasks one after another: no "SELECT 1" before each
        run_around_a_task(query=True)
    assert checks == [1]

    connection.answered_at = time.monotonic() - connection_checks.RECENTLY_USED_SECONDS - 0.1  # it waited for work
    run_around_a_task(query=True)
    assert checks == [1, 1]


def test_a_worker_closes_a_connection_older_than_conn_max_age():
    connection.ensure_connection()
    connection.close_at = time.monotonic() - 1

    run_around_a_task()

    assert connection.connection is None


def test_a_worker_closes_a_connection_that_no_longer_answers_after_an_error():
    connection.ensure_connection()
    connection.errors_occurred = True
    connection.connection.close()  # as when PostgreSQL restarted under the worker

    run_around_a_task()

    assert connection.connection is None
    with connection.cursor() as cursor:  # the next task's query opens a new one
        cursor.execute("SELECT 1")


def test_after_a_task_that_failed_the_next_starts_on_a_new_connection():
    connection.ensure_connection()
    with connection.cursor() as cursor:  # as a task whose cleanup never ran would leave it
        cursor.execute("SELECT pg_advisory_lock(4242)")

    run_around_a_task(state="FAILURE")

    assert connection.connection is None  # and the lock with its session
