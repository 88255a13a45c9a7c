"""Planning a meeting, answering, and recording who came: the paths of coordinators and members."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from mail.models import OutgoingMail
from meetings import services
from meetings.models import Attendance, Meeting, Rsvp
from networks.models import Membership
from tests.factories import MeetingFactory, MembershipFactory, RsvpFactory, SchoolFactory, UserFactory
from tests.helpers import body_text, calendar_attachments, meeting_form


def in_days(days, hour=15):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def plan_form(**overrides):
    return {
        "title": "Intervisie over ontwikkelgesprekken",
        "starts_at": in_days(14).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": in_days(14, hour=17).strftime("%Y-%m-%dT%H:%M"),
        "place": "Het Baken, Alkmaar",
        "online_url": "",
        "agenda": "1. Opening\n2. Casus",
        "guest_speakers": "",
        "work_forms": ["intervision", "case"],
        "homework": "",
        "capacity": "",
        **overrides,
    }


def test_facilitator_plans_a_meeting_and_every_member_is_invited(login, network, facilitator, member, coordinator):
    response = login(facilitator).post(f"/networks/{network.slug}/meetings/new/", plan_form())
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert (meeting.number, meeting.status, meeting.work_forms) == (1, "planned", ["intervision", "case"])
    assert timezone.localtime(meeting.starts_at).hour == 15  # entered as Amsterdam time
    mails = OutgoingMail.objects.filter(kind="meeting_announcement")
    assert sorted(mails.values_list("recipient", flat=True)) == sorted(
        [facilitator.email, member.email, coordinator.email]
    )
    page = login(member).get(f"/networks/{network.slug}/")
    assert "Intervisie over ontwikkelgesprekken" in page.text


def test_numbers_follow_the_series(login, network, coordinator):
    client = login(coordinator)
    client.post(f"/networks/{network.slug}/meetings/new/", plan_form())
    client.post(
        f"/networks/{network.slug}/meetings/new/",
        plan_form(
            title="Tweede",
            starts_at=in_days(60).strftime("%Y-%m-%dT%H:%M"),
            ends_at=in_days(60, 17).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert list(Meeting.objects.order_by("number").values_list("number", "title")) == [
        (1, "Intervisie over ontwikkelgesprekken"),
        (2, "Tweede"),
    ]


def test_member_answers_changes_the_answer_and_sees_who_comes(login, network, member, coordinator):
    meeting = services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Start",
        starts_at=in_days(7),
        ends_at=in_days(7, 17),
        place="Zwolle",
    )
    client = login(member)
    client.post(f"/meetings/{meeting.pk}/answer/", {"answer": "maybe", "comment": "Ik probeer het"})
    client.post(f"/meetings/{meeting.pk}/answer/", {"answer": "yes", "comment": ""})
    rsvp = Rsvp.objects.get(user=member)
    assert (rsvp.answer, rsvp.comment, rsvp.waitlisted_at) == ("yes", "", None)
    page = client.get(f"/meetings/{meeting.pk}/")
    assert [r["user_id"] for r in page.context["coming"]] == [member.pk]


def _section(html, heading):
    """The names listed under `heading` in the meeting page's "who comes" column, in order."""
    part = re.split(rf"<h[23][^>]*>{heading}\b", html, maxsplit=1)[1].split("</h", 1)[1]
    part = part.split("</ul>", 1)[0].split("</ol>", 1)[0]
    return [item.split("</li>", 1)[0].split(" <span", 1)[0] for item in part.split("<li>")[1:]]


@pytest.mark.parametrize(
    "language, headings, own_answer",
    [
        ("nl", ("Wie komt er", "Wachtlijst", "Misschien", "Kan niet komen"), "Je hebt geantwoord: Nee, ik kan niet."),
        ("en", ("Who comes", "Waiting list", "Maybe", "Cannot come"), "You answered: No, I cannot come."),
    ],
)
def test_every_answer_shows_under_its_heading_and_the_readers_own_fills_in_the_form(
    login, network, member, language, headings, own_answer
):
    meeting = MeetingFactory(network=network, capacity=1)
    RsvpFactory(meeting=meeting, user=UserFactory(full_name="Ada Yes"), answer="yes", comment="Ik neem koffie mee")
    RsvpFactory(meeting=meeting, user=UserFactory(full_name="Bo Waits"), waitlisted=True)
    RsvpFactory(meeting=meeting, user=UserFactory(full_name="Cas Maybe"), answer="maybe")
    RsvpFactory(meeting=meeting, user=member, answer="no", comment="Ziek & zwak")
    member.language = language
    member.save()

    html = login(member).get(f"/meetings/{meeting.pk}/").content.decode()

    coming, waiting, maybe, not_coming = headings
    assert _section(html, coming) == ["Ada Yes"]
    assert "\N{EN DASH} Ik neem koffie mee" in html
    assert _section(html, waiting) == ["Bo Waits"]
    assert _section(html, maybe) == ["Cas Maybe"]
    assert _section(html, not_coming) == [member.full_name]
    assert own_answer in html
    # The form starts from the reader's answer: "no" chosen, the comment filled in (escaped).
    assert 'value="no" id="id_answer_1" required checked>' in html
    assert html.count(" checked>") == 1
    assert 'id="id_comment" value="Ziek &amp; zwak"' in html


