"""When each periodic task last ran, so that a beat that stopped is noticed (/healthz)."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from .models import Heartbeat

# Beat starts something every minute (the outbox sweeper): fifteen minutes without a heartbeat is a beat
# that stopped, not one that is busy.
LATE_AFTER = timedelta(minutes=15)


def record(name):
    """Say that the periodic task `name` runs now. Side effects: one Heartbeat row (upserted)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now()})


def beat_status():
    """ "ok" when a periodic task ran in the last LATE_AFTER, "late" when the newest heartbeat is older,
    "never" when no periodic task has ever run against this database."""
    newest = Heartbeat.objects.aggregate(newest=Max("last_run_at"))["newest"]
    if newest is None:
        return "never"
    return "ok" if timezone.now() - newest <= LATE_AFTER else "late"
