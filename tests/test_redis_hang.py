"""A Redis that accepts connections but never answers (paused, or a half-open connection) must not
hang a request: every call to it from a request gives up after about a second and the request goes on
without it. The change is committed, the mail waits in the outbox for the sweeper, and login works
with the throttle stepping aside.

The hanging server is a socket in a thread that accepts connections and never replies, which is what
a Redis stopped with SIGSTOP looks like to a client.
"""

import socket
import threading
import time

import pytest
from django.conf import settings
from django.test import Client

from leernetwerk.celery import app as celery_app
from mail.models import OutgoingMail
from networks.mails import NetworkMail
from networks.models import Invitation

pytestmark = pytest.mark.django_db(transaction=True)


class HangingServer:
    """Accepts TCP connections and never sends a byte back."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed by stop()
                return
            self.connections.append(connection)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()
        self.thread.join(5)


def _point_celery_at(url):
    # The Celery app keeps a connection pool and a producer pool for its broker URL; dropping both
    # makes the next publish connect to `url` with the configured transport options.
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def hanging_redis(settings):
    """The cache, the throttle and the Celery broker all point at a Redis that never answers."""
    server = HangingServer()
    original_broker = celery_app.conf.broker_url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    _point_celery_at(server.url)
    yield server
    _point_celery_at(original_broker)
    server.stop()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_every_redis_client_has_short_socket_timeouts():
    cache_options = settings.CACHES["default"]["OPTIONS"]
    assert 0 < cache_options["socket_connect_timeout"] <= 1
    assert 0 < cache_options["socket_timeout"] <= 1
    broker_options = celery_app.conf.broker_transport_options
    assert 0 < broker_options["socket_connect_timeout"] <= 1
    assert 0 < broker_options["socket_timeout"] <= 1
    # One try to publish: each retry would add a timeout to the request, and the sweeper sends later.
    assert celery_app.conf.task_publish_retry is False


def test_form_that_queues_mail_commits_and_redirects_while_redis_hangs(hanging_redis, coordinator, network, caplog):
    client = Client()
    client.force_login(coordinator)

    response, seconds = timed(
        lambda: client.post(f"/networks/{network.slug}/invite/", {"addresses": "nieuw@school.nl", "role": "member"})
    )
    print(f"\ninvitation with a hanging Redis: {seconds:.2f} s")

    assert response.status_code == 302
    assert Invitation.objects.filter(network=network, email="nieuw@school.nl").exists()
    mail = OutgoingMail.objects.get(kind=NetworkMail.INVITATION)
    assert mail.status == OutgoingMail.Status.QUEUED  # the sweeper sends it once Redis answers again
    assert "the sweeper will send them" in caplog.text


def test_a_form_that_queues_many_mails_waits_for_redis_once_not_once_per_mail(
    hanging_redis, coordinator, network, caplog
):
    # Forty invitations once took forty timeouts and ended in gunicorn's worker timeout: a 500 for a change
    # that was committed.
    addresses = "\n".join(f"collega{number}@school.nl" for number in range(40))
    client = Client()
    client.force_login(coordinator)

    response, seconds = timed(
        lambda: client.post(f"/networks/{network.slug}/invite/", {"addresses": addresses, "role": "member"})
    )
    print(f"\n40 invitations with a hanging Redis: {seconds:.2f} s")

    assert response.status_code == 302
    assert OutgoingMail.objects.filter(kind=NetworkMail.INVITATION, status=OutgoingMail.Status.QUEUED).count() == 40
    assert caplog.text.count("not handed to the broker") == 1
    assert caplog.text.count("left for the sweeper") == 39


def test_login_works_while_redis_hangs(hanging_redis, member, password, caplog):
    client = Client()
    response, seconds = timed(lambda: client.post("/account/login/", {"username": member.email, "password": password}))
    print(f"\nlogin with a hanging Redis: {seconds:.2f} s")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    assert "cache unavailable" in caplog.text


@pytest.mark.expected_error_log  # Django logs every 503
def test_health_check_answers_503_while_redis_hangs(hanging_redis, client, settings):
    settings.REDIS_URL = hanging_redis.url
    response, seconds = timed(lambda: client.get("/healthz"))
    print(f"\nhealth check with a hanging Redis: {seconds:.2f} s")
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
