"""The demo data of `manage.py load_demo`: the figures of the Stap 2 magazine, the demo logins in their
roles, and a second run that changes nothing.

Loading takes a couple of seconds, so the module loads it once, inside a transaction that is rolled back
after the last test here; each test runs in its own savepoint within it.
"""

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings

from members.models import User
from networks import demo
from networks.demo import DEMO_EMAILS, DEMO_PASSWORD, DEMO_PEOPLE
from networks.models import BRIN_PATTERN, Board, Membership, Network, Region, School, Theme

THEME_COUNTS = {
    "Lerende cultuur": 12,
    "SHRM": 12,
    "Regionale samenwerking": 7,
    "PSO breed": 4,
    "Professionalisering teamleiders": 4,
    "SHRM in de praktijk": 3,
    "Verdieping SHRM": 3,
}
MODELS = [Region, Theme, Board, School, User, Network, Membership]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module and rolled back after it."""
    # The fast hasher that conftest.py sets for every test: the demo logins must be checked with it.
    fast_hashers = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast_hashers:
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_data, db):
    """Use in a test: the demo data is there, and whatever the test changes is undone after it."""


def snapshot():
    """Every row of the demo tables, all fields, plus the regional coordinators."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    rows["coordinators"] = list(Region.coordinators.through.objects.order_by("pk").values())
    return rows


def test_the_plan_is_the_same_every_time():
    first, second = demo.build_plan(), demo.build_plan()
    assert first == second
    assert len(first.schools) == 493


def test_demo_data_has_the_figures_of_the_magazine(loaded):
    assert sorted(Region.objects.values_list("slug", flat=True)) == sorted(
        ["noord", "noordwest", "oost", "midden", "west", "zuidwest", "zuid", "zuidoost"]
    )
    assert set(Theme.objects.values_list("name", flat=True)) == set(THEME_COUNTS)
    assert all(Theme.objects.values_list("description", flat=True))
    assert Network.objects.count() == 45
    assert dict(Counter(Network.objects.values_list("theme__name", flat=True))) == THEME_COUNTS
    assert School.objects.count() == 493
    assert 55 <= Board.objects.count() <= 65
    assert User.objects.count() >= 1200


def test_every_region_has_one_regional_coordinator(loaded):
    assert [region.coordinators.count() for region in Region.objects.all()] == [1] * 8


def test_every_network_has_5_to_10_schools_and_8_to_20_current_members(loaded):
    for network in Network.objects.with_counts():
        assert 5 <= network.school_count <= 10, network.name
        assert 8 <= network.member_count <= 20, network.name


def test_every_network_has_one_or_two_coordinators_and_one_facilitator(loaded):
    for network in Network.objects.all():
        roles = Counter(network.memberships.current().values_list("role", flat=True))
        assert roles["coordinator"] in (1, 2), network.name
        assert roles["facilitator"] == 1, network.name


def test_members_come_from_schools_of_the_network_region_or_board(loaded):
    for network in Network.objects.select_related("board"):
        schools = School.objects.filter(memberships__network=network).distinct()
        if network.kind == Network.Kind.INTERNAL:
            assert set(schools.values_list("board", flat=True)) == {network.board_id}, network.name
        elif network.kind == Network.Kind.REGIONAL:
            assert set(schools.values_list("region", flat=True)) == {network.region_id}, network.name
        else:
            assert len(set(schools.values_list("region", flat=True))) >= 2, network.name


def test_network_kinds_listing_and_names(loaded):
    kinds = Counter(Network.objects.values_list("kind", flat=True))
    assert kinds == {"regional": 37, "internal": 5, "cross_regional": 3}
    assert 0.7 <= Network.objects.listed().count() / 45 <= 0.9
    assert all(Network.objects.values_list("learning_question", flat=True))
    shrm = Network.objects.filter(theme__slug__in=demo.SHRM_THEMES)
    assert any(network.roadmap_policy_theme for network in shrm)
    assert not Network.objects.exclude(theme__slug__in=demo.SHRM_THEMES).exclude(roadmap_policy_theme="").exists()


