"""Reads that may go to a read replica (DATABASE_REPLICA_URL): only the dashboards and their exports,
which show aggregates where a second or two of replication lag does not matter. Everything else, and all
writes, stay on the primary, so that nobody misses their own change.

A view opts in with `with replica.reads():` (or `@reads_from_replica`), after it has checked who may
see what on the primary; the router sends the reads inside to the "replica" database when one is
configured, and to "default" otherwise.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

_on_replica = ContextVar("reads_from_replica", default=False)

REPLICA = "replica"


def replica_configured():
    return REPLICA in settings.DATABASES


@contextmanager
def reads():
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def reads_from_replica(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        with reads():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _on_replica.get() and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
