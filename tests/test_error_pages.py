"""404, 500 and CSRF failures show a page in the portal's layout, in the person's language."""

import pytest
from django.test import Client
from django.urls import path

from leernetwerk.urls import urlpatterns as portal_urlpatterns
from tests.factories import UserFactory


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), *portal_urlpatterns]


def test_404_is_dutch_by_default_in_the_portal_layout(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert 'href="#main"' in response.text  # the skip link of base.html
    assert '<html lang="nl">' in response.text


def test_404_follows_the_browser_language_for_visitors(client, db):
    response = client.get("/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Page not found" in response.text
    assert '<html lang="en">' in response.text


def test_404_follows_the_account_language_for_members(login):
    client = login(UserFactory(language="en"))
    response = client.get("/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.expected_error_log
@pytest.mark.urls("tests.test_error_pages")
def test_500_shows_our_page_and_no_traceback(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


@pytest.mark.expected_error_log
@pytest.mark.urls("tests.test_error_pages")
def test_500_in_english_for_an_english_browser(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Something went wrong" in response.text


def test_csrf_failure_page_is_in_the_layout(db):
    response = Client(enforce_csrf_checks=True).post("/account/password-reset/", {"email": "a@b.nl"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.text
