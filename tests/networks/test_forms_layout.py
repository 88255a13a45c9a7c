"""Forms a first-time user found hard: the network's edit page in parts with headings, and a school
picker that offers the schools of the network's region first and filters as you type."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from networks.models import Invitation, JoinRequest
from networks.services import invitation_token, invite_people
from tests.factories import RegionFactory, SchoolFactory

SCRIPT = re.compile(r'<script src="/static/js/school-picker(\.\w+)?\.js"></script>')


def fieldsets(page):
    """{legend heading text: [field ids]} for every fieldset of the page's form."""
    found = {}
    for block in re.findall(r"<fieldset.*?</fieldset>", page.text, re.DOTALL):
        heading = re.search(r"<legend><h2[^>]*>(.*?)</h2></legend>", block)
        fields = re.findall(r'<(?:input|textarea|select)[^>]* id="id_(\w+)"', block)
        found[heading.group(1) if heading else None] = fields
    return found


def test_editing_groups_the_start_document_and_the_roadmap_under_headings(login, network, coordinator):
    page = login(coordinator).get(f"/networks/{network.slug}/edit/")
    groups = fieldsets(page)
    assert list(groups) == ["Over het leernetwerk", "Startdocument", "Roadmap Strategisch HRM"]
    assert groups["Startdocument"] == ["working_agreements", "review_moments"]
    assert groups["Roadmap Strategisch HRM"] == [
        "roadmap_policy_theme",
        "roadmap_goal",
        "roadmap_kpis",
        "roadmap_conditions",
        "roadmap_visible_change",
    ]
    assert groups["Over het leernetwerk"][:2] == ["name", "region"]


def test_starting_a_network_has_one_part_without_roadmap(login, regional_coordinator):
    page = login(regional_coordinator).get("/networks/new/")
    groups = fieldsets(page)
    assert list(groups) == [None]
    assert "working_agreements" not in groups[None]


def test_errors_still_show_in_the_grouped_form(login, network, coordinator):
    response = login(coordinator).post(f"/networks/{network.slug}/edit/", {"name": ""})
    assert response.status_code == 200
    assert 'id="id_name"' in response.text
    assert "is-invalid" in response.text


@pytest.fixture
def schools(network):
    elsewhere = RegionFactory(name="Zuid", slug="zuid")
    return {
        "near": [
            SchoolFactory(name="Het Baken", city="Alkmaar", region=network.region),
            SchoolFactory(name="Berger Lyceum", city="Bergen", region=network.region),
        ],
        "far": [
            SchoolFactory(name="Aa-college", city="Maastricht", region=elsewhere),
            SchoolFactory(name="Zwin College", city="Oostburg", region=elsewhere),
        ],
    }


def school_groups(page):
    select = re.search(r'<select name="school".*?</select>', page.text, re.DOTALL).group(0)
    return [
        (label, re.findall(r"<option value=\"\d+\"[^>]*>(.*?)</option>", options))
        for label, options in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.DOTALL)
    ]


def test_school_picker_offers_the_region_first(login, network, outsider, schools):
    page = login(outsider).get(f"/networks/{network.slug}/join/")
    own_school = outsider.memberships.get().school  # in region Zuid
    assert school_groups(page) == [
        ("Scholen in regio Noordwest", ["Berger Lyceum (Bergen)", "Het Baken (Alkmaar)"]),
        (
            "Scholen in andere regio&#x27;s",
            sorted(["Aa-college (Maastricht)", "Zwin College (Oostburg)", str(own_school)]),
        ),
    ]


def test_a_school_of_another_region_can_still_be_chosen(login, network, outsider, schools):
    far = schools["far"][0]
    login(outsider).post(f"/networks/{network.slug}/join/", {"school": far.pk, "motivation": ""})
    assert JoinRequest.objects.get(user=outsider).school == far


def test_invitation_signup_offers_the_region_first(client, network, coordinator, schools):
    invite_people(network=network, inviter=coordinator, emails=["nieuw@school.example.nl"], role="member")
    page = client.get(f"/invitations/{invitation_token(Invitation.objects.get())}/")
    assert school_groups(page)[0][0] == "Scholen in regio Noordwest"


def test_school_filter_is_a_static_script_and_the_list_works_without_it(login, network, outsider, schools):
    page = login(outsider).get(f"/networks/{network.slug}/join/")
    assert SCRIPT.search(page.text)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)  # no inline script
    assert "https://" not in "".join(re.findall(r"<script[^>]*>", page.text))  # nothing from a CDN
    assert 'data-filter-label="Filter de lijst op naam of plaats"' in page.text
    assert (Path(settings.BASE_DIR) / "static" / "js" / "school-picker.js").is_file()
