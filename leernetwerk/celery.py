"""The Celery app. The beat schedule below is the only place where periodic tasks are defined.

Every periodic task writes a heartbeat (mail/heartbeats.py; /healthz reports a beat that stopped) and
fans out to tasks that take ids, each safe to run twice: beat may start one twice, a worker may die.
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init, task_postrun, task_prerun, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")

app = Celery("leernetwerk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def record_beat_start(**_kwargs):
    """A heartbeat as soon as beat starts, so that /healthz says "never" only when beat never ran (and
    not during the minute before its first task has run)."""
    from mail import heartbeats

    heartbeats.record("beat_started")


@worker_init.connect
def note_database_answers(**_kwargs):
    """Every database connection of the worker notes when it last answered (common/connections.py); the pool's
    processes, forked after this, inherit the receiver."""
    from django.db.backends.signals import connection_created

    from common.connections import note_answers

    connection_created.connect(note_answers, dispatch_uid="common.connections.note_answers")


@task_prerun.connect
def close_old_database_connections(task=None, **_kwargs):
    """Before every task, what Django does before every request: close a connection older than
    CONN_MAX_AGE or broken by an error, and health-check it before its next query unless it answered a
    moment ago (common/connections.py). Celery's own closing around every task is held off by
    CELERY_DB_REUSE_MAX (settings.py). A task run eagerly runs inside its caller's transaction, which must
    stay open."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    from common.connections import skip_check_if_recently_used

    close_old_connections()
    skip_check_if_recently_used()


@task_postrun.connect
def close_database_connections_after_a_task(task=None, state=None, **kwargs):
    """After a task, the same; and after one that did not succeed (failed, retried, replaced, or ended by
    an exception no handler took), its connection goes: the task may have left something in its session
    (an advisory lock its cleanup did not release, say)."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    if state == "SUCCESS":
        close_old_database_connections(task=task, **kwargs)
        return
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


app.conf.beat_schedule = {
    # Sends outbox rows that no task picked up (broker down at commit time, a worker that died,
    # a transient SMTP error whose back-off has passed).
    "sweep-outbox": {
        "task": "mail.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    # Answers password-reset requests whose task never reached the broker.
    "sweep-password-reset-requests": {
        "task": "members.tasks.sweep_password_reset_requests",
        "schedule": 60.0,
    },
    # Reminders whose moment has come, per the rules of each network (meetings/reminders.py).
    "send-due-reminders": {
        "task": "meetings.tasks.send_due_reminders",
        "schedule": 300.0,
    },
    # The day after a held meeting: notes, homework and the evaluation to those who came; the notes
    # request to the facilitator, and its repeat; the evaluation reminder (meetings/follow_ups.py).
    "send-follow-ups": {
        "task": "meetings.tasks.send_follow_ups",
        "schedule": crontab(minute=15),
    },
    # Asks whether networks that intended to continue did, and reminds once (lifecycle/services.py).
    "follow-up-intentions": {
        "task": "lifecycle.tasks.follow_up_intentions",
        "schedule": crontab(hour=9, minute=0),
    },
    # The rollup of the staff dashboards' figures (dashboards/rollups.py); pages read it while it is fresh.
    "refresh-dashboard-figures": {
        "task": "dashboards.tasks.refresh_dashboard_figures",
        "schedule": 15 * 60.0,
    },
    # The weekly digest, Monday morning, to everyone with news waiting (mail/digest.py).
    "send-digests": {
        "task": "mail.tasks.send_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
}
