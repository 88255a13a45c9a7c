"""Fixtures shared by the whole suite: personas, the mail outbox, the real SMTP sink, a real Celery
worker, Chromium. Helpers that tests import (PERSONAS, client_for, body_text, ...) are in tests/helpers.py.

`make test` starts PostgreSQL, Redis and an SMTP sink and exports their addresses; run the suite
through it (or export the same variables) rather than calling pytest bare. Without the sink
(MAIL_SINK_DIR unset) the tests marked `smtp` are skipped and the rest need only PostgreSQL and Redis.
"""

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from leernetwerk.celery import app as celery_app
from mail import outbox
from mail.models import OutgoingMail
from members import services as member_services

from .factories import PASSWORD, MembershipFactory, NetworkFactory, RegionFactory, UserFactory
from .helpers import MailSink

BASE_DIR = Path(__file__).resolve().parent.parent


def _own_redis_database_per_xdist_worker():
    """Each pytest-xdist worker (`make test` runs two) has its own test database, whose rows reuse the same
    pks as the other's; sharing Redis as well would mix their sessions, cached persons (keyed by pk),
    throttles and Celery queues. So worker gwN uses Redis database N + 1; a run without xdist keeps 0.
    Django has read the settings by now but has not connected to Redis yet."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    url = urlsplit(settings.REDIS_URL)._replace(path=f"/{int(worker.removeprefix('gw')) + 1}").geturl()
    os.environ["REDIS_URL"] = url  # for the processes the tests start (the Celery worker)
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CACHES["default"]["LOCATION"] = url
    celery_app.conf.broker_url = url


_own_redis_database_per_xdist_worker()

# Tests that must not run beside another xdist worker: they read the one SMTP sink of `make test` (whose
# Maildir every sending test clears), or start a Celery worker, Chromium or all of `make run`, whose waits
# and timeouts want the machine to themselves. They get the marker `serial`; scripts/test runs them in a
# second pass without xdist. (xdist_group cannot do it: pytest-xdist 3.8 renames node ids in a way pytest 9
# no longer sees, so --dist loadgroup spreads a group over the workers.)
SERIAL = ("smtp", "worker", "browser", "run")


def pytest_configure(config):
    config.addinivalue_line("markers", "expected_error_log: the test provokes an ERROR log line on purpose")


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if any(item.get_closest_marker(name) for name in SERIAL):
            item.add_marker(pytest.mark.serial)
    if os.environ.get("MAIL_SINK_DIR"):
        return
    no_sink = pytest.mark.skip(reason="needs the SMTP sink that `make test` starts (MAIL_SINK_DIR is not set)")
    for item in items:
        if item.get_closest_marker("smtp"):
            item.add_marker(no_sink)


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
def dutch_to_begin_with():
    """Every test starts in the portal's language. Django's LocaleMiddleware leaves the language of the
    last request active in the thread, so a page asked for by someone who reads English would otherwise
    make the next test of the same process (xdist worker) speak English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def page_parts_rendered_afresh():
    """The parts of pages a process keeps (the navigation's, the figures' definitions) are rendered again in
    each test: a test that changes a setting they read must not see the last test's."""
    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def broker_tried_afresh():
    """A test that made the broker fail must not leave the next test's mail to a sweeper that never runs."""
    outbox.forget_broker_failure()
    yield
    outbox.forget_broker_failure()


@pytest.fixture(autouse=True)
def clear_throttles():
    """Failed-login counters live in Redis, which outlives a test; start every test at zero."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match="*throttle:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing a password the production way takes a third of a second; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def mail_backend(request, settings):
    """Mail delivered in a test lands in Django's `mailoutbox` (pytest-django's in-memory backend), so
    most tests need no SMTP server; tests marked `smtp` send over real SMTP to the sink of `make test`."""
    if request.node.get_closest_marker("smtp"):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


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


@pytest.fixture
def everyone(request, network, coordinator, facilitator, member, outsider, regional_coordinator, staff):
    """Every persona of tests.helpers.PERSONAS exists (for tests parametrized over them)."""
    request.getfixturevalue("other_regional_coordinator")


@pytest.fixture
def page_readers(login, network, coordinator, facilitator, member, outsider, staff):
    """{name: client} of everyone who sees a page of `network` differently: each role inside, an outsider,
    staff, a member who reads it in English, and someone who is not logged in; and a second member, who sees
    what `member` sees (so the two share kept parts)."""
    english = MembershipFactory(network=network, user__language="en").user
    return {
        "coordinator": login(coordinator),
        "facilitator": login(facilitator),
        "member": login(member),
        "another member": login(MembershipFactory(network=network).user),
        "member in English": login(english),
        "outsider": login(outsider),
        "staff": login(staff),
        "anonymous": Client(),
    }


# --- Mail -----------------------------------------------------------------------------------------


@pytest.fixture
def mail_sink(request):
    """The messages that reached the SMTP sink of `make test`, for tests marked `smtp`."""
    if not request.node.get_closest_marker("smtp"):
        pytest.fail("a test that reads the SMTP sink is marked @pytest.mark.smtp")
    if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
        pytest.fail("xdist workers would read each other's mail at the one SMTP sink: run smtp tests with -n 0")
    sink = MailSink(os.environ["MAIL_SINK_DIR"])
    sink.clear()
    return sink


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
