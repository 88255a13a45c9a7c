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


@never_cache
def healthz(request):
    """200 when the database and the broker answer, 503 otherwise; for load balancers and monitors."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
