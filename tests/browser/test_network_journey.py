"""The first journey of the mission, in Chromium: a regional coordinator starts a network, invites
two people, and one of them joins through the link in the mail that reached the SMTP sink (sent by
a real Celery worker)."""

import re

import pytest
from playwright.sync_api import expect

from networks.models import Membership
from tests.factories import RegionFactory, SchoolFactory, ThemeFactory, UserFactory
from tests.helpers import accessibility_violations, body_text, log_in

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.smtp, pytest.mark.django_db(transaction=True)]


def test_coordinator_starts_a_network_and_an_invitee_joins_through_the_mail(
    live_server, page, browser, celery_worker_process, mail_sink
):
    region = RegionFactory(name="Noordwest", slug="noordwest")
    ThemeFactory(name="Lerende cultuur")
    SchoolFactory(name="Het Baken", city="Alkmaar", region=region)
    coordinator = UserFactory(full_name="Anouk de Vries")
    region.coordinators.add(coordinator)

    log_in(page, live_server.url, coordinator)
    page.get_by_role("link", name="Start een leernetwerk").click()
    page.get_by_label("Naam").fill("Lerende cultuur Kop van Noord-Holland")
    page.get_by_label("Regio").select_option(label="Noordwest")
    page.get_by_label("Thema").select_option(label="Lerende cultuur")
    page.get_by_label("Leervraag").fill("Hoe leren onze docenten van en met elkaar?")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Maak het netwerk aan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Leden en uitnodigingen")
    assert accessibility_violations(page) == []
    page.get_by_label("E-mailadressen").fill("sanne@school.example.nl\nali@school.example.nl")
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(page.get_by_role("status").first).to_contain_text("sanne@school.example.nl")

    messages = mail_sink.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["ali@school.example.nl", "sanne@school.example.nl"]
    mail = next(m for m in messages if m["To"] == "sanne@school.example.nl")
    link = re.search(r"http://testserver(/invitations/\S+/)", body_text(mail)).group(1)

    invitee = browser.new_page(locale="nl-NL")
    invitee.goto(live_server.url + link)
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Lerende cultuur Kop van Noord-Holland")
    assert accessibility_violations(invitee) == []
    invitee.get_by_label("Volledige naam").fill("Sanne de Boer")
    invitee.get_by_label("Functie").select_option(label="Teamleider")
    invitee.get_by_label("Je school").select_option(label="Het Baken (Alkmaar)")
    invitee.get_by_label("Wachtwoord", exact=False).first.fill("Een-sterk-wachtwoord-9")
    invitee.get_by_label("Bevestiging wachtwoord").fill("Een-sterk-wachtwoord-9")
    invitee.get_by_role("button", name="Maak mijn account aan en doe mee").click()

    expect(invitee.get_by_role("heading", level=1)).to_have_text("Lerende cultuur Kop van Noord-Holland")
    expect(invitee.get_by_role("heading", name="Het Baken")).to_be_visible()
    expect(invitee.get_by_role("main").get_by_text("Sanne de Boer")).to_be_visible()
    membership = Membership.objects.get(user__email="sanne@school.example.nl")
    assert (membership.role, membership.school.name, membership.left_on) == ("member", "Het Baken", None)
    assert accessibility_violations(invitee) == []
