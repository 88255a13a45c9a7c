import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers import LOGIN, NO_MATCH, THROTTLED, attempt


def test_login_page_is_dutch_by_default(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'type="password"' in response.text
    assert "Inloggen" in response.text
    assert '<html lang="nl">' in response.text


def test_member_logs_in_with_email_in_any_case(client, member, password):
    response = attempt(client, member.email.upper(), password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == member


def test_wrong_password_and_unknown_email_get_the_same_answer(db, member):
    wrong_password = attempt(Client(), member.email, "niet-het-wachtwoord")
    unknown_email = attempt(Client(), "niemand@school.example.nl", "niet-het-wachtwoord")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == unknown_email.context["form"].non_field_errors()
    assert NO_MATCH in wrong_password.text


def test_inactive_account_gets_the_same_answer_as_a_wrong_password(client, db, password):
    user = UserFactory(is_active=False)
    response = attempt(client, user.email, password)
    assert NO_MATCH in response.text
    assert "_auth_user_id" not in client.session


def test_repeated_failures_for_one_account_block_even_the_right_password(db, member, password, settings):
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        attempt(Client(REMOTE_ADDR="10.0.0.1"), member.email, "fout")
    # From another address too: the account itself is protected.
    client = Client(REMOTE_ADDR="10.0.0.2")
    response = attempt(client, member.email, password)
    assert THROTTLED in response.text
    assert "_auth_user_id" not in client.session


def test_throttle_for_an_unknown_account_looks_the_same(db, settings):
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        attempt(Client(), "niemand@school.example.nl", "fout")
    assert THROTTLED in attempt(Client(), "niemand@school.example.nl", "fout").text


def test_repeated_failures_from_one_address_block_that_address_only(db, member, password, settings):
    for n in range(settings.LOGIN_THROTTLE_PER_ADDRESS):
        attempt(Client(REMOTE_ADDR="10.0.0.9"), f"gok{n}@school.example.nl", "fout")
    blocked = Client(REMOTE_ADDR="10.0.0.9")
    assert THROTTLED in attempt(blocked, member.email, password).text
    assert "_auth_user_id" not in blocked.session
    elsewhere = Client(REMOTE_ADDR="10.0.0.10")
    assert attempt(elsewhere, member.email, password).status_code == 302


def test_a_successful_login_resets_the_account_counter(db, member, password, settings):
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT - 1):
        attempt(Client(), member.email, "fout")
    assert attempt(Client(), member.email, password).status_code == 302
    attempt(Client(), member.email, "fout")
    assert attempt(Client(), member.email, password).status_code == 302


def test_logout_needs_a_post(login, member):
    client = login(member)
    assert client.get("/account/logout/").status_code == 405
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logged_in_visitor_of_login_page_goes_home(login, member):
    response = login(member).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_without_csrf_token_is_refused_with_our_page(db, member, password):
    client = Client(enforce_csrf_checks=True)
    response = attempt(client, member.email, password)
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("email", ["", "geen-adres", "a@b"])
def test_malformed_email_gets_a_field_message(client, db, email):
    response = attempt(client, email, "iets")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_login_still_works_when_redis_is_down(client, member, password, settings, caplog):
    # Changing CACHES makes Django connect anew, here to a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    response = attempt(client, member.email, password)
    assert response.status_code == 302
    assert "cache unavailable" in caplog.text
