"""Logs keep no secret address: gunicorn's access log (as `make run` writes it) and Django's own log."""

import io
import logging
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from gunicorn.config import Config

from leernetwerk.gunicorn_logging import RedactingLogger
from leernetwerk.secret_paths import REDACTED, RedactSecretPaths, redact_secret_paths
from lifecycle import links as lifecycle_links
from meetings import services as meeting_services
from networks import services as network_services
from tests.factories import UserFactory


@pytest.fixture
def secret_paths(network, coordinator, member):
    """(path, its secret) for each kind of address that acts for someone or reads their calendar."""
    invitation = network.invitations.create(email="nieuw@school.nl", invited_by=coordinator)
    answer_token = meeting_services.rsvp_token(SimpleNamespace(pk=12), member)
    reset_token = default_token_generator.make_token(member)
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    return [
        (reverse("members:password_reset_confirm", kwargs={"uidb64": uid, "token": reset_token}), reset_token),
        (reverse("networks:invitation", kwargs={"token": network_services.invitation_token(invitation)}), None),
        (reverse("meetings:rsvp_link", kwargs={"token": answer_token, "answer": "yes"}), answer_token),
        (reverse("meetings:feed", kwargs={"token": member.calendar_token}), member.calendar_token),
        (
            lifecycle_links.view_path(membership=41, choice="continue"),
            lifecycle_links.view_path(membership=41, choice="continue").split("/")[3],
        ),
        (lifecycle_links.follow_up_path(membership=41), None),
    ]


def secret_of(path, secret):
    return secret or path.rstrip("/").rsplit("/", 1)[1]


def test_redaction_removes_the_secret_of_every_kind_of_address(secret_paths):
    for path, secret in secret_paths:
        secret = secret_of(path, secret)
        for text in [
            f"GET {path} HTTP/1.1",
            f"http://127.0.0.1:8000{path}",
            f"GET /account/login/?next={quote(path, safe='')} HTTP/1.1",
            f"GET /account/login/?next={quote(path, safe='').lower()} HTTP/1.1",
        ]:
            redacted = redact_secret_paths(text)
            assert secret not in redacted and quote(secret, safe="") not in redacted, text
            assert REDACTED in redacted


@pytest.mark.parametrize(
    "path",
    [
        "/account/password-reset/",
        "/account/password-reset/sent/",
        "/account/password-reset/done/",
        "/networks/hrm/invitations/12/resend/",
        "/meetings/12/answer/",
        "/meetings/12/calendar.ics",
        "/account/calendar/reset/",
        "/networks/hrm/?q=calendar",
    ],
)
def test_redaction_leaves_other_addresses_alone(path):
    assert redact_secret_paths(f"GET {path} HTTP/1.1") == f"GET {path} HTTP/1.1"


def test_the_access_log_of_make_run_holds_no_secret(secret_paths, tmp_path):
    access_log = tmp_path / "access.log"
    config = Config()
    config.set("accesslog", str(access_log))
    config.set("logger_class", "leernetwerk.gunicorn_logging.RedactingLogger")
    logger = config.logger_class(config)
    assert isinstance(logger, RedactingLogger)
    for path, _secret in secret_paths:
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            # A page opened from the link loads its CSS with the link as Referer.
            "HTTP_REFERER": f"http://127.0.0.1:8000{path}",
        }
        request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
        response = SimpleNamespace(status="200 OK", sent=512, headers=[("Location", f"/account/login/?next={path}")])
        logger.access(response, request, environ, timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()
    written = access_log.read_text()
    assert written.count("\n") == len(secret_paths)
    for path, secret in secret_paths:
        assert secret_of(path, secret) not in written
    assert written.count(REDACTED) >= 2 * len(secret_paths)  # request line and Referer


def test_django_logs_a_404_on_a_feed_address_without_its_token(client, db):
    """Django logs "Not Found: <path>" at WARNING; the console handler of LOGGING redacts it."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactSecretPaths) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    old_token = UserFactory().calendar_token + "x"  # e.g. an address that was reset
    try:
        assert client.get(f"/calendar/{old_token}.ics").status_code == 404
    finally:
        handler.setStream(previous)
    assert "Not Found: /calendar/[redacted].ics" in stream.getvalue()
    assert old_token not in stream.getvalue()
