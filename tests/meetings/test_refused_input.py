"""Input about meetings that is refused, and what it leaves unchanged: the meeting form, cancelling,
answering on the page and by the links in mails, recording attendance, requests without a CSRF token
or with the wrong method."""

import pytest
from django.contrib import messages
from django.core import signing
from django.test import Client

from mail.models import OutgoingMail
from meetings import services
from meetings.models import Attendance, Meeting, Rsvp
from tests.helpers import answer, at, local_input, meeting_form, message_levels

# --- The meeting form -----------------------------------------------------------------------------


def test_meeting_that_ends_before_it_starts_is_refused(login, network, coordinator, member):
    data = meeting_form(starts_at=local_input(at(21, 20)), ends_at=local_input(at(21, 18)))
    response = login(coordinator).post(f"/networks/{network.slug}/meetings/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_meeting_in_the_past_is_refused_on_its_start(login, network, coordinator, member):
    data = meeting_form(starts_at=local_input(at(-1)), ends_at=local_input(at(-1, 21, 30)))
    response = login(coordinator).post(f"/networks/{network.slug}/meetings/new/", data)
    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_meeting_without_place_or_link_is_refused(login, network, coordinator, member):
    data = meeting_form(place="", online_url="")
    response = login(coordinator).post(f"/networks/{network.slug}/meetings/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_online_meeting_without_place_is_fine(login, network, coordinator, member):
    data = meeting_form(place="", online_url="https://meet.example.nl/leernetwerk")
    response = login(coordinator).post(f"/networks/{network.slug}/meetings/new/", data)
    assert response.status_code == 302
    assert Meeting.objects.get().online_url == "https://meet.example.nl/leernetwerk"


def test_capacity_of_zero_is_refused(login, network, coordinator, member):
    response = login(coordinator).post(f"/networks/{network.slug}/meetings/new/", meeting_form(capacity="0"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_capacity_of_zero_gets_a_readable_message(login, network, coordinator):
    response = login(coordinator).post(f"/networks/{network.slug}/meetings/new/", meeting_form(capacity="0"))
    errors = " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors)
    assert errors
    assert "meetings_meeting_capacity_positive" not in errors


# --- Cancelling and editing -----------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_without_a_reason_is_refused(login, meeting, coordinator, member, reason):
    response = login(coordinator).post(f"/meetings/{meeting.pk}/cancel/", {"reason": reason})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason, meeting.sequence) == ("planned", "", 0)
    assert not OutgoingMail.objects.exists()


def test_editing_a_cancelled_meeting_is_refused(login, meeting, coordinator, member):
    services.cancel_meeting(meeting=meeting, reason="De spreker is ziek.")
    mails = OutgoingMail.objects.count()
    meeting.refresh_from_db()
    data = meeting_form(meeting, title="Toch doorgaan", starts_at=local_input(at(15)), ends_at=local_input(at(15, 21)))
    response = login(coordinator).post(f"/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status, meeting.sequence) == ("Intervisie over ontwikkelgesprekken", "cancelled", 1)
    assert OutgoingMail.objects.count() == mails


def test_editing_a_meeting_that_started_is_refused(login, started_meeting, coordinator):
    data = meeting_form(started_meeting, title="Andere titel")
    response = login(coordinator).post(f"/meetings/{started_meeting.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    started_meeting.refresh_from_db()
    assert started_meeting.title == "Casusbespreking"


def test_cancelling_twice_is_refused(login, meeting, coordinator, member):
    client = login(coordinator)
    client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "De spreker is ziek."})
    response = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Nog een keer."})
    assert response.status_code == 200
    assert response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.cancel_reason, meeting.sequence) == ("De spreker is ziek.", 1)
    assert OutgoingMail.objects.filter(kind="meeting_cancelled").count() == 2  # coordinator and member, once


def test_cancelling_a_meeting_that_already_started_is_refused(login, started_meeting, coordinator, member):
    response = login(coordinator).post(f"/meetings/{started_meeting.pk}/cancel/", {"reason": "Vergeten"})
    started_meeting.refresh_from_db()
    assert started_meeting.status == "planned"
    assert not OutgoingMail.objects.filter(kind="meeting_cancelled").exists()
    assert response.status_code == 200


# --- Answers --------------------------------------------------------------------------------------


def test_answer_after_the_start_is_refused_on_the_page(login, started_meeting, member):
    response = answer(login(member), started_meeting, "yes")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{started_meeting.pk}/"
    assert message_levels(response) == [messages.ERROR]
    assert not Rsvp.objects.exists()


def test_answer_after_the_start_is_refused_by_the_mail_link(client, started_meeting, member):
    token = services.rsvp_token(started_meeting, member)
    response = client.get(f"/meetings/answer/{token}/yes/")
    assert response.status_code == 410
    assert response.context["problem"]  # the reason, shown on the page
    assert response.context["problem"] in response.text
    assert not Rsvp.objects.exists()


def test_answer_to_a_cancelled_meeting_is_refused_by_the_mail_link(client, meeting, member):
    services.cancel_meeting(meeting=meeting, reason="De spreker is ziek.")
    response = client.get(f"/meetings/answer/{services.rsvp_token(meeting, member)}/yes/")
    assert response.status_code == 410
    assert not Rsvp.objects.exists()


def test_tampered_answer_link_does_not_work(client, meeting, member, coordinator):
    # Someone swaps the member in their own link for a colleague, keeping their signature.
    own_payload, _sep, own_signature = services.rsvp_token(meeting, member).rpartition(":")
    other_payload = services.rsvp_token(meeting, coordinator).rpartition(":")[0]
    for token in [f"{other_payload}:{own_signature}", f"{own_payload}:{own_signature[:-2]}", "geen-token"]:
        response = client.get(f"/meetings/answer/{token}/no/")
        assert response.status_code == 404
        assert response.context["problem"] == "invalid"
        assert any(text in response.text for text in ("This link does not work", "Deze link werkt niet"))
    assert not Rsvp.objects.exists()


def test_answer_link_with_another_salt_does_not_work(client, meeting, member):
    token = signing.dumps([meeting.pk, member.pk], salt="networks.invitation")
    assert client.get(f"/meetings/answer/{token}/yes/").status_code == 404
    assert not Rsvp.objects.exists()


def test_unknown_answer_in_the_link_is_404(client, meeting, member):
    token = services.rsvp_token(meeting, member)
    response = client.get(f"/meetings/answer/{token}/misschien/")
    assert response.status_code == 404
    assert not Rsvp.objects.exists()


def test_unknown_answer_on_the_page_is_refused(login, meeting, member):
    response = answer(login(member), meeting, "misschien")
    assert response.status_code == 302
    assert message_levels(response) == [messages.ERROR]
    assert not Rsvp.objects.exists()


# --- Attendance -----------------------------------------------------------------------------------


def test_attendance_before_the_start_is_refused(login, meeting, coordinator, member):
    response = login(coordinator).post(f"/meetings/{meeting.pk}/attendance/", {"present": []})
    assert response.status_code == 302
    assert message_levels(response) == [messages.ERROR]
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert not Attendance.objects.exists()


# --- Requests without a CSRF token or with the wrong method ---------------------------------------


@pytest.mark.parametrize(
    ("persona", "action"),
    [("member", "answer/"), ("coordinator", "cancel/"), ("coordinator", "edit/"), ("coordinator", "attendance/")],
)
def test_post_without_csrf_token_is_refused(request, everyone, meeting, persona, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(persona))
    data = {**meeting_form(meeting, title="Zonder token"), "answer": "yes", "reason": "Zonder token"}
    response = client.post(f"/meetings/{meeting.pk}/{action}", data)
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status) == ("Intervisie over ontwikkelgesprekken", "planned")
    assert not Rsvp.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_planning_without_csrf_token_is_refused(network, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(f"/networks/{network.slug}/meetings/new/", meeting_form())
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_answer_page_accepts_only_post(login, meeting, member):
    assert login(member).get(f"/meetings/{meeting.pk}/answer/?answer=yes").status_code == 405
    assert not Rsvp.objects.exists()
