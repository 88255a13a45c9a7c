"""Starting, editing and finding networks."""

import re
from datetime import timedelta

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from networks.models import JoinRequest, Membership, Network
from tests.factories import (
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    RegionFactory,
    SchoolFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import start_form


def test_regional_coordinator_starts_a_network_and_becomes_its_coordinator(login, regional_coordinator, region):
    theme = ThemeFactory()
    response = login(regional_coordinator).post("/networks/new/", start_form(region, theme))
    network = Network.objects.get(name="Lerende cultuur Noordwest")
    assert response["Location"] == f"/networks/{network.slug}/members/"
    assert network.slug == "lerende-cultuur-noordwest"
    assert network.created_by == regional_coordinator
    membership = Membership.objects.get(network=network)
    assert (membership.user, membership.role, membership.left_on) == (regional_coordinator, "coordinator", None)


def test_regional_coordinator_cannot_start_a_network_in_another_region(login, regional_coordinator):
    other = RegionFactory(name="Zuid", slug="zuid")
    response = login(regional_coordinator).post("/networks/new/", start_form(other, ThemeFactory()))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Network.objects.filter(name="Lerende cultuur Noordwest").exists()


def test_staff_may_start_a_network_in_any_region(login, staff):
    other = RegionFactory(name="Zuid", slug="zuid")
    response = login(staff).post("/networks/new/", start_form(other, ThemeFactory()))
    assert response.status_code == 302
    assert Network.objects.get(name="Lerende cultuur Noordwest").region == other


def test_duplicate_name_in_a_region_is_refused_in_any_case(login, regional_coordinator, region, network):
    form = start_form(region, ThemeFactory(), name=network.name.upper())
    response = login(regional_coordinator).post("/networks/new/", form)
    assert response.status_code == 200
    assert "Deze regio heeft al een netwerk met deze naam." in response.text
    assert Network.objects.count() == 1


def test_the_same_name_in_another_region_gets_its_own_address(login, staff, network):
    other = RegionFactory(name="Zuid", slug="zuid")
    login(staff).post("/networks/new/", start_form(other, ThemeFactory(), name=network.name))
    copy = Network.objects.exclude(pk=network.pk).get()
    assert copy.slug == f"{network.slug}-2"


def test_an_internal_network_needs_its_board(login, staff, region):
    response = login(staff).post("/networks/new/", start_form(region, ThemeFactory(), kind="internal"))
    assert "board" in response.context["form"].errors
    board = BoardFactory()
    response = login(staff).post("/networks/new/", start_form(region, ThemeFactory(), kind="internal", board=board.pk))
    assert response.status_code == 302


def test_missing_learning_question_gets_a_message_in_dutch(login, staff, region):
    response = login(staff).post("/networks/new/", start_form(region, ThemeFactory(), learning_question=""))
    assert response.context["form"].errors["learning_question"] == ["Dit veld is verplicht."]


def test_coordinator_fills_in_the_start_document_and_roadmap(login, coordinator, network):
    client = login(coordinator)
    form = start_form(
        network.region,
        network.theme,
        name=network.name,
        working_agreements="Elke zes weken op een andere school.",
        review_moments="Na de derde bijeenkomst.",
        roadmap_policy_theme="Professionalisering",
        roadmap_goal="Elke docent een ontwikkelplan",
    )
    assert client.post(f"/networks/{network.slug}/edit/", form)["Location"] == f"/networks/{network.slug}/"
    page = client.get(f"/networks/{network.slug}/")
    assert "Elke zes weken op een andere school." in page.text
    assert "Elke docent een ontwikkelplan" in page.text
    assert page.text.count("nog niet ingevuld") == 3


def test_member_page_groups_people_by_school_and_counts_schools_reached(login, network, member, coordinator):
    school = Membership.objects.get(user=member).school
    ali = MembershipFactory(
        network=network, school=school, user__full_name="Ali Yilmaz", user__job_role="teacher", committed_to_attend=True
    )
    MembershipFactory(network=network, user__full_name="Sanne de Boer")
    MembershipFactory(
        network=network, user__full_name="Vertrokken Persoon", left_on="2026-01-01", joined_on="2025-09-01"
    )
    response = login(member).get(f"/networks/{network.slug}/")
    assert response.context["figures"]["schools_reached"] == 2
    # the coordinator has no school; the one who left is not counted
    assert response.context["figures"]["members"] == 4
    groups = {
        group_school["name"] if group_school else None: [m["name"] for m in people]
        for group_school, people in response.context["people"].by_school
    }
    assert groups[school.name] == ["Ali Yilmaz", "Marieke Smit"]
    assert groups[None] == [coordinator.full_name]
    assert "Vertrokken Persoon" not in response.text
    # Each line: the name, the job role, a role other than member, and whether they committed to attend.
    with translation.override("nl"):
        ali_line = f"Ali Yilmaz · {ali.user.get_job_role_display()} {gettext('committed')}"
        coordinator_line = (
            f"{coordinator.full_name} · {coordinator.get_job_role_display()} · {Membership.Role.COORDINATOR.label}"
        )
    lines = [
        " ".join(re.sub(r"<[^>]+>", "", line).split()) for line in re.findall(r"<li>(.*?)</li>", response.text, re.S)
    ]
    assert ali_line in lines
    assert coordinator_line in lines


def test_directory_filters_by_region_and_theme(client, db):
    north, south = RegionFactory(name="Noord", slug="noord"), RegionFactory(name="Zuid", slug="zuid")
    culture, shrm = ThemeFactory(name="Lerende cultuur"), ThemeFactory(name="SHRM")
    NetworkFactory(name="A", region=north, theme=culture)
    NetworkFactory(name="B", region=north, theme=shrm)
    NetworkFactory(name="C", region=south, theme=shrm)
    NetworkFactory(name="Verborgen", region=north, theme=shrm, is_listed=False)

    def names(query):
        return [n.name for n in client.get("/networks/", query).context["page"].object_list]

    assert names({}) == ["A", "B", "C"]
    assert names({"region": "noord"}) == ["A", "B"]
    assert names({"region": "noord", "theme": "shrm"}) == ["B"]
    assert names({"region": "bestaat-niet"}) == ["A", "B", "C"]  # an unknown filter is ignored, not an error


def test_directory_queries_do_not_grow_with_networks(client, db, django_assert_max_num_queries):
    for n in range(30):
        MembershipFactory(network=NetworkFactory(name=f"Netwerk {n}"))
    with django_assert_max_num_queries(6):
        response = Client().get("/networks/")
    assert response.status_code == 200


def test_members_of_two_schools_with_the_same_name_are_listed_under_each_school_once(login, network, coordinator):
    # Names of schools are not unique (their BRIN codes are): two schools called the same in two cities.
    first, second = SchoolFactory(name="Het Baken", city="Almere"), SchoolFactory(name="Het Baken", city="Zeewolde")
    for name, school in [("Anna", first), ("Bram", second), ("Cor", first), ("Dirk", second)]:
        MembershipFactory(network=network, school=school, user__full_name=name)
    response = login(coordinator).get(f"/networks/{network.slug}/")
    listed = [
        (school["city"], [m["name"] for m in people])
        for school, people in response.context["people"].by_school
        if school and school["name"] == "Het Baken"
    ]
    assert sorted(listed) == [("Almere", ["Anna", "Cor"]), ("Zeewolde", ["Bram", "Dirk"])]


def test_the_people_list_shows_every_change_at_once_though_each_process_keeps_its_rendering(
    login, network, member, coordinator
):
    # The list is rendered once per set of member rows and language (templates/networks/detail.html); each
    # change below changes the rows, so the next reader sees it.
    client = login(coordinator)

    def people():
        page = client.get(f"/networks/{network.slug}/").content.decode()
        section = page.split('id="people-heading"')[1].split("</section>")[0]
        return " ".join(re.sub(r"<[^>]+>", " ", section).split())

    assert people() == people()
    # The second reading comes from the kept rendering, under the member rows and the language.
    rows = client.get(f"/networks/{network.slug}/").context["people"].rows
    kept = make_template_fragment_key("network_people", [rows, "nl"])
    assert "Marieke Smit" in caches["fragments"].get(kept)
    caches["fragments"].set(kept, "<p>Kept rendering</p>")
    assert people().endswith("Kept rendering Verlaat dit netwerk")
    caches["fragments"].delete(kept)
    before = people()
    assert "Marieke Smit" in before and "Ali Yilmaz" not in before
    membership = Membership.objects.get(user=member, network=network)
    changes = [
        lambda: member.__class__.objects.filter(pk=member.pk).update(full_name="Marieke Smit-Bakker"),
        lambda: member.__class__.objects.filter(pk=member.pk).update(job_role="director"),
        lambda: Membership.objects.filter(pk=membership.pk).update(committed_to_attend=True),
        lambda: Membership.objects.filter(pk=membership.pk).update(role=Membership.Role.FACILITATOR),
        lambda: membership.school.__class__.objects.filter(pk=membership.school_id).update(city="Hoorn-Noord"),
        lambda: MembershipFactory(network=network, user__full_name="Ali Yilmaz"),
        lambda: Membership.objects.filter(pk=membership.pk).update(left_on=timezone.localdate()),
    ]
    seen = [before]
    for change in changes:
        change()
        seen.append(people())
        assert seen[-1] != seen[-2], change
    assert "Ali Yilmaz" in seen[-1] and "Marieke" not in seen[-1]
    assert "Marieke Smit-Bakker" in seen[2] and "Hoorn-Noord" in seen[5]
    assert "Procesbegeleider: Marieke Smit-Bakker" in seen[5] and "Coördinator: Anouk de Vries" in seen[5]
    client.post("/account/language/", {"language": "en", "next": "/"})
    assert "Coordinator: Anouk de Vries" in people()  # and not the Dutch rendering kept a moment ago


def test_home_shows_my_networks_with_my_role_and_next_meeting_my_requests_and_my_regions(login, network, region):
    person = UserFactory(full_name="Sanne de Boer")
    other = NetworkFactory(name="Onderwijs en ICT Zuid", region=region)
    left = NetworkFactory(name="Vertrokken netwerk", region=region)
    asked = NetworkFactory(name="Gevraagd netwerk", region=region)
    MembershipFactory(network=network, user=person, role=Membership.Role.COORDINATOR, school=None)
    MembershipFactory(network=other, user=person)
    MembershipFactory(network=left, user=person, joined_on="2025-09-01", left_on="2026-01-01")
    MembershipFactory(network=left)  # someone still there
    MembershipFactory(network=other, user=person, joined_on="2024-09-01", left_on="2025-01-01")  # left, came back
    MembershipFactory(network=network)  # someone else: one card per network, not per member
    MeetingFactory(network=other, starts_at=timezone.now() + timedelta(days=3), title="Derde bijeenkomst")
    MeetingFactory(network=other, cancelled=True, starts_at=timezone.now() + timedelta(days=1))
    JoinRequest.objects.create(network=asked, user=person)
    region.coordinators.add(person)
    client = login(person)

    page = client.get("/")
    cards = re.findall(r'<article class="card[^"]*">(.*?)</article>', page.text, re.S)
    text = [" ".join(re.sub(r"<[^>]+>", " ", card).split()) for card in cards]
    titles = [re.search(r'card-title"><a href="[^"]*">([^<]*)<', card)[1] for card in cards]
    assert titles == ["Onderwijs en ICT Zuid", "Strategisch HRM Noordwest"]
    assert "Deelnemer" in text[0] and "Coördinator" in text[1]
    meeting_day = date_format(timezone.localtime(timezone.now() + timedelta(days=3)), "l j F")
    assert f"Volgende bijeenkomst: {meeting_day}," in text[0] and "Volgende bijeenkomst" not in text[1]
    assert "Vertrokken netwerk" not in page.text
    asked_on = date_format(timezone.localdate(), "j F Y")
    assert f"Je hebt op {asked_on} gevraagd om lid te worden van Gevraagd netwerk." in page.text
    assert f'href="/regions/{region.slug}/"' in page.text and f'href="/dashboards/regions/{region.slug}/"' in page.text

    client.post("/account/language/", {"language": "en", "next": "/"})
    english = client.get("/").text
    assert "<strong>Participant</strong>" in english and "<strong>Coordinator</strong>" in english
