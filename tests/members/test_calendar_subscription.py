"""The profile page offers the calendar feed as a webcal:// subscription, and the https address to copy."""

import re

from django.contrib.staticfiles import finders

PROFILE = "/account/profile/"


def test_profile_offers_a_webcal_subscribe_link_for_the_feed(login, member):
    page = login(member).get(PROFILE).content.decode()
    webcal = f"webcal://testserver/calendar/{member.calendar_token}.ics"
    link = re.search(rf'<a href="{re.escape(webcal)}"[^>]*>([^<]+)</a>', page)
    assert link, "no webcal:// link to the member's own feed"
    assert link.group(1) == "Abonneren in je agendaprogramma"
    # The https address stays on the page for Google Calendar and Outlook on the web.
    assert f'value="http://testserver/calendar/{member.calendar_token}.ics" readonly' in page


def test_copy_button_comes_from_a_static_script_and_the_page_works_without_it(login, member):
    page = login(member).get(PROFILE).content.decode()
    button = re.search(r"<button[^>]*data-copy-target=\"calendar-feed-url\"[^>]*>([^<]+)</button>", page, re.S)
    assert button, "no copy button for the calendar address"
    assert button.group(1) == "Adres kopiëren"
    assert " hidden" in button.group(0)  # shown by the script; without JavaScript the field is copied by hand
    assert re.search(r'<script src="/static/js/copy(\.[0-9a-f]+)?\.js"></script>', page)  # hashed name
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page), "no inline script (the CSP allows none)"
    assert finders.find("js/copy.js")


def test_a_new_calendar_address_gives_a_new_webcal_link(login, member):
    client = login(member)
    old = f"webcal://testserver/calendar/{member.calendar_token}.ics"
    client.post("/account/calendar/reset/")
    member.refresh_from_db()
    page = client.get(PROFILE).content.decode()
    assert old not in page
    assert f"webcal://testserver/calendar/{member.calendar_token}.ics" in page
