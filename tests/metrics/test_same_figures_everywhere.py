"""The network page, the region page, the directory and the home page show one number for the members
and the schools reached of a network, counted one way: current people, each once; distinct schools; the
one who left and the one without a school as the definitions say."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from metrics import registry
from networks.models import Membership
from tests.factories import MembershipFactory, NetworkFactory, SchoolFactory

HOW = "<summary>Hoe tellen we dit?</summary>"


@pytest.fixture
def crowd(network, coordinator, member):
    """Besides the coordinator (no school) and the member (a school of their own): a colleague from the
    member's school, two people from a second school, someone without a school, someone who left (from
    a third school). 6 people now, 2 schools reached."""
    school = Membership.objects.get(user=member).school
    second = SchoolFactory(region=network.region)
    MembershipFactory(network=network, school=school)
    MembershipFactory(network=network, school=second)
    MembershipFactory(network=network, school=second)
    MembershipFactory(network=network, school=None)
    MembershipFactory(
        network=network, school=SchoolFactory(region=network.region), joined_on="2025-09-01", left_on="2026-01-01"
    )
    return {"members": 6, "schools_reached": 2}


def card(html, network):
    """The text of the card of `network` on a page of cards."""
    cards = [part for part in html.split("<article")[1:] if f">{network.name}</a>" in part]
    assert len(cards) == 1, f"expected one card of {network.name}"
    return cards[0].split("</article>")[0]


def shown(text):
    """(participants, schools) as a card or the network page writes them in Dutch."""
    members = re.search(r"(\d+)\s+deelnemers?\b", text)
    schools = re.search(r"(\d+)\s+(?:school|scholen)\b", text)
    return int(members.group(1)), int(schools.group(1))


def test_network_page_region_page_and_directory_show_the_same_figures(login, network, crowd, outsider):
    expected = (crowd["members"], crowd["schools_reached"])
    client = login(outsider)
    network_page = client.get(f"/networks/{network.slug}/").text
    header = network_page.split('<p class="text-body-secondary">')[1].split("</p>")[0]
    assert shown(header) == expected
    assert shown(card(client.get("/networks/").text, network)) == expected
    assert shown(card(client.get(f"/regions/{network.region.slug}/").text, network)) == expected


def test_members_see_the_same_figures_on_their_network_page_and_their_home_page(login, network, crowd, member):
    expected = (crowd["members"], crowd["schools_reached"])
    client = login(member)
    page = client.get(f"/networks/{network.slug}/")
    assert (page.context["figures"]["members"], page.context["figures"]["schools_reached"]) == expected
    header = page.text.split('<p class="text-body-secondary">')[1].split("</p>")[0]
    assert shown(header) == expected
    assert shown(card(client.get("/").text, network)) == expected


def test_the_figures_come_from_the_one_definition(network, crowd):
    assert registry.for_object(network, "members", "schools_reached") == crowd


def test_region_counts_a_person_in_two_of_its_networks_once_and_its_schools_apart(login, network, crowd, member):
    other = NetworkFactory(region=network.region)
    MembershipFactory(network=other, user=member, school=Membership.objects.get(user=member).school)
    MembershipFactory(network=other, school=SchoolFactory(region=network.region))
    SchoolFactory.create_batch(3, region=network.region)  # in the region, in no network
    figures = registry.for_object(network.region, "members", "schools_reached")
    assert figures == {"members": crowd["members"] + 1, "schools_reached": crowd["schools_reached"] + 1}
    page = login(member).get(f"/regions/{network.region.slug}/")
    assert page.context["figures"] == figures
    # The schools located in the region are reference data, named as such, not "schools reached".
    assert page.context["schools_in_region"] == network.region.schools.count() == 7
    assert "7 scholen in deze regio." in page.text
    assert re.search(r"Bereikte scholen</dt>\s*<dd[^>]*>3</dd>", page.text)
    assert re.search(r"Deelnemers</dt>\s*<dd[^>]*>7</dd>", page.text)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("outsider", "/networks/{slug}/"),
        ("outsider", "/networks/"),
        ("outsider", "/regions/{region}/"),
        ("member", "/"),
    ],
)
def test_the_definition_is_shown_beside_the_figures(request, login, network, crowd, persona, path):
    page = login(request.getfixturevalue(persona)).get(path.format(slug=network.slug, region=network.region.slug)).text
    assert HOW in page
    assert "Verschillende scholen waar de mensen die nu meedoen vandaan komen" in page
    assert "Mensen die nu meedoen, in welke rol ook, elk één keer geteld" in page


def test_the_definitions_come_in_the_language_of_each_reader_also_when_kept(settings):
    settings.DEBUG = False  # the rendering is kept per language
    template = Template('{% load figures %}{% how_we_count "members" "schools_reached" %}')
    with translation.override("nl"):
        dutch = [template.render(Context()) for _ in range(2)]
    with translation.override("en"):
        english = template.render(Context())
    assert dutch[0] == dutch[1] and HOW in dutch[0]
    assert "<summary>How do we count this?</summary>" in english
    assert "<dt>" in english and HOW not in english
