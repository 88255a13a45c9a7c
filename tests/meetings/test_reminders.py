"""Reminders before a meeting: made per rule when a meeting is planned, re-timed when it moves, dropped
when it is cancelled, and sent to whoever is in the audience at the moment they go out, once.

Times are relative to now: a reminder "due" in a test has its due_at set a minute ago."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mail.models import Delivery, DigestItem, Heartbeat, OutgoingMail, Preference, Topic
from meetings import reminders, services, tasks
from meetings.mails import MeetingMail
from meetings.models import Meeting, Reminder, ReminderRule, Rsvp
from networks.models import Membership
from tests.factories import MeetingFactory, MembershipFactory, NetworkFactory, NoteFactory, RsvpFactory
from tests.helpers import at

NOT_ANSWERED = ReminderRule.Audience.NOT_ANSWERED
COMING = ReminderRule.Audience.COMING
MAYBE = ReminderRule.Audience.MAYBE


def backdate(network):
    """Everyone made by the fixtures joined today, and a reminder due today skips those who joined on
    its day: make the network's members older."""
    Membership.objects.filter(network=network).update(joined_on=timezone.localdate() - timedelta(days=60))


def plan(network, coordinator, starts_at, **fields):
    return services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title=fields.pop("title", "Intervisie"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place=fields.pop("place", "Het Baken, Alkmaar"),
        **fields,
    )


def reminders_of(meeting):
    return {(r.hours_before, r.audience, r.starts_at): r for r in Reminder.objects.filter(meeting=meeting)}


def due_now(meeting, audience, *, hours_before=48, late_by=timedelta(minutes=1)):
    """A waiting reminder of `meeting` whose moment was `late_by` ago."""
    return Reminder.objects.create(
        meeting=meeting,
        hours_before=hours_before,
        audience=audience,
        starts_at=meeting.starts_at,
        due_at=timezone.now() - late_by,
    )


def reminder_mails(reminder):
    return OutgoingMail.objects.filter(kind=MeetingMail.REMINDER, occasion=f"reminder-{reminder.pk}")


def recipients(reminder):
    return sorted(reminder_mails(reminder).values_list("recipient", flat=True))


# --- Rules ------------------------------------------------------------------------------------------


def test_a_new_network_starts_with_the_default_rules(db):
    network = NetworkFactory()
    rules = set(ReminderRule.objects.filter(network=network).values_list("hours_before", "audience"))
    assert rules == {(7 * 24, NOT_ANSWERED), (2 * 24, COMING)}


def test_saving_a_network_again_adds_no_rules(network):
    ReminderRule.objects.filter(network=network, audience=COMING).delete()
    network.save()
    assert ReminderRule.objects.filter(network=network).count() == 1


# --- Making reminders -------------------------------------------------------------------------------


def test_planning_a_meeting_makes_one_waiting_reminder_per_rule(network, coordinator):
    starts = at(14)
    meeting = plan(network, coordinator, starts)
    made = reminders_of(meeting)
    assert set(made) == {(168, NOT_ANSWERED, starts), (48, COMING, starts)}
    assert made[(168, NOT_ANSWERED, starts)].due_at == starts - timedelta(days=7)
    assert made[(48, COMING, starts)].due_at == starts - timedelta(days=2)
    assert {r.status for r in made.values()} == {Reminder.Status.PENDING}


def test_a_reminder_whose_moment_passed_before_planning_is_dropped_not_sent_late(network, coordinator):
    starts = at(3)
    meeting = plan(network, coordinator, starts)
    made = reminders_of(meeting)
    week = made[(168, NOT_ANSWERED, starts)]
    assert week.status == Reminder.Status.DROPPED
    assert week.reason == reminders.REASON_TOO_LATE_PLANNED
    assert made[(48, COMING, starts)].status == Reminder.Status.PENDING
    assert reminders.due_reminder_ids() == []


def test_moving_a_meeting_drops_the_waiting_reminders_and_makes_new_ones(network, coordinator):
    old, new = at(14), at(21)
    meeting = plan(network, coordinator, old)
    services.update_meeting(meeting=meeting, starts_at=new, ends_at=new + timedelta(hours=2))
    made = reminders_of(meeting)
    assert len(made) == 4
    for key in [(168, NOT_ANSWERED, old), (48, COMING, old)]:
        assert made[key].status == Reminder.Status.DROPPED
        assert made[key].reason == reminders.REASON_MOVED
    for key in [(168, NOT_ANSWERED, new), (48, COMING, new)]:
        assert made[key].status == Reminder.Status.PENDING
        assert made[key].due_at == new - timedelta(hours=key[0])


