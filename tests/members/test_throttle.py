"""The login throttle cannot be raced past, and cannot lock a person out for good."""

import threading
import time

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.helpers import NO_MATCH, THROTTLED, attempt


def reset_password(user, new_password, client=None):
    """Follow a password-reset link for `user` to its end, as the person with the mailbox would."""
    client = client or Client()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    form_page = client.get(f"/account/password-reset/{uid}/{default_token_generator.make_token(user)}/", follow=True)
    assert form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302


def test_completed_password_reset_lets_a_locked_out_person_log_in(db, member, settings):
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        attempt(Client(REMOTE_ADDR="10.0.0.66"), member.email, "raden")
    assert THROTTLED in attempt(Client(REMOTE_ADDR="10.0.0.1"), member.email, "iets").text

    reset_password(member, "Nieuw-wachtwoord-2026")

    client = Client(REMOTE_ADDR="10.0.0.1")
    assert attempt(client, member.email, "Nieuw-wachtwoord-2026").status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_whoever_completes_a_reset_is_logged_in_however_often_others_keep_guessing(db, member, settings):
    def lock_out():
        for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
            attempt(Client(REMOTE_ADDR="10.0.0.66"), member.email, "raden")

    lock_out()
    owner = Client(REMOTE_ADDR="10.0.0.1")
    reset_password(member, "Nieuw-wachtwoord-2026", client=owner)
    lock_out()  # the guesser goes on at once

    assert owner.session["_auth_user_id"] == str(member.pk)
    assert owner.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_attempts_get_exactly_the_allowed_number_of_tries(member, settings, monkeypatch):
    # A slow password check, as with the production hasher: without an atomic count every attempt
    # reads the counter before any of them adds to it.
    check_password = ModelBackend.authenticate

    def slow_check(self, request, username=None, password=None, **kwargs):
        time.sleep(0.1)
        return check_password(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", slow_check)
    attempts = 2 * settings.LOGIN_THROTTLE_PER_ACCOUNT
    start = threading.Barrier(attempts)
    answers = []

    def guess(n):
        try:
            start.wait()
            answers.append(attempt(Client(REMOTE_ADDR=f"10.0.1.{n}"), member.email, f"gok-{n}").text)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert len(answers) == attempts
    assert sum(NO_MATCH in text for text in answers) == settings.LOGIN_THROTTLE_PER_ACCOUNT
    assert sum(THROTTLED in text for text in answers) == attempts - settings.LOGIN_THROTTLE_PER_ACCOUNT


def test_a_successful_login_does_not_count_against_the_address(db, member, password, settings):
    settings.LOGIN_THROTTLE_PER_ADDRESS = 3
    for _ in range(5):
        client = Client(REMOTE_ADDR="10.0.0.7")
        assert attempt(client, member.email, password).status_code == 302
    assert attempt(Client(REMOTE_ADDR="10.0.0.7"), member.email, password).status_code == 302
