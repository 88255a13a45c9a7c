"""The third journey, in Chromium: a coordinator takes a network from forming through its five supported
meetings to the decision after support, using the pages as a coordinator would; a member gives their
view on the network page in between. axe-core checks each new page on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lifecycle.models import Decision, PhaseChange, View
from meetings.models import Meeting
from networks.models import Network
from tests.helpers import accessibility_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def plan_meeting(page, base_url, network, number):
    starts = (timezone.localtime() + timedelta(days=7 * number)).replace(hour=15, minute=30, second=0, microsecond=0)
    page.goto(f"{base_url}/networks/{network.slug}/")
    page.get_by_role("link", name="Plan een bijeenkomst").click()
    page.get_by_label("Titel of thema").fill(f"Bijeenkomst over het lerarentekort, deel {number}")
    page.get_by_label("Begint om").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Eindigt om").fill((starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("textbox", name="Plaats").fill("Het Baken, Alkmaar")
    page.get_by_role("button", name="Plan en nodig uit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bijeenkomst over het lerarentekort, deel {number}")


def hold_meeting(page, base_url, number, present):
    """The meeting took place (moved into the past here), and the coordinator ticks who came."""
    meeting = Meeting.objects.get(title=f"Bijeenkomst over het lerarentekort, deel {number}")
    ended = timezone.now() - timedelta(days=60 - number)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=ended - timedelta(hours=2), ends_at=ended)
    page.goto(base_url + meeting.get_absolute_url())
    page.get_by_role("link", name="Aanwezigheid registreren").click()
    for person in present:
        page.get_by_label(person.full_name).check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_coordinator_takes_a_network_from_forming_through_five_supported_meetings_to_its_decision(
    live_server, page, browser, network, coordinator, facilitator, member
):
    base = live_server.url
    log_in(page, base, coordinator)
    page.goto(f"{base}/networks/{network.slug}/")
    expect(page.get_by_text("Fase: In oprichting")).to_be_visible()
    page.get_by_role("button", name="Begeleide fase starten").click()
    expect(page.get_by_text("Fase: Begeleid door een procesbegeleider")).to_be_visible()
    assert accessibility_violations(page) == []

    for number in range(1, 6):
        plan_meeting(page, base, network, number)
        hold_meeting(page, base, number, present=[member, facilitator])
        if number < 5:
            page.goto(f"{base}/networks/{network.slug}/")
            expect(page.get_by_text(f"Bijeenkomst {number} van 5 begeleid")).to_be_visible()

    # After the fifth supported meeting the portal moved the network on: the members are asked.
    page.goto(f"{base}/networks/{network.slug}/")
    expect(page.get_by_text("Fase: Besluit over doorgaan")).to_be_visible()
    assert PhaseChange.objects.filter(network=network, target="deciding", changed_by=None).exists()

    participant = browser.new_page(locale="nl-NL")
    log_in(participant, base, member)
    participant.goto(f"{base}/networks/{network.slug}/")
    participant.get_by_label("Doorgaan", exact=True).check()
    participant.get_by_label("Opmerking (optioneel)").fill("Graag, met een vaste avond per maand.")
    assert accessibility_violations(participant) == []
    participant.get_by_role("button", name="Mijn mening opslaan").click()
    assert View.objects.get(membership__user=member).choice == "continue"

    page.get_by_role("link", name="Meningen van de deelnemers en het besluit").click()
    main = page.get_by_role("main")
    expect(main.get_by_text(member.full_name)).to_be_visible()
    expect(main.get_by_text("Graag, met een vaste avond per maand.")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Zelfstandig doorgaan").check()
    page.get_by_label("De procesbegeleider, betaald door de scholen").check()
    page.get_by_role("button", name="Uitkomst vastleggen").click()
    expect(page.get_by_role("heading", name="Uitkomst: Zelfstandig doorgaan")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_role("link", name=network.name).click()
    expect(page.get_by_text("Fase: Zelfstandig")).to_be_visible()
    decision = Decision.objects.get(network=network)
    assert (decision.outcome, decision.facilitation, decision.recorded_by) == (
        "continue",
        "paid_by_schools",
        coordinator,
    )
    assert Network.objects.get(pk=network.pk).phase == "self_directed"
    assert list(PhaseChange.objects.filter(network=network).values_list("source", "target")) == [
        ("forming", "facilitated"),
        ("facilitated", "deciding"),
        ("deciding", "self_directed"),
    ]
    # The facilitator, paid by the schools from now on, stays a member.
    assert network.memberships.filter(user=facilitator, left_on__isnull=True).exists()
    assert accessibility_violations(page) == []
