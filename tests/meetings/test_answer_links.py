"""The answer links in meeting mails: opening one changes nothing, its one button answers.

Mail scanners (Microsoft Safe Links and the like) open every link in a mail with GET, HEAD and
sometimes OPTIONS; before this, that answered for the person and could hand their seat away.
"""

import re

import pytest
from django.test import Client
from django.utils import timezone

from mail.models import OutgoingMail
from meetings import services
from meetings.mails import MeetingMail
from meetings.models import Rsvp
from networks import services as network_services
from networks.models import Invitation, Membership
from tests.factories import MeetingFactory, UserFactory

SCANNER_METHODS = ["get", "head", "options"]


def link(meeting, user, answer):
    return f"/meetings/answer/{services.rsvp_token(meeting, user)}/{answer}/"


def rows():
    """Everything opening a link could change: every answer, the waiting list, the outbox."""
    return (
        sorted(Rsvp.objects.values_list("meeting", "user", "answer", "comment", "waitlisted_at", "answered_at")),
        list(OutgoingMail.objects.values_list("pk", flat=True)),
    )


def csrf_token_in(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', main(response)).group(1)


def main(response):
    """The page's own content, without the navigation (whose language buttons are forms too)."""
    return re.search(r"<main.*</main>", response.text, re.DOTALL).group(0)


@pytest.fixture
def meeting(network, coordinator):
    """One seat: whoever holds it keeps someone else waiting."""
    return MeetingFactory(
        network=network, created_by=coordinator, title="Intervisie over ontwikkelgesprekken", capacity=1
    )


@pytest.fixture
def seat_taken(meeting, member, facilitator):
    """The member holds the only seat; the facilitator waits for it."""
    services.answer_invitation(meeting=meeting, user=member, answer="yes")
    waiting = services.answer_invitation(meeting=meeting, user=facilitator, answer="yes")
    assert waiting.is_waitlisted
    return meeting


# --- Opening a link -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", SCANNER_METHODS)
@pytest.mark.parametrize("answer", ["yes", "no", "maybe"])
def test_get_head_and_options_on_answer_link_change_nothing(client, seat_taken, member, method, answer):
    before = rows()
    response = getattr(client, method)(link(seat_taken, member, answer))
    assert response.status_code == 200
    assert rows() == before


def test_mail_scanner_opening_every_link_does_not_hand_the_seat_away(seat_taken, member, facilitator):
    scanner = Client()  # no cookies, no login: it just follows every link in the mail
    before = rows()
    for answer in ["yes", "no", "maybe"]:
        for method in SCANNER_METHODS:
            getattr(scanner, method)(link(seat_taken, member, answer))
    assert rows() == before
    assert Rsvp.objects.get(user=member).waitlisted_at is None
    assert Rsvp.objects.get(user=facilitator).is_waitlisted
    assert not OutgoingMail.objects.filter(kind=MeetingMail.SEAT).exists()


def test_first_time_opening_answers_nothing(client, meeting, member):
    client.get(link(meeting, member, "maybe"))
    client.head(link(meeting, member, "maybe"))
    assert not Rsvp.objects.exists()


def test_answer_page_shows_the_choice_the_meeting_and_the_current_answer(client, seat_taken, member, network):
    response = client.get(link(seat_taken, member, "maybe"))
    text = main(response)
    assert "Bevestig je antwoord" in text
    button = re.search(r"<button[^>]*>([^<]*)</button>", text)
    assert button.group(1) == "Misschien"  # the answer from the link, on the first and only button
    assert text.count("<button") == 1
    assert network.name in text
    assert "Intervisie over ontwikkelgesprekken" in text
    assert "Het Baken, Alkmaar" in text
    starts = timezone.localtime(seat_taken.starts_at)
    assert starts.strftime("%H:%M") in text
    assert str(starts.day) in text
    assert "Je hebt geantwoord: Ja, ik kom." in text
    assert "Marieke Smit" in text
    # The other answers are links to their own pages, which again only show a button. (Tokens carry the
    # second they were signed in, so compare what they open to rather than their text.)
    others = {
        answer: services.open_rsvp_token(token)
        for token, answer in re.findall(r'href="/meetings/answer/([^/"]+)/(\w+)/"', text)
    }
    assert others == {"no": (seat_taken.pk, member.pk), "yes": (seat_taken.pk, member.pk)}


def test_answer_page_is_not_cached(client, meeting, member):
    response = client.get(link(meeting, member, "yes"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_options_names_the_methods(client, meeting, member):
    response = client.options(link(meeting, member, "yes"))
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused_and_change_nothing(client, seat_taken, member, method):
    before = rows()
    assert getattr(client, method)(link(seat_taken, member, "no")).status_code == 405
    assert rows() == before


# --- The button -----------------------------------------------------------------------------------


def test_button_answers_in_a_fresh_browser_with_csrf_checks(meeting, member):
    browser = Client(enforce_csrf_checks=True)  # not logged in, no session: only the page's cookie
    page = browser.get(link(meeting, member, "yes"))
    response = browser.post(link(meeting, member, "yes"), {"csrfmiddlewaretoken": csrf_token_in(page)})
    assert response.status_code == 200
    assert "Bedankt voor je antwoord" in response.text
    assert "Je antwoord is opgeslagen: Ja, ik kom." in response.text
    assert list(Rsvp.objects.values_list("user", "answer", "waitlisted_at")) == [(member.pk, "yes", None)]


def test_post_without_the_pages_csrf_token_changes_nothing(meeting, member):
    response = Client(enforce_csrf_checks=True).post(link(meeting, member, "yes"))
    assert response.status_code == 403
    assert not Rsvp.objects.exists()


def test_button_no_gives_the_seat_to_whoever_waited_with_a_mail(client, seat_taken, member, facilitator):
    response = client.post(link(seat_taken, member, "no"))
    assert response.status_code == 200
    assert "Je antwoord is opgeslagen: Nee, ik kan niet." in response.text
    assert Rsvp.objects.get(user=member).answer == "no"
    assert Rsvp.objects.get(user=facilitator).waitlisted_at is None
    seat_mail = OutgoingMail.objects.get(kind=MeetingMail.SEAT)
    assert seat_mail.recipient == facilitator.email


def test_button_yes_on_a_full_meeting_puts_on_the_waiting_list(client, seat_taken, coordinator):
    response = client.post(link(seat_taken, coordinator, "yes"))
    assert "je staat op de wachtlijst" in response.text
    assert Rsvp.objects.get(user=coordinator).is_waitlisted


# --- Links that no longer answer ------------------------------------------------------------------


def test_held_meeting_is_not_called_cancelled(client, network, coordinator, member):
    held = MeetingFactory(network=network, created_by=coordinator, held=True, title="Casusbespreking")
    for response in [client.get(link(held, member, "yes")), client.post(link(held, member, "yes"))]:
        assert response.status_code == 410
        assert "Deze bijeenkomst is al begonnen" in response.text
        assert "afgelast" not in response.text
        assert "<button" not in main(response)
    assert not Rsvp.objects.exists()


def test_cancelled_meeting_says_so_and_offers_no_button(client, meeting, member):
    services.cancel_meeting(meeting=meeting, reason="De spreker is ziek.")
    for response in [client.get(link(meeting, member, "yes")), client.post(link(meeting, member, "yes"))]:
        assert response.status_code == 410
        assert "Deze bijeenkomst is afgelast" in response.text
        assert "<button" not in main(response)
    assert not Rsvp.objects.exists()


def test_deactivated_accounts_link_no_longer_answers(client, meeting, member):
    member.is_active = False
    member.save(update_fields=["is_active"])
    for response in [client.get(link(meeting, member, "yes")), client.post(link(meeting, member, "yes"))]:
        assert response.status_code == 410
        assert "Dit account is uitgeschakeld" in response.text
        assert "<button" not in main(response)
    assert not Rsvp.objects.exists()


def test_former_members_link_no_longer_answers(client, meeting, member):
    Membership.objects.filter(user=member).update(left_on=timezone.localdate())
    for response in [client.get(link(meeting, member, "yes")), client.post(link(meeting, member, "yes"))]:
        assert response.status_code == 410
        assert "Je bent geen lid (meer) van Strategisch HRM Noordwest" in response.text
    assert not Rsvp.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_broken_link_is_a_clear_404_page(client, meeting, member, method):
    for path in ["/meetings/answer/geen-token/yes/", link(meeting, member, "misschien")]:
        response = getattr(client, method)(path)
        assert response.status_code == 404
        assert "Deze link werkt niet" in response.text
    assert not Rsvp.objects.exists()


def test_link_of_a_deleted_meeting_is_a_clear_404_page(client, meeting, member):
    path = link(meeting, member, "yes")
    meeting.delete()
    assert client.post(path).status_code == 404


# --- The other links in mails ---------------------------------------------------------------------


@pytest.mark.parametrize("method", SCANNER_METHODS)
def test_opening_an_invitation_link_does_not_accept_it(login, network, coordinator, method):
    invitee = UserFactory(email="nieuw@school.example.nl")
    network_services.invite_people(network=network, inviter=coordinator, emails=[invitee.email], role="member")
    invitation = Invitation.objects.get()
    path = f"/invitations/{network_services.invitation_token(invitation)}/"
    for client in [Client(), login(invitee)]:
        assert getattr(client, method)(path).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert not Membership.objects.filter(user=invitee).exists()
