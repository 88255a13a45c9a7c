"""The Celery app. The beat schedule below is the only place where periodic tasks are defined."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")

app = Celery("leernetwerk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Sends outbox rows that no task picked up (broker down at commit time, a worker that died,
    # a transient SMTP error whose back-off has passed).
    "sweep-outbox": {
        "task": "members.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    # Answers password-reset requests whose task never reached the broker.
    "sweep-password-reset-requests": {
        "task": "members.tasks.sweep_password_reset_requests",
        "schedule": 60.0,
    },
    # Asks whether networks that intended to continue did, and reminds once (lifecycle/services.py).
    "follow-up-intentions": {
        "task": "lifecycle.tasks.follow_up_intentions",
        "schedule": crontab(hour=9, minute=0),
    },
}