def test_moving_only_the_place_leaves_the_reminders_alone(network, coordinator):
    meeting = plan(network, coordinator, at(14))
    services.update_meeting(meeting=meeting, place="De Populier, Hoorn")
    assert Reminder.objects.filter(meeting=meeting, status=Reminder.Status.PENDING).count() == 2
    assert Reminder.objects.filter(meeting=meeting).count() == 2


def test_moving_a_meeting_close_drops_the_reminder_whose_moment_passed(network, coordinator):
    meeting = plan(network, coordinator, at(14))
    soon = at(4)
    services.update_meeting(meeting=meeting, starts_at=soon, ends_at=soon + timedelta(hours=2))
    made = reminders_of(meeting)
    assert made[(168, NOT_ANSWERED, soon)].status == Reminder.Status.DROPPED
    assert made[(168, NOT_ANSWERED, soon)].reason == reminders.REASON_TOO_LATE_PLANNED
    assert made[(48, COMING, soon)].status == Reminder.Status.PENDING


def test_a_reminder_sent_for_a_start_is_not_made_again_when_the_meeting_moves_back(network, coordinator):
    first, other = at(14), at(21)
    meeting = plan(network, coordinator, first)
    sent = Reminder.objects.get(meeting=meeting, audience=COMING)
    Reminder.objects.filter(pk=sent.pk).update(status=Reminder.Status.SENT, done_at=timezone.now(), recipients=3)
    services.update_meeting(meeting=meeting, starts_at=other, ends_at=other + timedelta(hours=2))
    meeting.refresh_from_db()
    services.update_meeting(meeting=meeting, starts_at=first, ends_at=first + timedelta(hours=2))
    made = reminders_of(meeting)
    assert len(made) == 4  # one row per rule and start time, never a second
    back = made[(48, COMING, first)]
    assert back.pk == sent.pk
    assert back.status == Reminder.Status.SENT
    # The one not sent yet waits again for its moment; the ones for the other time are dropped.
    assert made[(168, NOT_ANSWERED, first)].status == Reminder.Status.PENDING
    assert made[(168, NOT_ANSWERED, other)].status == Reminder.Status.DROPPED
    assert made[(48, COMING, other)].status == Reminder.Status.DROPPED


def test_cancelling_a_meeting_drops_every_waiting_reminder(network, coordinator):
    meeting = plan(network, coordinator, at(14))
    services.cancel_meeting(meeting=meeting, reason="De spreker is ziek.")
    assert set(Reminder.objects.filter(meeting=meeting).values_list("status", "reason")) == {
        (Reminder.Status.DROPPED, reminders.REASON_CANCELLED)
    }


def test_rule_changes_retime_every_upcoming_meeting_of_the_network(network, coordinator):
    first, second = plan(network, coordinator, at(14)), plan(network, coordinator, at(28))
    other = plan(NetworkFactory(), coordinator, at(14))
    rule = reminders.add_reminder_rule(network=network, hours_before=24, audience=MAYBE)
    for meeting in (first, second):
        assert Reminder.objects.get(meeting=meeting, hours_before=24, audience=MAYBE).status == Reminder.Status.PENDING
    assert not Reminder.objects.filter(meeting=other, audience=MAYBE).exists()
    reminders.remove_reminder_rule(rule=rule)
    for meeting in (first, second):
        dropped = Reminder.objects.get(meeting=meeting, hours_before=24, audience=MAYBE)
        assert (dropped.status, dropped.reason) == (Reminder.Status.DROPPED, reminders.REASON_RULE_REMOVED)


def test_a_rule_added_after_its_moment_drops_its_reminder(network, coordinator):
    meeting = plan(network, coordinator, at(5))
    reminders.add_reminder_rule(network=network, hours_before=10 * 24, audience=MAYBE)
    late = Reminder.objects.get(meeting=meeting, audience=MAYBE)
    assert (late.status, late.reason) == (Reminder.Status.DROPPED, reminders.REASON_TOO_LATE_RULE)


# --- Sending: whether it goes at all ----------------------------------------------------------------


@pytest.fixture
def meeting(network, coordinator, member):
    meeting = MeetingFactory(network=network, created_by=coordinator, title="Intervisie", starts_at=at(2))
    backdate(network)
    return meeting