@pytest.mark.smtp
def test_the_no_link_in_the_arriving_announcement_answers_no_with_one_click(
    db, network, member, coordinator, mail_sink, send_queued_mail, client
):
    services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Start",
        starts_at=in_days(7),
        ends_at=in_days(7, 17),
        place="Zwolle",
    )
    send_queued_mail()
    message = next(m for m in mail_sink.wait_for(2) if m["To"] == member.email)
    text = body_text(message)
    no_link = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Nee: "))
    page = client.get(no_link.replace("http://testserver", ""))
    assert page.status_code == 200
    assert not Rsvp.objects.exists()  # opening the link only shows the button
    response = client.post(no_link.replace("http://testserver", ""))
    assert response.status_code == 200
    assert Rsvp.objects.get(user=member).answer == "no"
    assert len(calendar_attachments(message)) == 1


def test_attendance_by_school_and_job_role_and_committed_absentees(login, network, facilitator, member):
    school = Membership.objects.get(user=member).school
    other_school = SchoolFactory(region=network.region, name="De Horst")
    colleague = MembershipFactory(
        network=network, school=school, user__job_role="team_leader", committed_to_attend=True
    )
    MembershipFactory(network=network, school=other_school, committed_to_attend=True, user__full_name="Joost Afwezig")
    # Members for a month: a meeting three hours ago falls on yesterday between midnight and 3 a.m.
    Membership.objects.filter(network=network).update(joined_on=timezone.localdate() - timedelta(days=30))
    meeting = MeetingFactory(
        network=network,
        title="Terugblik",
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    RsvpFactory(meeting=meeting, user=member, answer="yes")
    client = login(facilitator)
    form = client.get(f"/meetings/{meeting.pk}/attendance/")
    prefilled = {membership.user for membership, present in form.context["rows"] if present}
    assert prefilled == {member}  # pre-filled from the answers

    ids = [Membership.objects.get(user=member).pk, colleague.pk]
    client.post(f"/meetings/{meeting.pk}/attendance/", {"present": [str(i) for i in ids]})
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert Attendance.objects.filter(meeting=meeting, present=True).count() == 2
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.context["by_school"] == [(school.name, 2)]
    assert dict(page.context["by_role"]) == {"Docent": 1, "Teamleider": 1}
    assert page.context["absent_committed"] == [{"full_name": "Joost Afwezig"}]
    assert "Joost Afwezig" in page.text


def test_calendar_file_gives_the_time_in_amsterdam_with_its_timezone(login, network, member, coordinator):
    meeting = services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Start",
        starts_at=in_days(7),
        ends_at=in_days(7, 17),
        place="Zwolle",
    )
    response = login(member).get(f"/meetings/{meeting.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "DTSTART;TZID=Europe/Amsterdam:" in body
    assert "BEGIN:VTIMEZONE" in body


def test_odd_digits_in_the_attendance_form_are_ignored(login, network, facilitator, member):
    meeting = MeetingFactory(network=network, ended=True)
    response = login(facilitator).post(f"/meetings/{meeting.pk}/attendance/", {"present": ["²", "9" * 5000, "abc"]})
    assert response.status_code == 302
    assert not Attendance.objects.filter(meeting=meeting, present=True).exists()


# The 500 is what this test documents; the ERROR log line belongs to it.
@pytest.mark.expected_error_log
def test_meeting_can_still_be_edited_after_its_planner_left(login, meeting, coordinator):
    planner = UserFactory()
    Meeting.objects.filter(pk=meeting.pk).update(created_by=planner)
    planner.delete()
    data = meeting_form(meeting, agenda="1. Opening\n2. Nieuwe casus")
    response = login(coordinator).post(f"/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda == "1. Opening\n2. Nieuwe casus"
