"""Every networks view for every persona: coordinator, facilitator, member, member of another
network, regional coordinator of this and of another region, VO-raad staff, anonymous."""

import pytest
from django.test import Client

from networks.models import Network
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import PERSONAS, client_for, is_login_redirect

MANAGERS = {"coordinator", "regional_coordinator", "staff"}
INSIDERS = MANAGERS | {"facilitator", "member"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_listed_network_page_is_public_and_shows_its_members_only_to_insiders(request, everyone, network, persona):
    response = client_for(request, persona).get(f"/networks/{network.slug}/")
    assert response.status_code == 200
    assert response.context["inside"] == (persona in INSIDERS)
    # Only insiders see who takes part.
    assert ("Marieke Smit" in response.text) == (persona in INSIDERS)
    assert network.learning_question in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_unlisted_network_page_is_404_for_outsiders(request, everyone, network, persona):
    Network.objects.filter(pk=network.pk).update(is_listed=False)
    response = client_for(request, persona).get(f"/networks/{network.slug}/")
    assert response.status_code == (200 if persona in INSIDERS else 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["edit/", "members/"])
def test_manager_pages_open_for_managers_are_403_for_members_and_404_for_others(
    request, everyone, network, persona, page
):
    response = client_for(request, persona).get(f"/networks/{network.slug}/{page}")
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona in MANAGERS:
        assert response.status_code == 200
    elif persona in INSIDERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "action",
    [
        "invite/",
        "invitations/{invitation}/resend/",
        "invitations/{invitation}/revoke/",
        "members/{membership}/role/",
        "members/{membership}/remove/",
        "requests/{request}/accept/",
        "requests/{request}/decline/",
    ],
)
def test_manager_actions_change_nothing_for_others(request, everyone, network, member, persona, action):
    from networks.models import Invitation, JoinRequest, Membership

    invitation = Invitation.objects.create(network=network, email="nieuw@school.example.nl")
    join_request = JoinRequest.objects.create(network=network, user=UserFactory())
    membership = Membership.objects.get(network=network, user=member)
    path = f"/networks/{network.slug}/" + action.format(
        invitation=invitation.pk, membership=membership.pk, request=join_request.pk
    )
    data = {"addresses": "iemand@school.example.nl", "role": "coordinator"}
    response = client_for(request, persona).post(path, data)
    if persona in MANAGERS:
        assert response.status_code == 302
        return
    assert is_login_redirect(response) if persona == "anonymous" else response.status_code in (403, 404)
    invitation.refresh_from_db()
    join_request.refresh_from_db()
    membership.refresh_from_db()
    assert (invitation.status, invitation.send_count) == ("pending", 1)
    assert join_request.status == "pending"
    assert (membership.role, membership.left_on) == ("member", None)
    assert not Invitation.objects.filter(email="iemand@school.example.nl").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_regional_coordinators_and_staff_may_start_a_network(request, everyone, persona):
    response = client_for(request, persona).get("/networks/new/")
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        can_create = persona in {"regional_coordinator", "other_regional_coordinator", "staff"}
        assert response.status_code == (200 if can_create else 403)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["/networks/", "/regions/noordwest/"])
def test_directory_and_region_pages_are_open_to_everyone(request, everyone, persona, path):
    assert client_for(request, persona).get(path).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_lists_the_networks_a_person_takes_part_in(request, everyone, network, persona):
    response = client_for(request, persona).get("/")
    if persona == "anonymous":
        assert is_login_redirect(response)
        return
    if persona == "staff":
        # VO-raad staff who take part in no network start on the national dashboard.
        assert response.status_code == 302 and response.url == "/dashboards/"
        return
    assert response.status_code == 200
    assert (network.name in response.text) == (persona in INSIDERS - {"regional_coordinator"})


def test_guessed_network_address_is_404(client, db):
    assert client.get("/networks/bestaat-niet/").status_code == 404


def test_region_page_hides_unlisted_networks_from_outsiders(request, everyone, network):
    Network.objects.filter(pk=network.pk).update(is_listed=False)
    hidden_from = client_for(request, "outsider").get("/regions/noordwest/")
    assert network.name not in hidden_from.text
    shown_to = client_for(request, "regional_coordinator").get("/regions/noordwest/")
    assert network.name in shown_to.text


def test_post_without_csrf_token_is_refused(db, network, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(f"/networks/{network.slug}/invite/", {"addresses": "a@school.nl", "role": "member"})
    assert response.status_code == 403
    assert not network.invitations.exists()


def test_member_of_another_network_cannot_leave_a_network_they_are_not_in(request, everyone, network):
    response = client_for(request, "outsider").post(f"/networks/{network.slug}/leave/")
    assert response.status_code == 302
    assert MembershipFactory._meta.model.objects.filter(network=network, left_on__isnull=False).count() == 0


@pytest.mark.parametrize("persona", PERSONAS)
def test_join_page_is_for_logged_in_non_members_and_sends_members_back(request, everyone, network, persona):
    response = client_for(request, persona).get(f"/networks/{network.slug}/join/")
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona in {"coordinator", "facilitator", "member"}:
        assert response.status_code == 302  # already a member: back to the network page
        assert response["Location"] == f"/networks/{network.slug}/"
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_invitation_link_works_for_whoever_holds_it(request, everyone, network, coordinator, persona):
    from networks import services

    services.invite_people(network=network, inviter=coordinator, emails=["link@school.example.nl"], role="member")
    token = services.invitation_token(network.invitations.get())
    response = client_for(request, persona).get(f"/invitations/{token}/")
    # The signed link is the key: anyone holding it sees the invitation, logged in or not.
    assert response.status_code == 200
    assert network.name in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_members_may_leave_except_the_only_coordinator(request, everyone, network, persona):
    response = client_for(request, persona).post(f"/networks/{network.slug}/leave/")
    if persona == "anonymous":
        assert is_login_redirect(response)
        return
    left = MembershipFactory._meta.model.objects.filter(network=network, left_on__isnull=False)
    assert response.status_code == 302
    # The only coordinator may not leave; participants and the facilitator may.
    assert left.exists() == (persona in {"facilitator", "member"})
