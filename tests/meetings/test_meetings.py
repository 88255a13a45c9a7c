"""Planning a meeting, answering, and recording who came: the paths of coordinators and members."""

from datetime import timedelta

from django.utils import timezone

from meetings import services
from meetings.models import Attendance, Meeting, Rsvp
from members.models import OutgoingMail
from networks.models import Membership
from tests.factories import MembershipFactory, SchoolFactory


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
    assert [r.user for r in page.context["coming"]] == [member]


def test_one_click_answer_from_the_mail(db, network, member, coordinator, mail_sink, send_queued_mail, client):
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
    text = message.get_body(preferencelist=("plain",)).get_content()
    no_link = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Nee: "))
    page = client.get(no_link.replace("http://testserver", ""))
    assert page.status_code == 200
    assert not Rsvp.objects.exists()  # opening the link only shows the button
    response = client.post(no_link.replace("http://testserver", ""))
    assert response.status_code == 200
    assert Rsvp.objects.get(user=member).answer == "no"
    attachment = next(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"


def test_attendance_by_school_and_job_role_and_committed_absentees(login, network, facilitator, member):
    school = Membership.objects.get(user=member).school
    other_school = SchoolFactory(region=network.region, name="De Horst")
    colleague = MembershipFactory(
        network=network, school=school, user__job_role="team_leader", committed_to_attend=True
    )
    away = MembershipFactory(
        network=network, school=other_school, committed_to_attend=True, user__full_name="Joost Afwezig"
    )
    meeting = Meeting.objects.create(
        network=network,
        number=1,
        title="Terugblik",
        place="Zwolle",
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    Rsvp.objects.create(meeting=meeting, user=member, answer="yes")
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
    assert page.context["absent_committed"] == [away.user]
    assert "Joost Afwezig" in page.text


def test_calendar_download(login, network, member, coordinator):
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


def test_a_lowered_capacity_moves_nobody_up_until_seats_are_free(db, network, coordinator, member, facilitator):
    meeting = services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Vol",
        starts_at=in_days(7),
        ends_at=in_days(7, 17),
        place="Zwolle",
    )
    for person in (coordinator, facilitator):
        services.answer_invitation(meeting=meeting, user=person, answer="yes")
    Meeting.objects.filter(pk=meeting.pk).update(capacity=1)
    waiting = services.answer_invitation(meeting=meeting, user=member, answer="yes")
    assert waiting.is_waitlisted
    services.answer_invitation(meeting=meeting, user=facilitator, answer="no")
    waiting.refresh_from_db()
    assert waiting.is_waitlisted  # one seat taken, capacity one: still full
    services.answer_invitation(meeting=meeting, user=coordinator, answer="no")
    waiting.refresh_from_db()
    assert not waiting.is_waitlisted


def test_odd_digits_in_the_attendance_form_are_ignored(login, network, facilitator, member):
    start = timezone.now() - timedelta(hours=3)
    meeting = Meeting.objects.create(
        network=network,
        number=1,
        title="Terugblik",
        place="Zwolle",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    response = login(facilitator).post(f"/meetings/{meeting.pk}/attendance/", {"present": ["²", "9" * 5000, "abc"]})
    assert response.status_code == 302
    assert not Attendance.objects.filter(meeting=meeting, present=True).exists()
