"""Project-wide views: the health check and the CSRF failure page.

404, 403, 400 and 500 pages are Django's own handlers with our templates (templates/404.html ...).
"""

from functools import lru_cache

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from mail import heartbeats, outbox


@lru_cache(maxsize=1)
def _redis_client(url):
    return redis.Redis.from_url(
        url, socket_connect_timeout=settings.REDIS_TIMEOUT, socket_timeout=settings.REDIS_TIMEOUT
    )


def _database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "unavailable"


def _broker_status():
    try:
        _redis_client(settings.REDIS_URL).ping()
        return "ok"
    except (redis.RedisError, OSError):
        return "unavailable"


def _mail_status():
    try:
        return "waiting" if outbox.waiting_for_the_server() else "ok"
    except DatabaseError:
        return "unknown"


def _beat_status():
    try:
        return heartbeats.beat_status()
    except DatabaseError:
        return "unknown"  # the database check says why


@never_cache
def healthz(request):
    """For load balancers and monitors: can this portal serve, and are its periodic tasks running?

    - 503, status "unavailable": the database or the broker does not answer; nothing works.
    - 200, status "degraded": both answer, but no periodic task has run for 15 minutes (`beat` is
      "late"), or none ever ran ("never": beat records a heartbeat as soon as it starts, see
      leernetwerk/celery.py, so this lasts only when beat was never started): reminders, digests and
      the outbox sweeper do not run. Pages still work, so a load balancer keeps sending traffic; a
      monitor alerts on "degraded". Also degraded: `mail` is "waiting" while mails wait because the mail
      server could not be reached or refused the portal (a wrong password in EMAIL_URL).
    - 200, status "ok": everything answers, and a periodic task ran in the last 15 minutes.
    """
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(state == "ok" for state in checks.values())
    beat = _beat_status() if checks["database"] == "ok" else "unknown"
    mail = _mail_status() if checks["database"] == "ok" else "unknown"
    degraded = beat in ("late", "never") or mail == "waiting"
    status = "unavailable" if not healthy else "degraded" if degraded else "ok"
    return JsonResponse({"status": status, **checks, "beat": beat, "mail": mail}, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
