"""Why a mail did or did not go (meetings/mail_trace.py): the staff's page for one meeting and one person,
and the failed mails that the meeting page shows to the network's coordinators."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from mail import outbox, preferences
from mail.models import Delivery, OutgoingMail, Topic
from meetings import mail_trace, reminders
from meetings.mails import MeetingMail
from meetings.models import Note, Reminder, ReminderRule
from networks.models import Membership
from tests.factories import MeetingFactory, MembershipFactory, NoteFactory, RsvpFactory, UserFactory
from tests.helpers import PERSONAS, client_for, count_queries, is_login_redirect

NOT_ANSWERED = ReminderRule.Audience.NOT_ANSWERED
COMING = ReminderRule.Audience.COMING


def page(meeting, person=None):
    path = f"/meetings/{meeting.pk}/mail/"
    return path if person is None else f"{path}?person={person.pk}"


def reminder(meeting, *, days_ago=1, audience=NOT_ANSWERED, status=Reminder.Status.SENT, reason="", hours=7 * 24):
    """A reminder of `meeting` that was due `days_ago` days ago and, when sent, done a minute later."""
    due = timezone.now() - timedelta(days=days_ago)
    done = due + timedelta(minutes=1) if status != Reminder.Status.PENDING else None
    return Reminder.objects.create(
        meeting=meeting,
        hours_before=hours,
        audience=audience,
        starts_at=meeting.starts_at,
        due_at=due,
        status=status,
        reason=reason,
        done_at=done,
    )


def reminder_mail(meeting, user, the_reminder):
    """The outbox row that the reminder's send wrote for `user` (as meetings/reminders.py would)."""
    row = outbox.queue_mail(
        kind=MeetingMail.REMINDER,
        recipient=user,
        about=meeting,
        occasion=reminders.reminder_occasion(the_reminder),
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    OutgoingMail.objects.filter(pk=row.pk).update(created_at=the_reminder.done_at)
    return row


def explain(meeting, person):
    """The traces of the meeting's reminders for `person`, in due order."""
    return mail_trace.trace(meeting, person).reminders


def texts(row):
    return " | ".join(str(reason) for reason in row.reasons + row.forecast)


@pytest.fixture
def meeting(network, coordinator, facilitator, member):
    # Members for months: joining late is a reason of its own, tested apart.
    Membership.objects.filter(network=network).update(joined_on=timezone.localdate() - timedelta(days=90))
    member.refresh_from_db()
    return MeetingFactory(network=network, created_by=coordinator, title="Intervisie")


# --- Access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_open_the_trace_page(request, everyone, meeting, member, persona):
    response = client_for(request, persona).get(page(meeting, member))
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona == "staff":
        assert response.status_code == 200
        assert "Mail aan één persoon" in response.text
    else:
        assert response.status_code == 404


def test_a_superuser_opens_the_trace_page(login, admin, meeting, member):
    assert login(admin).get(page(meeting, member)).status_code == 200


def test_a_deactivated_staff_member_gets_404(login, meeting, member):
    former = UserFactory(is_association_staff=True, is_active=False)
    assert mail_trace.can_trace_mail(former) is False


def test_the_trace_page_of_a_meeting_that_does_not_exist_is_404(login, staff):
    assert login(staff).get("/meetings/999999/mail/").status_code == 404


def test_the_trace_page_shows_why_a_reminder_was_dropped_in_dutch(login, staff, meeting, member):
    reminder(meeting, status=Reminder.Status.DROPPED, reason=reminders.REASON_MOVED)
    page_text = login(staff).get(page(meeting, member)).content.decode()
    assert "De bijeenkomst is naar een andere tijd verplaatst." in page_text
    assert reminders.REASON_MOVED not in page_text  # the stored English never reaches the page


def test_the_trace_page_only_reads(login, staff, meeting, member):
    assert login(staff).post(page(meeting, member)).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_see_the_link_on_the_meeting_page(request, everyone, meeting, persona):
    if persona == "anonymous":
        return  # anonymous people do not see the meeting page at all
    response = client_for(request, persona).get(meeting.get_absolute_url())
    if response.status_code == 404:
        return  # outsiders do not see the meeting
    assert (page(meeting) in response.text) == (persona == "staff")


# --- Choosing a person --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999999", "-1", "1.5", "x" * 5000])
def test_a_bad_person_is_refused_in_dutch(login, staff, meeting, value):
    response = login(staff).get(page(meeting), {"person": value})
    assert response.status_code == 400
    assert "Kies iemand die lid is of was van dit netwerk." in response.text
    assert response.context["trace"] is None


def test_a_nul_character_is_refused_before_the_page(login, staff, meeting):
    assert login(staff).get(page(meeting), {"person": "1\x00"}).status_code == 400


def test_a_person_of_another_network_cannot_be_chosen(login, staff, meeting, outsider):
    response = login(staff).get(page(meeting, outsider))
    assert response.status_code == 400
    assert response.context["trace"] is None


def test_former_members_can_be_chosen(login, staff, meeting, network):
    former = MembershipFactory(network=network, joined_on=timezone.localdate() - timedelta(days=90))
    former.left_on = timezone.localdate() - timedelta(days=10)
    former.save()
    response = login(staff).get(page(meeting, former.user))
    assert response.status_code == 200
    assert "verlaten op" in response.text


def test_the_page_without_a_person_shows_the_choice(login, staff, meeting, member, coordinator):
    response = login(staff).get(page(meeting))
    assert response.status_code == 200
    assert member.email in response.text and coordinator.email in response.text
    assert response.context["trace"] is None


# --- The mails ----------------------------------------------------------------------------------------


def test_the_mails_to_the_person_about_the_meeting_are_listed(login, staff, meeting, member, coordinator):
    seat = outbox.queue_mail(
        kind=MeetingMail.SEAT,
        recipient=member,
        about=meeting,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    OutgoingMail.objects.filter(pk=seat.pk).update(
        status="failed", last_error="SMTPRecipientsRefused: 550 no such user"
    )
    outbox.queue_mail(  # to someone else: not listed
        kind=MeetingMail.SEAT,
        recipient=coordinator,
        about=meeting,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    other_meeting = MeetingFactory(network=meeting.network)
    outbox.queue_mail(  # about another meeting: not listed
        kind=MeetingMail.SEAT,
        recipient=member,
        about=other_meeting,
        template="meeting_seat",
        context={"meeting": other_meeting, "network": meeting.network},
    )
    response = login(staff).get(page(meeting, member))
    trace = response.context["trace"]
    assert [mail.pk for mail in trace.mails] == [seat.pk]
    assert "Er is een plek vrijgekomen" in response.text  # the kind's label
    assert "Mislukt" in response.text
    assert "550 no such user" in response.text


def test_mails_about_the_meetings_notes_are_listed_too(meeting, member):
    note = NoteFactory(meeting=meeting)
    row = outbox.queue_mail(
        kind=MeetingMail.SEAT,  # the kind does not matter: what it is about does
        recipient=member,
        about=note,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    assert [mail.pk for mail in mail_trace.trace(meeting, member).mails] == [row.pk]


# --- Why a reminder did or did not reach them -----------------------------------------------------------


def test_a_reminder_they_got_shows_its_mail(meeting, member):
    sent = reminder(meeting)
    row = reminder_mail(meeting, member, sent)
    [trace] = explain(meeting, member)
    assert trace.outcome == "sent" and trace.mail.pk == row.pk


def test_a_mail_of_another_reminder_is_not_taken_for_this_one(meeting, member):
    sent = reminder(meeting)
    outbox.queue_mail(
        kind=MeetingMail.REMINDER,
        recipient=member,
        about=meeting,
        occasion="reminder-0",
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    [trace] = explain(meeting, member)
    assert trace.outcome != "sent" and trace.mail is None
    assert sent.pk != 0


def test_switched_off_before_the_reminder(meeting, member):
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.OFF)
    from mail.models import Preference

    Preference.objects.filter(user=member).update(changed_at=timezone.now() - timedelta(days=5))
    reminder(meeting)
    [trace] = explain(meeting, member)
    assert trace.outcome == "skipped"
    assert "herinneringen uitgezet" in texts(trace)
    assert not trace.unexplained


def test_in_the_weekly_digest(meeting, member):
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    sent = reminder(meeting)
    outbox.queue_mail(
        kind=MeetingMail.REMINDER,
        recipient=member,
        about=meeting,
        occasion=reminders.reminder_occasion(sent),
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    [trace] = explain(meeting, member)
    assert trace.outcome == "digest" and trace.digest_item is not None


def test_joined_on_the_day_of_the_reminder(meeting, network):
    sent = reminder(meeting, days_ago=0)
    late = MembershipFactory(network=network, joined_on=timezone.localdate(sent.due_at)).user
    [trace] = explain(meeting, late)
    assert trace.outcome == "skipped"
    assert "op of na de dag van de herinnering" in texts(trace)


def test_joined_after_the_reminder_went(meeting, network):
    reminder(meeting, days_ago=3)
    later = MembershipFactory(network=network, joined_on=timezone.localdate()).user
    [trace] = explain(meeting, later)
    assert "na het versturen van de herinnering" in texts(trace)


def test_had_answered_before_a_reminder_for_those_who_had_not(meeting, member):
    RsvpFactory(meeting=meeting, user=member, answer="no", answered_at=timezone.now() - timedelta(days=4))
    reminder(meeting, days_ago=2)
    [trace] = explain(meeting, member)
    assert trace.outcome == "skipped"
    assert "had al geantwoord" in texts(trace)


def test_an_answer_changed_after_the_reminder_hides_the_earlier_one(meeting, member):
    reminder(meeting, days_ago=2)
    RsvpFactory(meeting=meeting, user=member, answer="yes")
    [trace] = explain(meeting, member)
    assert "kan niet meer worden nagegaan" in texts(trace)


def test_not_coming_is_not_reminded_with_those_who_come(meeting, member):
    RsvpFactory(meeting=meeting, user=member, answer="no", answered_at=timezone.now() - timedelta(days=4))
    reminder(meeting, days_ago=1, audience=COMING, hours=48)
    [trace] = explain(meeting, member)
    assert "Het antwoord was" in texts(trace)


def test_on_the_waiting_list(meeting, member):
    four_days_ago = timezone.now() - timedelta(days=4)
    RsvpFactory(meeting=meeting, user=member, answer="yes", answered_at=four_days_ago, waitlisted_at=four_days_ago)
    reminder(meeting, days_ago=1, audience=COMING, hours=48)
    [trace] = explain(meeting, member)
    assert "wachtlijst" in texts(trace)


def test_left_before_the_reminder(meeting, network):
    gone = MembershipFactory(network=network, joined_on=timezone.localdate() - timedelta(days=60))
    gone.left_on = timezone.localdate() - timedelta(days=5)
    gone.save()
    reminder(meeting, days_ago=1)
    [trace] = explain(meeting, gone.user)
    assert "netwerk verlaten op" in texts(trace)


def test_deactivated(meeting, member):
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()
    reminder(meeting)
    [trace] = explain(meeting, member)
    assert "account is uitgeschakeld" in texts(trace)


@pytest.mark.parametrize(("status", "word"), [("missed", "gemist"), ("dropped", "vervallen")])
def test_a_reminder_that_was_missed_or_dropped_says_why(meeting, member, status, word):
    reminder(meeting, status=status, reason="de bijeenkomst is verplaatst")
    [trace] = explain(meeting, member)
    assert trace.outcome == "not_sent"
    assert word in texts(trace) and "de bijeenkomst is verplaatst" in texts(trace)


def test_a_pending_reminder_forecasts_what_would_happen(meeting, member, coordinator):
    RsvpFactory(meeting=meeting, user=coordinator, answer="yes")
    reminder(meeting, days_ago=-3, status=Reminder.Status.PENDING)
    [for_member] = explain(meeting, member)
    [for_coordinator] = explain(meeting, coordinator)
    assert for_member.outcome == "pending"
    assert "zou het krijgen" in texts(for_member)
    assert "had al geantwoord" in texts(for_coordinator)


def test_no_reason_found_is_said_plainly(meeting, member):
    reminder(meeting)
    [trace] = explain(meeting, member)
    assert trace.unexplained
    assert "Geen reden gevonden" in texts(trace)


# --- Failed mails for the coordinators --------------------------------------------------------------


def failed_mail(meeting, user):
    row = outbox.queue_mail(
        kind=MeetingMail.SEAT,
        recipient=user,
        about=meeting,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    OutgoingMail.objects.filter(pk=row.pk).update(
        status="failed", last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable"
    )
    return row


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_networks_coordinators_see_failed_mails(request, everyone, meeting, member, persona):
    failed_mail(meeting, member)
    response = client_for(request, persona).get(meeting.get_absolute_url())
    shows = "550 5.1.1 mailbox unavailable" in response.text
    assert shows == (persona == "coordinator")
    if shows:
        assert "Mails die niet konden worden bezorgd" in response.text
        assert member.full_name in response.text and member.email in response.text


def test_the_meeting_page_flags_failed_mails_about_this_meeting_or_its_notes_only(login, meeting, member, coordinator):
    """The flag read with the meeting (`has_failed_mail`) looks up the mails of this meeting and of each of its
    notes separately; a failed mail about another meeting, or another meeting's note, must not raise it."""

    def flagged():
        return login(coordinator).get(meeting.get_absolute_url()).context["meeting"].has_failed_mail

    def about_note(row, note):
        OutgoingMail.objects.filter(pk=row.pk).update(
            about_type=ContentType.objects.get_for_model(Note), about_id=str(note.pk)
        )

    other = MeetingFactory(network=meeting.network)
    failed_mail(other, member)
    assert not flagged()  # about another meeting
    row = failed_mail(other, coordinator)
    about_note(row, NoteFactory(meeting=other))
    assert not flagged()  # about another meeting's note
    about_note(row, NoteFactory(meeting=meeting))
    assert flagged()  # about a note of this meeting
    OutgoingMail.objects.filter(pk=row.pk).update(status="sent", sent_at=timezone.now())
    assert not flagged()  # sent after all
    failed_mail(meeting, member)
    assert flagged()  # about this meeting


def test_a_coordinator_of_another_network_does_not_see_them(login, meeting, member):
    other = MembershipFactory(role="coordinator").user
    failed_mail(meeting, member)
    response = login(other).get(meeting.get_absolute_url())
    assert "mailbox unavailable" not in response.text


def test_sent_and_queued_mails_are_not_shown_as_problems(login, meeting, member, coordinator):
    failed_mail(meeting, member)
    outbox.queue_mail(
        kind=MeetingMail.SEAT,
        recipient=coordinator,
        about=meeting,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    response = login(coordinator).get(meeting.get_absolute_url())
    assert [mail.recipient for mail in response.context["mail_problems"]] == [member.email]


# --- Queries and the path -------------------------------------------------------------------------------


def test_the_trace_page_makes_the_same_number_of_queries_however_much_there_is(login, staff, meeting, member, network):
    client = login(staff)
    path = page(meeting, member)
    reminder(meeting, days_ago=2)
    small = count_queries(client, path)
    for index in range(6):
        MembershipFactory(network=network)
        sent = reminder(meeting, days_ago=3 + index, hours=24 * (8 + index))
        reminder_mail(meeting, member, sent)
        failed_mail(MeetingFactory(network=network), member)
    assert count_queries(client, path) == small <= 14


def test_the_meeting_page_for_coordinators_stays_a_fixed_number_of_queries(login, meeting, coordinator, network):
    client = login(coordinator)
    failed_mail(meeting, coordinator)
    few = count_queries(client, meeting.get_absolute_url())
    for _ in range(5):
        failed_mail(meeting, MembershipFactory(network=network).user)
    assert count_queries(client, meeting.get_absolute_url()) == few


def test_staff_follow_the_link_from_the_meeting_page_and_learn_why(login, staff, meeting, member):
    """The path: staff open the meeting, follow the link, choose the person, and read why."""
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.OFF)
    from mail.models import Preference

    Preference.objects.filter(user=member).update(changed_at=timezone.now() - timedelta(days=5))
    reminder(meeting, days_ago=1)
    client = login(staff)
    meeting_page = client.get(meeting.get_absolute_url())
    assert page(meeting) in meeting_page.text
    chooser = client.get(page(meeting))
    assert f'value="{member.pk}"' in chooser.text
    response = client.get(page(meeting), {"person": member.pk})
    assert response.status_code == 200
    assert "herinneringen uitgezet" in response.text
    assert "Niet naar deze persoon verstuurd" in response.text