def test_a_due_reminder_goes_to_those_who_have_not_answered(meeting, coordinator, member):
    RsvpFactory(meeting=meeting, user=coordinator, answer="yes")
    reminder = due_now(meeting, NOT_ANSWERED)
    reminders.send_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    assert reminder.done_at is not None
    assert reminder.recipients == 1
    assert recipients(reminder) == [member.email]


def test_sending_twice_sends_nothing_twice(meeting, coordinator, member):
    reminder = due_now(meeting, NOT_ANSWERED)
    assert reminders.send_reminder(reminder.pk) == 2
    assert reminders.send_reminder(reminder.pk) == 0
    # Even a reminder put back by hand finds the outbox rows already there.
    Reminder.objects.filter(pk=reminder.pk).update(status=Reminder.Status.PENDING)
    reminders.send_reminder(reminder.pk)
    assert recipients(reminder) == sorted([coordinator.email, member.email])
    assert OutgoingMail.objects.filter(recipient=member.email, kind=MeetingMail.REMINDER).count() == 1


def test_the_periodic_task_hands_each_due_reminder_to_its_own_task(meeting, monkeypatch):
    handed = []
    monkeypatch.setattr(tasks.send_reminder, "delay", handed.append)
    due = due_now(meeting, NOT_ANSWERED)
    Reminder.objects.create(
        meeting=meeting,
        hours_before=24,
        audience=COMING,
        starts_at=meeting.starts_at,
        due_at=timezone.now() + timedelta(hours=1),
    )
    tasks.send_due_reminders()
    assert handed == [due.pk]
    assert Heartbeat.objects.filter(name="send_due_reminders").exists()


def test_the_task_of_a_reminder_that_is_gone_does_nothing(db):
    tasks.send_reminder(123456)
    assert not OutgoingMail.objects.exists()


def test_a_deleted_meeting_takes_its_reminders_along(meeting, member):
    reminder = due_now(meeting, NOT_ANSWERED)
    Meeting.objects.filter(pk=meeting.pk).delete()
    assert reminders.send_reminder(reminder.pk) == 0
    assert not Reminder.objects.filter(pk=reminder.pk).exists()
    assert not OutgoingMail.objects.exists()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": "cancelled", "cancel_reason": "Ziek"}, reminders.REASON_CANCELLED),
        ({"status": "held"}, reminders.REASON_HELD),
    ],
    ids=["cancelled", "held"],
)
def test_a_reminder_of_a_cancelled_or_held_meeting_is_dropped(meeting, member, change, reason):
    reminder = due_now(meeting, NOT_ANSWERED)
    Meeting.objects.filter(pk=meeting.pk).update(**change)
    reminders.send_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.reason) == (Reminder.Status.DROPPED, reason)
    assert not OutgoingMail.objects.exists()


def test_a_reminder_for_a_start_the_meeting_left_is_dropped(meeting, member):
    reminder = due_now(meeting, NOT_ANSWERED)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at + timedelta(hours=1))
    reminders.send_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.reason) == (Reminder.Status.DROPPED, reminders.REASON_MOVED)
    assert not OutgoingMail.objects.exists()


def test_a_reminder_more_than_three_hours_late_is_missed(meeting, member):
    reminder = due_now(meeting, NOT_ANSWERED, late_by=timedelta(hours=3, minutes=5))
    reminders.send_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.reason) == (Reminder.Status.MISSED, reminders.REASON_LATE)
    assert reminder.done_at is not None
    assert not OutgoingMail.objects.exists()


def test_a_reminder_a_little_late_still_goes(meeting, member):
    reminder = due_now(meeting, NOT_ANSWERED, late_by=timedelta(hours=2, minutes=50))
    reminders.send_reminder(reminder.pk)
    assert member.email in recipients(reminder)
    assert Reminder.objects.get(pk=reminder.pk).status == Reminder.Status.SENT


def test_a_reminder_for_a_meeting_that_started_is_missed(network, member):
    started = MeetingFactory(network=network, started=True)
    backdate(network)
    reminder = due_now(started, NOT_ANSWERED)
    reminders.send_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.reason) == (Reminder.Status.MISSED, reminders.REASON_STARTED)
    assert not OutgoingMail.objects.exists()


# --- Sending: who gets it ---------------------------------------------------------------------------


