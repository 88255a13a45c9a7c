"""What a first-time user tripped over, measured in Chromium with the real styles: pages that scroll
sideways on a 390 px phone, the answer box below the long lists, form controls whose edges cannot be
seen (WCAG 1.4.11), an invisible focus ring on the dark header, and a school list of hundreds."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services as meeting_services
from meetings.models import Rsvp
from networks.models import Invitation, Membership
from tests.factories import MembershipFactory, RegionFactory, SchoolFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# WCAG's relative luminance and contrast ratio, of the colours the browser computed.
CONTRAST_JS = """
window.portalContrast = (() => {
  const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = (colour) => {
    const [r, g, b] = rgb(colour).slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const opaque = (colour) => { const parts = rgb(colour); return parts.length < 4 || parts[3] > 0; };
  const background = (element) => {
    for (; element; element = element.parentElement) {
      const colour = getComputedStyle(element).backgroundColor;
      if (opaque(colour)) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  return {background, ratio};
})();
"""


@pytest.fixture
def busy_network(network, coordinator, member):
    """A network as it looks after a while: long names and addresses, many members, a meeting ahead
    with an agenda and answers, and a pending invitation."""
    network.name = "Strategisch personeelsbeleid en professionalisering Noord-Holland Noord"
    network.save()
    for number in range(12):
        MembershipFactory(
            network=network,
            user__full_name=f"Wilhelmina van Oldenbarnevelt-Hoogstraten {number}",
            user__email=f"wilhelmina.vanoldenbarnevelthoogstraten{number}@scholengemeenschapdeboerderij.example.nl",
        )
    Invitation.objects.create(
        network=network, email="eenheelerglangeadresnaamzonderstreepjes@voortgezetonderwijsnoord.example.nl"
    )
    starts = timezone.now() + timedelta(days=10)
    meeting = meeting_services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Intervisie over het lerarentekort",
        place="Het Baken, Alkmaar",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        agenda="\n".join(f"{n}. Agendapunt {n}" for n in range(1, 15)),
    )
    for membership in Membership.objects.filter(network=network).exclude(user=member)[:10]:
        Rsvp.objects.create(meeting=meeting, user=membership.user, answer="yes")
    return meeting


def test_no_page_scrolls_sideways_on_a_390_px_phone(live_server, page, network, coordinator, member, busy_network):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, coordinator)
    removable = Membership.objects.get(user=member)
    paths = [
        "/",
        "/networks/",
        "/regions/noordwest/",
        f"/networks/{network.slug}/",
        f"/networks/{network.slug}/members/",
        f"/networks/{network.slug}/members/{removable.pk}/remove/",
        f"/networks/{network.slug}/edit/",
        f"/networks/{network.slug}/meetings/new/",
        f"/meetings/{busy_network.pk}/",
        "/account/profile/",
    ]
    too_wide = {}
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}


def test_answer_box_comes_before_the_long_lists_on_a_phone(live_server, page, coordinator, busy_network):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/meetings/{busy_network.pk}/")
    answer = page.get_by_role("heading", name="Je antwoord").bounding_box()
    for other in ("Agenda", "Aantekeningen", "Wie komt er"):
        assert answer["y"] < page.get_by_role("heading", name=other, exact=False).bounding_box()["y"], other

    # On a wide screen it sits on the right, beside the agenda, above who comes.
    page.set_viewport_size(DESKTOP)
    answer = page.locator("section[aria-labelledby=answer-heading]").bounding_box()
    agenda = page.locator("section[aria-labelledby=agenda-heading]").bounding_box()
    who = page.locator("section[aria-labelledby=who-heading]").bounding_box()
    assert answer["x"] >= agenda["x"] + agenda["width"]
    assert answer["y"] < who["y"] and abs(answer["x"] - who["x"]) < 1


def control_contrasts(page):
    """(what, ratio of its border to the colour around it) for every visible form control."""
    page.evaluate(CONTRAST_JS)
    return page.evaluate(
        """() => [...document.querySelectorAll("main input, main select, main textarea")]
          .filter((el) => el.type !== "hidden" && el.offsetParent !== null)
          .map((el) => {
            const style = getComputedStyle(el);
            const around = portalContrast.background(el.parentElement);
            return [el.id || el.name || el.type, portalContrast.ratio(style.borderTopColor, around)];
          })"""
    )


def test_form_control_borders_have_3_to_1_contrast(live_server, page, network, coordinator, member, busy_network):
    log_in(page, live_server.url, coordinator)
    checked = []
    for path in [
        f"/networks/{network.slug}/edit/",  # text fields, selects, a checkbox
        f"/networks/{network.slug}/meetings/new/",  # date fields, checkboxes
        f"/networks/{network.slug}/members/",  # textarea, selects in the table
        f"/meetings/{busy_network.pk}/",  # radio buttons
    ]:
        page.goto(live_server.url + path)
        contrasts = control_contrasts(page)
        assert contrasts, path
        checked += contrasts
        assert [(name, round(ratio, 2)) for name, ratio in contrasts if ratio < 3] == [], path
    assert any(name.startswith("id_answer") for name, _ratio in checked)  # the radios were measured


def focus_ring(page):
    page.evaluate(CONTRAST_JS)
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            text: el.textContent.trim(),
            inHeader: !!el.closest(".portal-navbar"),
            style: style.outlineStyle,
            width: parseFloat(style.outlineWidth),
            ratio: portalContrast.ratio(style.outlineColor, portalContrast.background(el.parentElement)),
          };
        }"""
    )


def test_focus_ring_is_visible_on_the_dark_header_and_on_the_page(live_server, page, coordinator):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, coordinator)
    page.goto(live_server.url + "/networks/")
    page.keyboard.press("Tab")  # the skip link
    rings = []
    for _ in range(10):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if not ring["inHeader"]:
            break
        rings.append(ring)
    assert len(rings) >= 6  # brand, four links, languages, log out
    for ring in rings:
        assert ring["style"] == "solid" and ring["width"] >= 2, ring
        assert ring["ratio"] >= 3, ring
    page.get_by_label("Regio").focus()
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["width"] >= 2 and ring["ratio"] >= 3, ring


def test_school_picker_filters_as_you_type(live_server, page, network, outsider):
    RegionFactory(name="Zuid", slug="zuid")
    SchoolFactory(name="Het Baken", city="Alkmaar", region=network.region)
    for number in range(40):
        SchoolFactory(name=f"College {number}", city="Maastricht")
    log_in(page, live_server.url, outsider)
    page.goto(f"{live_server.url}/networks/{network.slug}/join/")
    picker = page.get_by_label("Je school")
    assert picker.locator("optgroup").first.get_attribute("label") == "Scholen in regio Noordwest"
    page.get_by_label("Filter de lijst op naam of plaats").fill("alkm")
    expect(picker.locator("option:not([value=''])")).to_have_count(1)
    expect(page.get_by_text("Scholen in de lijst: 1")).to_be_attached()
    page.get_by_label("Filter de lijst op naam of plaats").press("Enter")
    expect(picker).to_be_focused()
    expect(picker.locator("option:checked")).to_have_text("Het Baken (Alkmaar)")
    page.get_by_role("button", name="Verstuur mijn aanvraag").click()
    assert outsider.join_requests.get().school.name == "Het Baken"
