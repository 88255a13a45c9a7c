"""A Celery worker keeps its database connection from one task to the next, under the rules Django applies
around a request (CONN_MAX_AGE, a connection broken by an error): opening one per task cost more than many
of the tasks themselves (leernetwerk/celery.py)."""

import time

import pytest
from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun, task_prerun
from django.db import connection

from common.connections import RECENTLY_USED
from leernetwerk.celery import app
from mail.tasks import sweep_outbox

pytestmark = pytest.mark.django_db(transaction=True)


def run_around_a_task(state="SUCCESS", query=False):
    """What a worker does before and after a task: Celery's Django fixup, then the receivers of its signals;
    with `query`, the task runs one."""
    fixup = DjangoWorkerFixup(app)  # made by every worker process; reads CELERY_DB_REUSE_MAX
    fixup.on_task_prerun(sender=sweep_outbox)
    task_prerun.send(sender=sweep_outbox, task_id="1", task=sweep_outbox, args=(), kwargs={})
    if query:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    fixup.on_task_postrun(sender=sweep_outbox)
    task_postrun.send(sender=sweep_outbox, task_id="1", task=sweep_outbox, args=(), kwargs={}, retval=None, state=state)


def test_a_worker_keeps_a_usable_database_connection_between_tasks():
    connection.ensure_connection()
    before = connection.connection

    run_around_a_task()
    run_around_a_task()

    assert connection.connection is before


def test_a_worker_health_checks_its_connection_only_after_a_pause(monkeypatch):
    checks = []
    real_check = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or real_check())
    connection.ensure_connection()
    connection.last_used_at = time.monotonic() - RECENTLY_USED - 0.1  # the worker waited for work
    run_around_a_task(query=True)
    assert checks == [1]

    for _ in range(3):  # tasks one after another: no "SELECT 1" before each
        run_around_a_task(query=True)
    assert checks == [1]

    connection.last_used_at = time.monotonic() - RECENTLY_USED - 0.1  # and again
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
