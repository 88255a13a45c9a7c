from datetime import timedelta

import pytest
from celery.signals import beat_init
from django.db import connection
from django.utils import timezone

from leernetwerk.views import _redis_client
from mail import heartbeats
from mail.models import Heartbeat


def test_healthz_reports_database_and_broker(client, db):
    heartbeats.record("sweep_outbox")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "beat": "ok", "mail": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_beat_that_never_ran_is_reported_degraded_but_the_portal_still_serves(client, db):
    # A deploy that forgot to start beat sends no reminders: monitors must see it; load balancers keep
    # sending traffic (200).
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "ok", "beat": "never", "mail": "ok"}


@pytest.mark.expected_error_log  # Django logs every 5xx answer as an error: an unhealthy portal is one
def test_healthz_is_503_when_the_broker_does_not_answer(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "unavailable",
        "beat": "never",
        "mail": "ok",
    }
    _redis_client.cache_clear()


@pytest.mark.expected_error_log
@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_does_not_answer(client):
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["beat"] == "unknown"


def test_healthz_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/account/login/").status_code == 301


# --- Beat -------------------------------------------------------------------------------------------


def test_healthz_says_beat_ok_when_a_periodic_task_ran_lately(client, db):
    heartbeats.record("sweep_outbox")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "beat": "ok", "mail": "ok"}


def test_a_late_beat_is_degraded_but_still_200(client, db):
    """Monitors see "degraded"; load balancers keep sending traffic: pages work without beat."""
    Heartbeat.objects.create(name="sweep_outbox", last_run_at=timezone.now() - timedelta(minutes=16))
    Heartbeat.objects.create(name="send_digests", last_run_at=timezone.now() - timedelta(days=3))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "ok", "beat": "late", "mail": "ok"}


def test_the_newest_heartbeat_counts(client, db):
    Heartbeat.objects.create(name="send_digests", last_run_at=timezone.now() - timedelta(days=3))
    Heartbeat.objects.create(name="sweep_outbox", last_run_at=timezone.now() - timedelta(minutes=14))
    assert client.get("/healthz").json()["beat"] == "ok"


def test_beat_records_a_heartbeat_when_it_starts(client, db):
    """So that "never" means beat never ran, not "started a moment ago" (make run checks /healthz early)."""
    assert heartbeats.beat_status() == "never"
    beat_init.send(sender=None)
    assert Heartbeat.objects.filter(name="beat_started").exists()
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "beat": "ok",
        "mail": "ok",
    }


def test_healthz_stays_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for name in ["sweep_outbox", "send_digests", "send_due_reminders", "beat_started"]:
        heartbeats.record(name)
    # The database answers, the newest heartbeat, mails waiting for the mail server: however many there are.
    with django_assert_max_num_queries(3):
        assert client.get("/healthz").status_code == 200
