"""Sessions and the person behind them come from Redis, so a page costs no session or person query; the
database stays the truth, so logout ends a session everywhere, a change to the person shows on the next
page, and a Redis that is down only makes pages slower, never broken."""

import socket

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PASSWORD


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": location, "OPTIONS": {"socket_connect_timeout": 0.2}},
    }


def _log_in(member):
    client = Client()
    response = client.post("/account/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_logged_in_page_reads_no_session_row(member):
    client = _log_in(member)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    assert not [q for q in captured if "django_session" in q["sql"]]


def test_old_session_cookie_is_refused_after_logout(member):
    client = _log_in(member)
    cookie = client.cookies["sessionid"].value
    assert client.post("/account/logout/").status_code == 302

    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = replay.get("/account/profile/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_logged_in_page_works_with_redis_down(member, redis_down):
    client = _log_in(member)
    assert client.get("/").status_code == 200
    assert client.get("/account/profile/").status_code == 200
    assert client.post("/account/logout/").status_code == 302
    assert client.get("/account/profile/").status_code == 302


def test_session_lost_from_redis_is_read_from_the_database(member):
    client = _log_in(member)
    assert client.get("/account/profile/").status_code == 200
    # The cached copy is gone, as when Redis restarts empty: the database row still holds the session.
    cache.delete(KEY_PREFIX + client.cookies["sessionid"].value)
    assert client.get("/account/profile/").status_code == 200


def _person_lookups(captured, person):
    lookup = f'FROM "members_user" WHERE "members_user"."id" = {person.pk} LIMIT'
    return [q for q in captured if lookup in q["sql"]]


def test_logged_in_page_reads_no_person_row(member):
    client = _log_in(member)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    assert not _person_lookups(captured, member)


def test_deactivated_person_is_logged_out_on_the_next_page(member):
    client = _log_in(member)
    assert client.get("/account/profile/").status_code == 200
    member.is_active = False
    member.save()
    response = client.get("/account/profile/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_new_password_ends_the_other_sessions(member):
    elsewhere = _log_in(member)
    assert elsewhere.get("/account/profile/").status_code == 200
    member.set_password("een-heel-ander-wachtwoord-2026")
    member.save()
    assert elsewhere.get("/account/profile/").status_code == 302


def test_changed_language_shows_on_the_next_page(member):
    client = _log_in(member)
    assert b'lang="nl"' in client.get("/").content
    member.language = "en"
    member.save()
    assert b'lang="en"' in client.get("/").content


def test_person_read_from_the_database_when_redis_is_down(member, redis_down):
    client = _log_in(member)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/account/profile/").status_code == 200
    assert _person_lookups(captured, member)
