"""Every page of the networks admin opens for the admin and shows what it should (and nothing secret)."""

import pytest
from django.contrib.admin import site as admin_site
from django.test import RequestFactory
from django.urls import reverse

from networks.models import Board, Invitation, JoinRequest, Membership, Network, School, Theme
from tests.factories import UserFactory

NETWORK_MODELS = [model for model in admin_site._registry if model._meta.app_label == "networks"]


def admin_url(model, view, *args):
    return reverse(f"admin:networks_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def client(login, admin):
    """The admin, logged in, reading the admin in English (the source language of the messages)."""
    admin.language = "en"
    admin.save(update_fields=["language"])
    return login(admin)


@pytest.fixture
def one_of_each(regions, board, admin):
    region = regions["noord"]
    region.coordinators.add(admin)
    person = UserFactory(full_name="Marieke Smit")
    school = School.objects.create(
        brin="12AB", name="Het Lyceum", city="Groningen", region=region, board=board, levels=["havo", "vwo"]
    )
    theme = Theme.objects.create(name="Strategisch HRM", slug="strategisch-hrm")
    network = Network.objects.create(
        name="Startende leraren", slug="startende-leraren", region=region, theme=theme, learning_question="Hoe?"
    )
    Membership.objects.create(network=network, user=person, school=school, role=Membership.Role.COORDINATOR)
    Invitation.objects.create(network=network, email="nieuw@school.example.nl", invited_by=person)
    JoinRequest.objects.create(network=network, user=UserFactory(), school=school, motivation="Graag")


@pytest.mark.parametrize("model", NETWORK_MODELS, ids=lambda m: m._meta.object_name)
def test_every_networks_admin_page_opens_for_the_admin(client, admin, one_of_each, model):
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "lyceum"}).status_code == 200
    instance = model._default_manager.first()
    assert client.get(admin_url(model, "change", instance.pk)).status_code == 200
    request = RequestFactory().get("/")
    request.user = admin
    if admin_site._registry[model].has_add_permission(request):
        assert client.get(admin_url(model, "add")).status_code == 200


def test_admin_deletes_boards_from_the_annotated_changelist(client, board):
    response = client.post(
        admin_url(Board, "changelist"), {"action": "delete_selected", "_selected_action": [board.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Board.objects.exists()


def test_school_levels_are_checkboxes(client, one_of_each):
    school = School.objects.get(brin="12AB")
    response = client.get(admin_url(School, "change", school.pk))
    assert 'type="checkbox" name="levels" value="havo"' in response.text
    assert 'name="levels" value="vwo" id="id_levels_3" checked' in response.text


def test_admin_saves_school_levels_from_checkboxes(client, regions):
    response = client.post(
        admin_url(School, "add"),
        {"name": "De Brug", "brin": "34cd", "city": "Assen", "region": regions["noord"].pk, "levels": ["vwo", "pro"]},
    )
    assert response.status_code == 302
    school = School.objects.get()
    assert (school.brin, school.levels) == ("34CD", ["pro", "vwo"])


def test_invitation_admin_does_not_show_the_nonce(client, one_of_each):
    invitation = Invitation.objects.get(email="nieuw@school.example.nl")
    response = client.get(admin_url(Invitation, "change", invitation.pk))
    assert invitation.nonce not in response.text
