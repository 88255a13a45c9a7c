"""The second journey, in Chromium: a facilitator plans a meeting in the browser, a real Celery worker
mails every member, and a member answers "yes" with one click on the link in that mail."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, Note, Rsvp
from tests.helpers import accessibility_violations, body_text, log_in

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.smtp, pytest.mark.django_db(transaction=True)]


def test_member_answers_yes_through_the_link_in_the_announcement_and_shares_notes(
    live_server, page, browser, network, facilitator, member, outsider, celery_worker_process, mail_sink, tmp_path
):
    starts = (timezone.localtime() + timedelta(days=10)).replace(hour=15, minute=30, second=0, microsecond=0)
    log_in(page, live_server.url, facilitator)
    page.goto(f"{live_server.url}/networks/{network.slug}/")
    page.get_by_role("link", name="Plan een bijeenkomst").click()
    page.get_by_label("Titel of thema").fill("Intervisie over het lerarentekort")
    page.get_by_label("Begint om").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Eindigt om").fill((starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("textbox", name="Plaats").fill("Het Baken, Alkmaar")
    page.get_by_label("Intervisie", exact=True).check()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Plan en nodig uit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intervisie over het lerarentekort")

    mail = next(m for m in mail_sink.wait_for(2) if m["To"] == member.email)
    assert "15:30" in mail["Subject"]
    assert network.name in mail["Subject"]
    yes_link = re.search(r"^Ja: http://testserver(\S+)$", body_text(mail), re.MULTILINE).group(1)

    inbox = browser.new_page(locale="nl-NL")  # not logged in: the link itself is the key
    inbox.goto(live_server.url + yes_link)
    # Opening the link only shows the choice (mail scanners open links too); its one button answers.
    expect(inbox.get_by_role("heading", level=1)).to_have_text("Bevestig je antwoord")
    assert not Rsvp.objects.exists()
    assert accessibility_violations(inbox) == []
    inbox.get_by_role("button", name="Ja, ik kom").click()
    expect(inbox.get_by_role("heading", level=1)).to_have_text("Bedankt voor je antwoord")
    assert Rsvp.objects.get(user=member).answer == "yes"
    assert accessibility_violations(inbox) == []

    page.reload()
    expect(page.get_by_role("main").get_by_text(member.full_name)).to_be_visible()

    # After the meeting the member shares notes with a PDF; a member of another network gets 404.
    Meeting.objects.filter(title="Intervisie over het lerarentekort").update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    pdf = tmp_path / "verslag.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    log_in(inbox, live_server.url, member)
    inbox.goto(live_server.url + Meeting.objects.get().get_absolute_url())
    inbox.get_by_role("link", name="Aantekeningen schrijven").click()
    inbox.get_by_label("Titel").fill("Wat we leerden")
    inbox.get_by_label("Tekst").fill("**Ontwikkelgesprekken** voeren we voortaan in duo's.")
    inbox.get_by_label("Bestand toevoegen").set_input_files(str(pdf))
    assert accessibility_violations(inbox) == []
    inbox.get_by_role("button", name="Opslaan").click()
    expect(inbox.get_by_role("heading", level=1)).to_have_text("Wat we leerden")
    expect(inbox.get_by_role("link", name="verslag.pdf")).to_be_visible()

    note = Note.objects.get()
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(note.get_absolute_url()).status_code == 404
    assert stranger.get(note.files.get().get_absolute_url()).status_code == 404