def test_the_audience_is_decided_when_the_reminder_goes_out(meeting, network, coordinator, facilitator, member):
    left = MembershipFactory(network=network, user__full_name="Vertrokken")
    answered = MembershipFactory(network=network).user
    deactivated = MembershipFactory(network=network, user__is_active=False).user
    switched_off = MembershipFactory(network=network).user
    digest = MembershipFactory(network=network).user
    backdate(network)
    newcomer = MembershipFactory(network=network).user  # joined today, the reminder's day
    reminder = due_now(meeting, NOT_ANSWERED)
    # Between planning and sending: one leaves, one answers, two change their mail settings.
    Membership.objects.filter(pk=left.pk).update(left_on=timezone.localdate())
    RsvpFactory(meeting=meeting, user=answered, answer="no")
    Preference.objects.create(user=switched_off, topic=Topic.REMINDERS, delivery=Delivery.OFF)
    Preference.objects.create(user=digest, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    reminders.send_reminder(reminder.pk)
    assert recipients(reminder) == sorted([coordinator.email, facilitator.email, member.email])
    item = DigestItem.objects.get(user=digest)
    assert item.kind == MeetingMail.REMINDER
    assert item.path == meeting.get_absolute_url()
    assert item.expires_at == meeting.starts_at
    for nobody in (left.user, answered, deactivated, switched_off, newcomer):
        assert not OutgoingMail.objects.filter(recipient=nobody.email).exists()
    assert DigestItem.objects.count() == 1


def test_those_coming_exclude_the_waiting_list_and_other_answers(meeting, network, coordinator, member):
    waiting = RsvpFactory(meeting=meeting, waitlisted=True).user
    maybe = RsvpFactory(meeting=meeting, answer="maybe").user
    RsvpFactory(meeting=meeting, user=member, answer="yes")
    backdate(network)
    reminder = due_now(meeting, COMING)
    reminders.send_reminder(reminder.pk)
    assert recipients(reminder) == [member.email]
    assert waiting.email not in recipients(reminder) and maybe.email not in recipients(reminder)


def test_those_who_said_maybe_get_the_maybe_reminder(meeting, network, member):
    RsvpFactory(meeting=meeting, user=member, answer="maybe")
    RsvpFactory(meeting=meeting, answer="yes")
    backdate(network)
    reminder = due_now(meeting, MAYBE)
    reminders.send_reminder(reminder.pk)
    assert recipients(reminder) == [member.email]


def test_someone_who_joined_the_day_before_is_reminded(meeting, network):
    yesterday = MembershipFactory(network=network, joined_on=timezone.localdate() - timedelta(days=1)).user
    reminder = due_now(meeting, NOT_ANSWERED)
    reminders.send_reminder(reminder.pk)
    assert yesterday.email in recipients(reminder)


def test_each_person_gets_a_mail_of_their_own(meeting, network, send_queued_mail, mailoutbox):
    for _ in range(4):
        MembershipFactory(network=network)
    backdate(network)
    reminder = due_now(meeting, NOT_ANSWERED)
    reminders.send_reminder(reminder.pk)
    people = Membership.objects.current().filter(network=network).count()
    assert send_queued_mail() == people
    assert len(mailoutbox) == people
    assert all(len(message.to) == 1 and not message.bcc and not message.cc for message in mailoutbox)
    assert len({message.to[0] for message in mailoutbox}) == people
    assert Reminder.objects.get(pk=reminder.pk).recipients == people


# --- The mail ---------------------------------------------------------------------------------------


@pytest.fixture
def evening_meeting(network, coordinator, member):
    """Two weeks ahead at 19:30 Amsterdam time."""
    meeting = MeetingFactory(
        network=network,
        title="Intervisie",
        starts_at=at(14),
        ends_at=at(14, 21, 30),
        place="De Populier, Hoorn",
        online_url="https://meet.example.nl/abc",
        agenda="1. Opening\n2. Casus van Ahmed",
    )
    backdate(network)
    return meeting


def test_the_subject_names_network_date_and_time_in_dutch(evening_meeting, network, member):
    reminder = due_now(evening_meeting, NOT_ANSWERED)
    reminders.send_reminder(reminder.pk)
    mail = reminder_mails(reminder).get(recipient=member.email)
    day = evening_meeting.starts_at.astimezone(at(0).tzinfo)
    days = ["ma", "di", "wo", "do", "vr", "za", "zo"]
    months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    assert mail.subject == f"Kom je? {network.name}, {days[day.weekday()]} {day.day} {months[day.month - 1]} 19:30"


def test_the_subject_is_in_english_for_english_readers(evening_meeting, network):
    english = MembershipFactory(network=network, user__language="en").user
    backdate(network)
    RsvpFactory(meeting=evening_meeting, user=english, answer="yes")
    reminder = due_now(evening_meeting, COMING)
    reminders.send_reminder(reminder.pk)
    mail = reminder_mails(reminder).get(recipient=english.email)
    day = evening_meeting.starts_at.astimezone(at(0).tzinfo)
    assert mail.subject == f"Reminder: {network.name}, {day.strftime('%a')} {day.day} {day.strftime('%b')} 19:30"
    assert "You are coming to meeting" in mail.body_text


def test_those_who_have_not_answered_get_the_answer_buttons(evening_meeting, member, send_queued_mail, mailoutbox):
    reminder = due_now(evening_meeting, NOT_ANSWERED)
    reminders.send_reminder(reminder.pk)
    stored = reminder_mails(reminder).get(recipient=member.email)
    assert "/meetings/answer/" not in stored.body_text  # made when sent, never stored
    send_queued_mail()
    [message] = [m for m in mailoutbox if m.to == [member.email]]
    html = message.alternatives[0][0]
    for answer in ("yes", "no", "maybe"):
        assert f"/{answer}/" in message.body
        assert f"/{answer}/" in html
    assert "http://testserver/meetings/answer/" in message.body
    assert "Je hebt nog niet laten weten of je komt" in message.body
    assert "De Populier, Hoorn" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_those_coming_get_place_link_agenda_homework_and_the_notes_of_last_time(
    evening_meeting, network, member, send_queued_mail, mailoutbox
):
    previous = MeetingFactory(
        network=network, held=True, title="Startbijeenkomst", homework="Lees het artikel over *SHRM*."
    )
    older = MeetingFactory(
        network=network, status="held", starts_at=previous.starts_at - timedelta(days=40), homework="Oud huiswerk"
    )
    public = NoteFactory(meeting=previous, title="Verslag van de start")
    NoteFactory(meeting=previous, title="Casus Ahmed (vertrouwelijk)", is_confidential=True)
    NoteFactory(meeting=previous, title="Casus Ingrid (vertrouwelijk)", is_confidential=True)
    NoteFactory(meeting=older, title="Oud verslag")
    RsvpFactory(meeting=evening_meeting, user=member, answer="yes")
    backdate(network)
    reminder = due_now(evening_meeting, COMING)
    reminders.send_reminder(reminder.pk)
    send_queued_mail()
    [message] = mailoutbox
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "De Populier, Hoorn" in body
        assert "https://meet.example.nl/abc" in body
        assert "Casus van Ahmed" in body
        assert "Huiswerk voor deze bijeenkomst" in body
        assert "Lees het artikel over SHRM." in body
        assert "Oud huiswerk" not in body and "Oud verslag" not in body
        assert "Verslag van de start" in body
        assert f"http://testserver{public.get_absolute_url()}" in body
        assert "En 2 vertrouwelijke aantekeningen, alleen te lezen op het portaal." in body
        assert "vertrouwelijk)" not in body
        assert "/meetings/answer/" not in body
    assert message.subject.startswith(f"Herinnering: {network.name}, ")


def test_a_first_meeting_reminder_has_no_notes_of_last_time(evening_meeting, member):
    RsvpFactory(meeting=evening_meeting, user=member, answer="yes")
    reminder = due_now(evening_meeting, COMING)
    reminders.send_reminder(reminder.pk)
    body = reminder_mails(reminder).get().body_text
    assert "vorige keer" not in body
    assert "Huiswerk" not in body


def test_those_who_said_maybe_are_asked_again_with_the_buttons(evening_meeting, member):
    RsvpFactory(meeting=evening_meeting, user=member, answer="maybe")
    reminder = due_now(evening_meeting, MAYBE)
    reminders.send_reminder(reminder.pk)
    mail = reminder_mails(reminder).get()
    assert mail.subject.startswith("Nog steeds misschien? ")
    assert set(mail.links) == {"answer_links.yes", "answer_links.no", "answer_links.maybe", "unsubscribe_url"}


def test_a_reminder_reached_through_the_service_path_goes_once(network, coordinator, member):
    """From planning to sending: the 2-day reminder of a meeting planned through the service."""
    meeting = plan(network, coordinator, at(10))
    backdate(network)
    services.answer_invitation(meeting=meeting, user=member, answer=Rsvp.Answer.YES)
    Reminder.objects.filter(meeting=meeting, audience=COMING).update(due_at=timezone.now() - timedelta(minutes=1))
    [due] = reminders.due_reminder_ids()
    reminders.send_reminder(due)
    reminders.send_reminder(due)
    assert recipients(Reminder.objects.get(pk=due)) == [member.email]
    assert Reminder.objects.get(pk=due).status == Reminder.Status.SENT
