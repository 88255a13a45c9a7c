"""The staff journey of the dashboards, in Chromium: someone of the VO-raad logs in and lands on the
national dashboard, follows a region, opens the networks behind a figure and downloads them as CSV; the
dashboard fits a 390 px phone and its charts have names. The networks are moved through their phases by
the lifecycle services, so that the figures are known: Noordwest has three networks (one supported, one
forming, one stopped), Zuidoost one."""

import re

import pytest
from playwright.sync_api import expect

from lifecycle import services
from lifecycle.rules import Actor
from tests.browser.test_phone_and_contrast import PHONE, control_contrasts
from tests.factories import NetworkFactory, RegionFactory, ThemeFactory
from tests.helpers import accessibility_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = {Actor.COORDINATOR}
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def two_regions(network, coordinator, facilitator, member):
    """Noordwest: `network` in its supported phase, one forming, one stopped; Zuidoost: one forming."""
    services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    forming = NetworkFactory(region=network.region, name="Lerende cultuur Kennemerland")
    stopped = NetworkFactory(region=network.region, name="Strategisch HRM Waterland")
    services.stop(network=stopped, by=coordinator, actors=COORDINATOR, reason="Te weinig scholen")
    zuidoost = RegionFactory(name="Zuidoost", slug="zuidoost")
    elsewhere = NetworkFactory(region=zuidoost, name="SHRM Maas en Peel", theme=ThemeFactory(name="SHRM"))
    return {"noordwest": [network, forming, stopped], "zuidoost": [elsewhere]}


def card(page, figure):
    """The card of `figure` (its number carries data-figure)."""
    return page.locator(f"section.dashboard-card:has([data-figure='{figure}'])")


def test_staff_follow_a_region_to_the_networks_behind_a_figure_and_download_them(live_server, page, staff, two_regions):
    assert not staff.memberships.exists()
    log_in(page, live_server.url, staff)
    expect(page).to_have_url(re.compile(r"/dashboards/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Nationally: four networks, three of them active (the stopped one is not).
    expect(card(page, "networks").locator("[data-figure=networks]")).to_have_text("4")
    expect(card(page, "networks_active").locator("[data-figure=networks_active]")).to_have_text("3")
    regions = page.locator("section[aria-labelledby=regions-heading] tbody tr")
    # The first figure of a region's row, with the change against last year below it.
    expect(regions.filter(has_text="Noordwest").locator("td").first).to_have_text(re.compile(r"^\s*3\b"))
    expect(regions.filter(has_text="Zuidoost").locator("td").first).to_have_text(re.compile(r"^\s*1\b"))
    assert accessibility_violations(page) == []

    # A region from the table: its own dashboard, with its own figures.
    regions.get_by_role("link", name="Noordwest").click()
    expect(page).to_have_url(re.compile(r"/dashboards/regions/noordwest/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noordwest")
    expect(card(page, "networks").locator("[data-figure=networks]")).to_have_text("3")
    expect(card(page, "networks_active").locator("[data-figure=networks_active]")).to_have_text("2")

    # The networks behind a figure: the three of Noordwest, none of Zuidoost.
    card(page, "networks").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/dashboards/networks/\?.*region=noordwest"))
    listed = page.locator("main table tbody th[scope=row]")
    expect(listed).to_have_count(3)
    names = [network.name for network in two_regions["noordwest"]]
    for name in names:
        expect(listed.filter(has_text=name)).to_have_count(1)
    assert [name for name, ratio in control_contrasts(page) if ratio < 3] == []
    assert accessibility_violations(page) == []

    # The same list as CSV, for Excel: a byte order mark, then the networks by name.
    with page.expect_download() as download_info:
        page.locator("main a[href*='networks.csv']").click()
    content = download_info.value.path().read_bytes()
    assert content.startswith(BOM)
    text = content.decode("utf-8-sig")
    rows = [line.split(";")[0] for line in text.splitlines()[1:]]
    assert sorted(rows) == sorted(names)
    assert "SHRM Maas en Peel" not in text


def chart_names(page):
    """(accessible name of each chart from the <title> its aria-labelledby points at first)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("svg[role=img]")].map((svg) => {
          const first = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/)[0];
          const title = first && document.getElementById(first);
          return title && title.tagName.toLowerCase() === "title" && svg.contains(title)
            ? title.textContent.trim() : null;
        })"""
    )


def test_national_dashboard_fits_a_390_px_phone_and_its_charts_have_names(live_server, page, staff, two_regions):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, staff)
    expect(page).to_have_url(re.compile(r"/dashboards/$"))
    # Wide tables scroll inside their box; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]

    names = chart_names(page)
    assert len(names) == 6  # phases, themes, outcomes, intentions, meetings per month, phases per region
    assert all(names), names
    # Each chart has its numbers in a table in the same section.
    assert page.evaluate(
        """() => [...document.querySelectorAll("svg[role=img]")]
          .every((svg) => svg.closest("section").querySelector("table"))"""
    )
    # The charts shrink to the phone's width, their text to no less than 11 px.
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll("svg[role=img] text")].map((text) => {
          const svg = text.ownerSVGElement;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return parseFloat(getComputedStyle(text).fontSize) * scale;
        }))"""
    )
    assert smallest >= 11, smallest