def test_brin_codes_and_levels_are_valid(loaded):
    brins = list(School.objects.values_list("brin", flat=True))
    assert all(re.fullmatch(BRIN_PATTERN, brin) for brin in brins)
    assert len(set(brins)) == len(brins)
    assert all(levels for levels in School.objects.values_list("levels", flat=True))
    assert not School.objects.filter(board=None).exists()


def test_most_schools_take_part_in_a_network(loaded):
    reached = Membership.objects.current().exclude(school=None).values("school").distinct().count()
    assert reached >= 400


def test_membership_history_is_plausible(loaded):
    memberships = Membership.objects.all()
    assert all(date(2025, 1, 1) <= m.joined_on <= date(2026, 12, 31) for m in memberships)
    left = memberships.filter(left_on__isnull=False)
    assert 0 < left.count() < memberships.count() / 5
    assert all(m.left_on >= m.joined_on for m in left)
    committed = memberships.filter(committed_to_attend=True).count() / memberships.count()
    assert 0.6 <= committed <= 0.85


def test_generated_people_cannot_log_in_and_have_demo_addresses(loaded):
    generated = User.objects.exclude(email__in=DEMO_EMAILS.values())
    assert not any(is_password_usable(password) for password in generated.values_list("password", flat=True))
    assert all(email.endswith(".demo.leernetwerk.nl") for email in generated.values_list("email", flat=True))
    assert generated.filter(language="nl").count() / generated.count() > 0.9
    assert len(set(generated.values_list("job_role", flat=True))) == len(User.JobRole)


def test_demo_coordinator_coordinates_noordwest_and_a_network_there(loaded):
    anouk = User.objects.get(email=DEMO_EMAILS["coordinator"])
    assert list(anouk.coordinated_regions.values_list("slug", flat=True)) == ["noordwest"]
    coordinated = Network.objects.filter(memberships__in=Membership.objects.coordinators().filter(user=anouk))
    assert coordinated.filter(region__slug="noordwest", is_listed=True).exists()


def test_demo_member_takes_part_in_two_networks_one_led_by_the_demo_coordinator(loaded):
    fatima = User.objects.get(email=DEMO_EMAILS["member"])
    networks = Network.objects.of_member(fatima)
    assert networks.count() == 2
    assert set(fatima.memberships.values_list("role", flat=True)) == {"member"}
    assert networks.filter(
        region__slug="noordwest", memberships__user__email=DEMO_EMAILS["coordinator"], memberships__role="coordinator"
    ).exists()


def test_demo_facilitator_guides_two_or_three_networks(loaded):
    pieter = User.objects.get(email=DEMO_EMAILS["facilitator"])
    assert 2 <= pieter.memberships.current().filter(role="facilitator").count() <= 3
    assert not pieter.memberships.exclude(role="facilitator").exists()


def test_staff_login_is_association_staff_without_memberships(loaded):
    staff = User.objects.get(email=DEMO_EMAILS["staff"])
    assert staff.is_association_staff
    assert not staff.memberships.exists()
    assert User.objects.filter(is_association_staff=True).count() == 1
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == [DEMO_EMAILS["admin"]]


def test_demo_data_loads_twice_without_changes(loaded, capsys):
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    output = capsys.readouterr().out
    for role in ["coordinator", "facilitator", "member", "staff", "admin"]:
        assert role in output
    assert "Demo data: 8 regions, 45 networks, 493 schools, 1,2" in output


def test_loading_again_restores_missing_rows_without_duplicates(loaded):
    network = Network.objects.annotate(n=Count("memberships")).get(slug="lerende-cultuur-zeeland")
    network.memberships.filter(role="member").first().delete()
    call_command("load_demo", stdout=StringIO())
    assert network.memberships.count() == network.n
    assert Network.objects.count() == 45


def test_every_demo_login_works_and_only_admin_reaches_the_admin(loaded):
    for role, email, *_rest in DEMO_PEOPLE:
        client = Client()
        response = client.post("/account/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, role
        assert (client.get("/admin/").status_code == 200) == (role == "admin"), role
