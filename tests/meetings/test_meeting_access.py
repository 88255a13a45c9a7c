"""Who may do what with a meeting: every meetings view for every persona.

Personas: coordinator, facilitator and member of the network; a member of another network in
another region (outsider); the regional coordinator of this and of another region; VO-raad staff;
anonymous. Members take part (answer, write notes); planners (the network's coordinator and
facilitator, the regional coordinator, staff) plan, change, cancel and record attendance.
"""

import pytest
from django.contrib import messages
from django.utils import timezone

from mail.models import OutgoingMail
from meetings import services
from meetings.models import Attendance, Meeting, Rsvp
from networks.models import Membership
from tests.helpers import PERSONAS, answer, client_for, is_login_redirect, meeting_form, message_levels

MEMBERS = {"coordinator", "facilitator", "member"}
PLANNERS = {"coordinator", "facilitator", "regional_coordinator", "staff"}
INSIDERS = MEMBERS | PLANNERS


@pytest.mark.parametrize("persona", PERSONAS)
def test_meeting_page_opens_for_members_and_planners_and_is_404_for_others(request, everyone, meeting, persona):
    path = f"/meetings/{meeting.pk}/"
    response = client_for(request, persona).get(path)
    if persona == "anonymous":
        assert is_login_redirect(response, path)
    elif persona in INSIDERS:
        assert response.status_code == 200
        assert meeting.title in response.text
        # Only members get the answer form; managers from outside the network only look.
        assert response.context["is_member"] == (persona in MEMBERS)
        assert response.context["can_plan"] == (persona in PLANNERS)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "page",
    [
        "/networks/{slug}/meetings/new/",
        "/meetings/{meeting}/edit/",
        "/meetings/{meeting}/cancel/",
        "/meetings/{started}/attendance/",
    ],
)
def test_planning_pages_open_for_planners_are_403_for_members_and_404_for_others(
    request, everyone, network, meeting, started_meeting, persona, page
):
    path = page.format(slug=network.slug, meeting=meeting.pk, started=started_meeting.pk)
    response = client_for(request, persona).get(path)
    if persona == "anonymous":
        assert is_login_redirect(response, path)
    elif persona in PLANNERS:
        assert response.status_code == 200
    elif persona in INSIDERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_calendar_file_downloads_for_members_and_planners_only(request, everyone, meeting, persona):
    path = f"/meetings/{meeting.pk}/calendar.ics"
    response = client_for(request, persona).get(path)
    if persona == "anonymous":
        assert is_login_redirect(response, path)
    elif persona in INSIDERS:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_current_members_can_answer(request, everyone, meeting, persona):
    path = f"/meetings/{meeting.pk}/answer/"
    response = client_for(request, persona).post(path, {"answer": "yes"})
    if persona == "anonymous":
        assert is_login_redirect(response, path)
    elif persona in MEMBERS:
        assert response.status_code == 302
        assert response["Location"] == f"/meetings/{meeting.pk}/"
        assert message_levels(response) == [messages.SUCCESS]
        rsvp = Rsvp.objects.get(meeting=meeting)
        assert (rsvp.user, rsvp.answer) == (request.getfixturevalue(persona), "yes")
    elif persona in INSIDERS:
        # Regional coordinators and staff see the meeting but do not take part in it.
        assert response.status_code == 302
        assert message_levels(response) == [messages.ERROR]
    else:
        assert response.status_code == 404
    assert Rsvp.objects.count() == (1 if persona in MEMBERS else 0)


def test_former_member_cannot_answer(login, network, meeting, member):
    Membership.objects.filter(network=network, user=member).update(left_on=timezone.localdate())
    response = answer(login(member), meeting, "yes")
    assert response.status_code == 404
    assert not Rsvp.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ["plan", "edit", "cancel", "attendance"])
def test_planner_actions_change_nothing_for_others(
    request, everyone, network, meeting, started_meeting, persona, action
):
    path = {
        "plan": f"/networks/{network.slug}/meetings/new/",
        "edit": f"/meetings/{meeting.pk}/edit/",
        "cancel": f"/meetings/{meeting.pk}/cancel/",
        "attendance": f"/meetings/{started_meeting.pk}/attendance/",
    }[action]
    present = list(Membership.objects.filter(network=network).values_list("pk", flat=True))
    data = {**meeting_form(), "reason": "De spreker is ziek.", "present": [str(pk) for pk in present]}
    response = client_for(request, persona).post(path, data)
    meeting.refresh_from_db()
    started_meeting.refresh_from_db()
    if persona in PLANNERS:
        assert response.status_code == 302
        changed = {
            "plan": Meeting.objects.filter(title="Nieuwe bijeenkomst", number=3).exists(),
            "edit": meeting.title == "Nieuwe bijeenkomst" and meeting.sequence == 1,
            "cancel": meeting.status == "cancelled",
            "attendance": started_meeting.status == "held",
        }
        assert changed[action]
        return
    if persona == "anonymous":
        assert is_login_redirect(response, path)
    else:
        assert response.status_code == (403 if persona in INSIDERS else 404)
    assert Meeting.objects.count() == 2
    assert (meeting.title, meeting.status, meeting.sequence) == ("Intervisie over ontwikkelgesprekken", "planned", 0)
    assert started_meeting.status == "planned"
    assert not Attendance.objects.exists()
    assert not OutgoingMail.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_signed_answer_link_works_for_whoever_holds_it(request, everyone, meeting, member, persona):
    token = services.rsvp_token(meeting, member)
    response = client_for(request, persona).post(f"/meetings/answer/{token}/maybe/")
    # The link's button answers for the member it was sent to, whoever clicks it, logged in or not.
    assert response.status_code == 200
    assert list(Rsvp.objects.values_list("user", "answer")) == [(member.pk, "maybe")]


def test_guessed_meeting_address_is_404(login, member, meeting):
    assert login(member).get(f"/meetings/{meeting.pk + 1000}/").status_code == 404
