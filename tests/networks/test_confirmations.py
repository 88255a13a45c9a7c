"""Removing a member and withdrawing an invitation: the members page leads to a page that names the
person and asks to confirm; only the button on that page changes anything."""

import re

import pytest

from networks.models import Invitation, Membership
from tests.helpers import PERSONAS, client_for, is_login_redirect

MANAGERS = {"coordinator", "regional_coordinator", "staff"}
INSIDERS = MANAGERS | {"facilitator", "member"}


@pytest.fixture
def invitation(network, coordinator):
    return Invitation.objects.create(network=network, email="sanne@school.example.nl", invited_by=coordinator)


def post_forms(page):
    return re.findall(r'<form method="post" action="([^"]+)"', page.text)


def test_members_page_sends_no_removal_or_withdrawal_in_one_click(login, network, coordinator, member, invitation):
    membership = Membership.objects.get(user=member)
    page = login(coordinator).get(f"/networks/{network.slug}/members/")
    remove = f"/networks/{network.slug}/members/{membership.pk}/remove/"
    revoke = f"/networks/{network.slug}/invitations/{invitation.pk}/revoke/"
    assert remove not in post_forms(page)
    assert revoke not in post_forms(page)
    assert f'href="{remove}"' in page.text
    assert f'href="{revoke}"' in page.text


def test_removing_asks_first_and_names_the_person(login, network, coordinator, member):
    membership = Membership.objects.get(user=member)
    client = login(coordinator)
    path = f"/networks/{network.slug}/members/{membership.pk}/remove/"
    for method in (client.get, client.head):
        assert method(path).status_code == 200
    membership.refresh_from_db()
    assert membership.left_on is None  # opening the page changed nothing
    page = client.get(path)
    assert "<h1>Marieke Smit verwijderen uit Strategisch HRM Noordwest?</h1>" in page.text
    assert re.search(r'<button type="submit" class="btn btn-danger">\s*Marieke Smit verwijderen\s*</button>', page.text)
    assert f'href="/networks/{network.slug}/members/"' in page.text  # the way back

    response = client.post(path, follow=True)
    membership.refresh_from_db()
    assert membership.left_on is not None
    assert "Marieke Smit is geen lid meer" in response.text


def test_withdrawing_asks_first_and_names_the_address(login, network, coordinator, invitation):
    client = login(coordinator)
    path = f"/networks/{network.slug}/invitations/{invitation.pk}/revoke/"
    for method in (client.get, client.head):
        assert method(path).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    page = client.get(path)
    assert "<h1>De uitnodiging aan sanne@school.example.nl intrekken?</h1>" in page.text
    assert "Uitnodiging aan sanne@school.example.nl intrekken" in page.text

    client.post(path)
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


def test_confirming_an_invitation_withdrawn_already_says_so(login, network, coordinator, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(status="revoked")
    response = login(coordinator).get(f"/networks/{network.slug}/invitations/{invitation.pk}/revoke/", follow=True)
    assert response.redirect_chain == [(f"/networks/{network.slug}/members/", 302)]
    assert "Deze uitnodiging is al geaccepteerd of ingetrokken." in response.text


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ["members/{membership}/remove/", "invitations/{invitation}/revoke/"])
def test_confirmation_pages_only_for_managers(request, everyone, network, member, invitation, persona, action):
    membership = Membership.objects.get(user=member)
    path = f"/networks/{network.slug}/" + action.format(membership=membership.pk, invitation=invitation.pk)
    response = client_for(request, persona).get(path)
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona in MANAGERS:
        assert response.status_code == 200
    elif persona in INSIDERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
