"""Roles, removing, leaving, and requests to join."""

from mail.models import OutgoingMail
from networks.models import JoinRequest, Membership
from tests.factories import SchoolFactory, UserFactory


def test_coordinator_changes_a_role(login, coordinator, network, member):
    membership = Membership.objects.get(user=member)
    login(coordinator).post(f"/networks/{network.slug}/members/{membership.pk}/role/", {"role": "facilitator"})
    membership.refresh_from_db()
    assert membership.role == "facilitator"


def test_an_unknown_role_changes_nothing(login, coordinator, network, member):
    membership = Membership.objects.get(user=member)
    response = login(coordinator).post(
        f"/networks/{network.slug}/members/{membership.pk}/role/", {"role": "koning"}, follow=True
    )
    assert "Kies een van de rollen uit de lijst." in response.text
    membership.refresh_from_db()
    assert membership.role == "member"


def test_the_last_coordinator_cannot_step_down_or_be_removed(login, coordinator, network):
    own = Membership.objects.get(user=coordinator)
    client = login(coordinator)
    response = client.post(f"/networks/{network.slug}/members/{own.pk}/role/", {"role": "member"}, follow=True)
    assert "minstens één coördinator" in response.text
    client.post(f"/networks/{network.slug}/members/{own.pk}/remove/")
    own.refresh_from_db()
    assert (own.role, own.left_on) == ("coordinator", None)


def test_removing_a_member_keeps_the_history(login, coordinator, network, member):
    membership = Membership.objects.get(user=member)
    login(coordinator).post(f"/networks/{network.slug}/members/{membership.pk}/remove/")
    membership.refresh_from_db()
    assert membership.left_on is not None
    assert Membership.objects.filter(user=member).count() == 1
    page = login(coordinator).get(f"/networks/{network.slug}/members/")
    assert "Marieke Smit" in page.text  # under former members


def test_a_member_leaves_and_can_be_invited_again(login, network, member, coordinator):
    login(member).post(f"/networks/{network.slug}/leave/")
    assert not Membership.objects.current().filter(user=member).exists()
    response = login(coordinator).post(
        f"/networks/{network.slug}/invite/", {"addresses": member.email, "role": "member"}, follow=True
    )
    assert "Uitnodiging verstuurd naar" in response.text


def test_person_asks_to_join_and_the_coordinator_accepts(login, network, coordinator):
    person = UserFactory(full_name="Yara Bakker")
    school = SchoolFactory(region=network.region)
    client = login(person)
    assert client.get(f"/networks/{network.slug}/join/").status_code == 200
    client.post(f"/networks/{network.slug}/join/", {"school": school.pk, "motivation": "Ik wil leren."})
    join_request = JoinRequest.objects.get()
    assert (join_request.user, join_request.school, join_request.status) == (person, school, "pending")
    assert OutgoingMail.objects.get().recipient == coordinator.email

    again = client.post(f"/networks/{network.slug}/join/", {"school": school.pk}, follow=True)
    assert "Je hebt al gevraagd" in again.text
    assert JoinRequest.objects.count() == 1

    manage = login(coordinator)
    assert "Yara Bakker" in manage.get(f"/networks/{network.slug}/members/").text
    manage.post(f"/networks/{network.slug}/requests/{join_request.pk}/accept/")
    membership = Membership.objects.current().get(network=network, user=person)
    assert (membership.role, membership.school) == ("member", school)
    decision = OutgoingMail.objects.get(kind="join_decision")
    assert (decision.recipient, decision.subject) == (person.email, f"Welkom bij {network.name}")


def test_declined_request_sends_a_mail_and_adds_no_member(login, network, coordinator):
    person = UserFactory()
    login(person).post(f"/networks/{network.slug}/join/", {"motivation": ""})
    join_request = JoinRequest.objects.get()
    login(coordinator).post(f"/networks/{network.slug}/requests/{join_request.pk}/decline/")
    join_request.refresh_from_db()
    assert join_request.status == "declined"
    assert not Membership.objects.filter(user=person).exists()
    assert OutgoingMail.objects.filter(kind="join_decision", recipient=person.email).exists()


def test_unlisted_network_takes_no_requests(login, network):
    network.is_listed = False
    network.save()
    assert login(UserFactory()).get(f"/networks/{network.slug}/join/").status_code == 404
