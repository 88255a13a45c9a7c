"""Fixtures shared by the whole suite: personas, the real SMTP sink, a real Celery worker, Chromium.

`make test` starts PostgreSQL, Redis and an SMTP sink and exports their addresses; run the suite
through it (or export the same variables) rather than calling pytest bare.
"""

import email
import email.policy
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.test import Client

from members import outbox
from members import services as member_services
from members.models import OutgoingMail

from .factories import PASSWORD, MembershipFactory, NetworkFactory, RegionFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    config.addinivalue_line("markers", "expected_error_log: the test provokes an ERROR log line on purpose")


# --- Logs -----------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fail_on_error_log(request, caplog):
    """A test that makes the portal log an error fails, unless it says it expects one."""
    yield
    if request.node.get_closest_marker("expected_error_log"):
        return
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, "unexpected ERROR log: " + "; ".join(r.getMessage() for r in errors)


@pytest.fixture(autouse=True)
def clear_throttles():
    """Failed-login counters live in Redis, which outlives a test; start every test at zero."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match="*throttle:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def test_settings(settings):
    # pytest-django swaps in Django's in-memory mail backend; we send to the real SMTP sink.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    # Hashing a password the production way takes a third of a second; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Personas -------------------------------------------------------------------------------------


@pytest.fixture
def region(db):
    return RegionFactory(name="Noordwest", slug="noordwest")


@pytest.fixture
def network(region):
    return NetworkFactory(name="Strategisch HRM Noordwest", slug="strategisch-hrm-noordwest", region=region)


@pytest.fixture
def coordinator(network):
    return MembershipFactory(network=network, role="coordinator", school=None, user__full_name="Anouk de Vries").user


@pytest.fixture
def facilitator(network):
    return MembershipFactory(network=network, role="facilitator", school=None, user__full_name="Pieter Jansen").user


@pytest.fixture
def member(network):
    """A participant of `network`, representing a school of its region."""
    return MembershipFactory(
        network=network, user__full_name="Marieke Smit", user__email="marieke@school.example.nl"
    ).user


@pytest.fixture
def outsider(db):
    """A member of another network in another region."""
    return MembershipFactory(network__region=RegionFactory(name="Zuid", slug="zuid"), user__full_name="Kees Bos").user


@pytest.fixture
def regional_coordinator(region):
    user = UserFactory(full_name="Henk Mulder")
    region.coordinators.add(user)
    return user


@pytest.fixture
def other_regional_coordinator(db):
    user = UserFactory(full_name="Ingrid Peters")
    RegionFactory(name="Oost", slug="oost").coordinators.add(user)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(full_name="Johan Bakker", is_association_staff=True)


@pytest.fixture
def admin(db):
    return UserFactory(full_name="Beheerder", email="beheer@vo-raad.example.nl", is_staff=True, is_superuser=True)


@pytest.fixture
def login(db):
    """login(user) -> a test client logged in as that user."""

    def _login(user, **client_kwargs):
        client = Client(**client_kwargs)
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


# Every persona a view is tested for; "anonymous" is nobody logged in.
PERSONAS = [
    "coordinator",
    "facilitator",
    "member",
    "outsider",
    "regional_coordinator",
    "other_regional_coordinator",
    "staff",
    "anonymous",
]


def client_for(request, persona):
    """A test client logged in as the persona fixture of that name (or nobody)."""
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


# --- Mail -----------------------------------------------------------------------------------------


class MailSink:
    """The Maildir that the SMTP sink of `make test` writes every received message into."""

    def __init__(self, path):
        self.path = Path(path)

    def clear(self):
        for folder in ("new", "cur", "tmp"):
            for file in (self.path / folder).glob("*"):
                file.unlink()

    def messages(self):
        files = sorted((self.path / "new").glob("*"), key=lambda f: f.stat().st_mtime_ns)
        return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]

    def wait_for(self, count=1, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.messages()
            if len(messages) >= count:
                return messages
            time.sleep(0.1)
        raise AssertionError(
            f"expected {count} mail(s) at the SMTP sink within {timeout} s, got {len(self.messages())}"
        )


@pytest.fixture
def mail_sink():
    path = os.environ.get("MAIL_SINK_DIR")
    if not path:
        pytest.fail("MAIL_SINK_DIR is not set: run the suite with `make test`, which starts the SMTP sink.")
    sink = MailSink(path)
    sink.clear()
    return sink


def body_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def send_queued_mail():
    """Deliver every queued outbox row now, as a worker would; returns how many were due.

    Password-reset requests are answered first: a worker turns them into outbox rows."""

    def _send():
        for request_id in member_services.pending_password_reset_requests():
            member_services.answer_password_reset_request(request_id=request_id)
        ids = list(OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).values_list("pk", flat=True))
        for mail_id in ids:
            outbox.deliver(mail_id)
        return len(ids)

    return _send


# --- A real Celery worker -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A `celery worker` process on the test Redis and the test database, for the whole session."""
    from leernetwerk.celery import app

    database = settings.DATABASES["default"]
    database_url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    app.control.purge()  # tasks published by earlier tests point at rows that are gone
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "leernetwerk",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname=test-worker@%h",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    ready = threading.Event()

    def read_output():
        for line in worker.stdout:
            output.append(line)
            if " ready." in line:
                ready.set()

    threading.Thread(target=read_output, daemon=True).start()
    if not ready.wait(60):
        worker.kill()
        pytest.fail("the Celery worker did not start:\n" + "".join(output))
    yield worker
    worker.terminate()
    try:
        worker.wait(20)
    except subprocess.TimeoutExpired:
        worker.kill()


# --- Chromium through Playwright ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser; without the networking flags it keeps
    # trying hosts that this network refuses.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}
