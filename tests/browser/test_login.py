"""Headless Chromium (Debian's, driven by Playwright) against the live test server."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.helpers import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_and_sees_the_home_page(live_server, page):
    user = UserFactory(full_name="Fatima El Amrani")
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/account/login/\?next=/$"))
    assert accessibility_violations(page) == []

    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")
    expect(page).to_have_url(live_server.url + "/")
    assert accessibility_violations(page) == []


def test_wrong_password_shows_the_message_and_keeps_the_address(live_server, page):
    user = UserFactory()
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill("niet-goed")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Dit e-mailadres en wachtwoord horen niet bij een account.")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value(user.email)


def test_keyboard_user_reaches_the_content_with_the_skip_link(live_server, page):
    # The login page focuses its email field on purpose; this page starts at the top.
    page.goto(live_server.url + "/account/password-reset/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_visitor_switches_to_english(live_server, page):
    page.goto(live_server.url + "/account/login/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
