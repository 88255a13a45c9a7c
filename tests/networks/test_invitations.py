"""Inviting people by mail, and what the link in that mail does."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mail.models import OutgoingMail
from members.models import User
from networks import services
from networks.models import Invitation, Membership
from tests.factories import PASSWORD, SchoolFactory, UserFactory
from tests.helpers import body_text


def invite(client, network, addresses, role="member"):
    return client.post(f"/networks/{network.slug}/invite/", {"addresses": addresses, "role": role}, follow=True)


def link_in(message):
    return re.search(r"http://testserver(/invitations/\S+/)", body_text(message)).group(1)


def test_batch_invitation_reports_each_invalid_address_and_invites_the_valid_ones(login, coordinator, network):
    response = invite(login(coordinator), network, "a@school.nl, geen-adres; b@school.nl\nook fout@")
    assert sorted(network.invitations.values_list("email", flat=True)) == ["a@school.nl", "b@school.nl"]
    text = response.text
    assert "Geen geldig e-mailadres, niet uitgenodigd: geen-adres, ook, fout@." in text
    assert "Uitnodiging verstuurd naar: a@school.nl, b@school.nl." in text
    assert OutgoingMail.objects.filter(kind="invitation").count() == 2


def test_only_invalid_addresses_is_a_form_error_and_changes_nothing(login, coordinator, network):
    response = login(coordinator).post(f"/networks/{network.slug}/invite/", {"addresses": "x, y", "role": "member"})
    assert response.status_code == 400
    assert "Geen van deze is een geldig e-mailadres: x, y" in response.text
    assert not Invitation.objects.exists()


def test_reinviting_a_member_tells_and_sends_no_mail(login, coordinator, network, member):
    response = invite(login(coordinator), network, member.email.upper())
    assert "Al lid, geen uitnodiging verstuurd: marieke@school.example.nl." in response.text
    assert not Invitation.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_inviting_twice_sends_one_mail(login, coordinator, network):
    client = login(coordinator)
    invite(client, network, "a@school.nl")
    response = invite(client, network, "A@school.nl")
    assert "Al uitgenodigd" in response.text
    assert network.invitations.count() == 1
    assert OutgoingMail.objects.count() == 1


@pytest.mark.smtp
def test_new_person_joins_through_the_link_in_the_mail(login, coordinator, network, mail_sink, send_queued_mail):
    invite(login(coordinator), network, "nieuw@school.nl", role="facilitator")
    send_queued_mail()
    [message] = mail_sink.wait_for(1)
    assert message["To"] == "nieuw@school.nl"
    assert network.name in message["Subject"]
    assert "Anouk de Vries" in body_text(message)

    school = SchoolFactory(region=network.region, name="Het Baken")
    client = Client()
    page = client.get(link_in(message))
    assert page.status_code == 200
    assert "nieuw@school.nl" in page.text
    response = client.post(
        link_in(message),
        {
            "full_name": "Nieuwe Persoon",
            "job_role": "hr_adviser",
            "school": school.pk,
            "password1": "Een-sterk-wachtwoord-9",
            "password2": "Een-sterk-wachtwoord-9",
            "committed_to_attend": "on",
        },
    )
    assert response["Location"] == f"/networks/{network.slug}/"
    user = User.objects.get(email="nieuw@school.nl")
    membership = Membership.objects.get(network=network, user=user)
    assert (membership.role, membership.school, membership.committed_to_attend) == ("facilitator", school, True)
    assert client.get(f"/networks/{network.slug}/").context["inside"]

    again = Client().get(link_in(message))
    assert again.status_code == 410
    assert "al geaccepteerd" in again.text


def test_signup_with_a_weak_password_creates_nothing(db, network, coordinator):
    outcome = services.invite_people(network=network, inviter=coordinator, emails=["nieuw@school.nl"], role="member")
    assert outcome.invited == ["nieuw@school.nl"]
    link = f"/invitations/{services.invitation_token(Invitation.objects.get())}/"
    response = Client().post(link, {"full_name": "X", "job_role": "teacher", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(email="nieuw@school.nl").exists()


def test_existing_user_is_asked_to_log_in_and_then_joins(db, network, coordinator):
    person = UserFactory(email="bestaand@school.nl")
    services.invite_people(network=network, inviter=coordinator, emails=["bestaand@school.nl"], role="member")
    link = f"/invitations/{services.invitation_token(Invitation.objects.get())}/"
    client = Client()
    page = client.get(link)
    assert "Log in om mee te doen" in page.text
    login_page = client.post(f"/account/login/?next={link}", {"username": person.email, "password": PASSWORD})
    assert login_page["Location"] == link
    response = client.post(link, {})
    assert response.status_code == 302, response.text[-3000:]
    assert response["Location"] == f"/networks/{network.slug}/"
    assert Membership.objects.current().filter(network=network, user=person).exists()


def test_expired_link_shows_what_to_do(db, network, coordinator):
    services.invite_people(network=network, inviter=coordinator, emails=["laat@school.nl"], role="member")
    invitation = Invitation.objects.get()
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=15))
    response = Client().get(f"/invitations/{token}/")
    assert response.status_code == 410
    assert "14 dagen" in response.text
    assert "coördinator" in response.text


def test_revoked_and_tampered_links_show_a_clear_page(login, coordinator, network):
    services.invite_people(network=network, inviter=coordinator, emails=["weg@school.nl"], role="member")
    invitation = Invitation.objects.get()
    token = services.invitation_token(invitation)
    login(coordinator).post(f"/networks/{network.slug}/invitations/{invitation.pk}/revoke/")
    revoked = Client().get(f"/invitations/{token}/")
    assert revoked.status_code == 410
    assert "ingetrokken" in revoked.text
    tampered = Client().get(f"/invitations/{token[:-3]}xyz/")
    assert tampered.status_code == 404
    assert "onvolledig of gewijzigd" in tampered.text
    assert not User.objects.filter(email="weg@school.nl").exists()


def test_resending_sends_a_new_link_and_the_old_one_stops_working(login, coordinator, network):
    client = login(coordinator)
    invite(client, network, "kwijt@school.nl")
    invitation = Invitation.objects.get()
    old_token = services.invitation_token(invitation)
    client.post(f"/networks/{network.slug}/invitations/{invitation.pk}/resend/")
    assert list(OutgoingMail.objects.filter(kind="invitation").values_list("recipient", flat=True)) == [
        "kwijt@school.nl",
        "kwijt@school.nl",
    ]
    invitation.refresh_from_db()
    assert invitation.send_count == 2
    assert Client().get(f"/invitations/{old_token}/").status_code == 410
    assert Client().get(f"/invitations/{services.invitation_token(invitation)}/").status_code == 200


def test_invitation_mail_to_an_existing_user_is_in_their_language(db, network, coordinator):
    UserFactory(email="engels@school.nl", language="en")
    services.invite_people(network=network, inviter=coordinator, emails=["engels@school.nl"], role="member")
    assert OutgoingMail.objects.get().subject.startswith("Invitation: join the learning network")
