"""Reminders before a meeting: the network's rules, the reminders they make, and whom each one reaches.

A network has ReminderRules ("N hours before, remind those who have not answered / are coming / said
maybe"). For every planned meeting, `schedule_reminders` keeps one Reminder per rule for the meeting's
current start. Beat asks every five minutes which are due (`due_reminder_ids`); `send_reminder` then
decides, at that moment, whom it reaches from the current memberships and answers, and queues one mail
per person through the outbox.

What never happens: a reminder sent twice for one start time (the Reminder row is unique per meeting,
offset, audience and start, and it is locked while it is sent), a reminder for a start that passed or
sent more than LATE_LIMIT after its moment (it is marked missed), a reminder whose moment had already
passed when it was made (the announcement or the "moved" mail just reached everyone: it is dropped).

The reasons stored on a reminder say why a mail did or did not go. They are stored in English, as staff
and the admin read them, and pages translate them when they show them.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mail import outbox
from members.models import User
from networks.models import Membership, Network

from .mails import MeetingMail
from .models import DEFAULT_REMINDER_RULES, REMINDER_MAX_HOURS, Meeting, Reminder, ReminderRule, Rsvp

# A reminder whose worker comes later than this after its moment is not sent: "the meeting is in 2 days"
# arriving a day late misleads more than it helps.
LATE_LIMIT = timedelta(hours=3)

# Why a reminder was dropped or missed: stored as written here, translated where a page shows them.
REASON_CANCELLED = gettext_noop("The meeting was cancelled.")
REASON_HELD = gettext_noop("The meeting was already held.")
REASON_GONE = gettext_noop("The meeting was deleted.")
REASON_MOVED = gettext_noop("The meeting moved to another time.")
REASON_RULE_REMOVED = gettext_noop("The network removed this reminder rule.")
REASON_TOO_LATE_PLANNED = gettext_noop(
    "Its moment had passed when the meeting was planned or moved; the invitation just went out."
)
REASON_TOO_LATE_RULE = gettext_noop("Its moment had passed when the rule was added.")
REASON_STARTED = gettext_noop("The meeting had already started when the reminder was due to go out.")
REASON_LATE = gettext_noop("The reminder could not go out within 3 hours of its moment.")


# --- Rules ----------------------------------------------------------------------------------------


def reminder_occasion(reminder):
    """The outbox occasion of the mails of `reminder`: one mail per person per reminder, and the mail
    trace (meetings/mail_trace.py) finds them by it."""
    return f"reminder-{reminder.pk}"


def create_default_rules(network):
    """Give a network the default rules (DEFAULT_REMINDER_RULES). Side effects: up to two rule rows;
    rules it already has are left as they are."""
    ReminderRule.objects.bulk_create(
        [
            ReminderRule(network=network, hours_before=hours, audience=audience)
            for hours, audience in DEFAULT_REMINDER_RULES
        ],
        ignore_conflicts=True,
    )


def on_network_saved(sender, instance, created, raw=False, **kwargs):
    """post_save receiver of Network (connected in MeetingsConfig.ready): a new network starts with the
    default rules. Not for fixtures being loaded (`raw`), which bring their own rows."""
    if created and not raw:
        create_default_rules(instance)


def _lock_network_for_rules(network):
    """Lock the network row (rule changes of one network go one at a time) and refuse a stopped network."""
    network = Network.objects.select_for_update().get(pk=network.pk)
    if network.is_stopped:
        raise ValidationError(_("This network has stopped; its reminders can no longer be changed."))
    return network


@transaction.atomic
def add_reminder_rule(*, network, hours_before, audience):
    """Add a rule to a network and make its reminders for every upcoming meeting.

    Side effects: one rule row; reminders of the network's upcoming meetings made or dropped
    (`sync_network_reminders`).
    """
    network = _lock_network_for_rules(network)
    if not 1 <= hours_before <= REMINDER_MAX_HOURS:
        raise ValidationError(_("A reminder goes out between 1 hour and 60 days before the meeting."))
    if audience not in ReminderRule.Audience.values:
        raise ValidationError(_("Choose who receives the reminder."))
    if ReminderRule.objects.filter(network=network, hours_before=hours_before, audience=audience).exists():
        raise ValidationError(_("This network already has this reminder."))
    rule = ReminderRule(network=network, hours_before=hours_before, audience=audience)
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:  # the same rule added at the same moment in another tab
        raise ValidationError(_("This network already has this reminder.")) from None
    sync_network_reminders(network)
    return rule


@transaction.atomic
def remove_reminder_rule(*, rule):
    """Remove a rule; its reminders still waiting are dropped (those sent stay, as history).

    Side effects: one rule row deleted; reminders of the network's upcoming meetings dropped
    (`sync_network_reminders`).
    """
    network = _lock_network_for_rules(rule.network)
    ReminderRule.objects.filter(pk=rule.pk, network=network).delete()
    sync_network_reminders(network)


def sync_network_reminders(network):
    """Bring the reminders of every upcoming planned meeting of `network` in line with its rules.
    Side effects: see `schedule_reminders`."""
    rules = list(ReminderRule.objects.filter(network=network))
    meetings = Meeting.objects.filter(network=network, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now())
    for meeting in meetings:
        schedule_reminders(meeting, rules=rules, late_reason=REASON_TOO_LATE_RULE)


# --- Making reminders -----------------------------------------------------------------------------


def schedule_reminders(meeting, *, rules=None, late_reason=REASON_TOO_LATE_PLANNED):
    """Keep one reminder per rule of the network for the meeting's current start; call it inside the
    transaction that plans, moves or cancels the meeting, or changes the rules.

    - A cancelled or held meeting: every waiting reminder is dropped.
    - A waiting reminder for another start time, or for a rule that was removed, is dropped.
    - Per rule, a reminder for the current start is made; one whose moment has already passed is made
      dropped (`late_reason`) and never sent. One that exists for this start stays as it is: a
      reminder sent for a start time is never made again for that time. One dropped earlier (the
      meeting moved away and back, a rule removed and added again) waits again if its moment is ahead.

    Side effects: reminder rows made, dropped or waiting again.
    """
    now = timezone.now()
    waiting = Reminder.objects.filter(meeting=meeting, status=Reminder.Status.PENDING)
    if meeting.status != Meeting.Status.PLANNED:
        reason = REASON_CANCELLED if meeting.status == Meeting.Status.CANCELLED else REASON_HELD
        _drop(waiting, reason, now)
        # Reminder mails still in the outbox (SMTP down, a broker outage) would arrive after the cancellation.
        outbox.withdraw(kinds=[MeetingMail.REMINDER], about=meeting, reason=reason)
        return
    if rules is None:
        rules = list(ReminderRule.objects.filter(network=meeting.network_id))
    wanted = {(rule.hours_before, rule.audience): rule for rule in rules}
    _drop(waiting.exclude(starts_at=meeting.starts_at), REASON_MOVED, now)
    # Reminder mails of the old time not sent yet would name a time that no longer holds.
    old = Reminder.objects.filter(meeting=meeting).exclude(starts_at=meeting.starts_at)
    outbox.withdraw(
        kinds=[MeetingMail.REMINDER],
        about=meeting,
        reason=REASON_MOVED,
        occasions=[reminder_occasion(reminder) for reminder in old.only("pk")],
    )
    for reminder in waiting.filter(starts_at=meeting.starts_at):
        if (reminder.hours_before, reminder.audience) not in wanted:
            _drop(Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.PENDING), REASON_RULE_REMOVED, now)
    existing = {
        (reminder.hours_before, reminder.audience): reminder
        for reminder in Reminder.objects.filter(meeting=meeting, starts_at=meeting.starts_at)
    }
    new = []
    for key, rule in wanted.items():
        due_at = meeting.starts_at - timedelta(hours=rule.hours_before)
        reminder = existing.get(key)
        if reminder is None:
            late = due_at <= now
            new.append(
                Reminder.by_rule(
                    rule,
                    meeting,
                    status=Reminder.Status.DROPPED if late else Reminder.Status.PENDING,
                    reason=late_reason if late else "",
                    done_at=now if late else None,
                )
            )
        elif reminder.status == Reminder.Status.DROPPED and due_at > now:
            Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.DROPPED).update(
                status=Reminder.Status.PENDING, rule=rule, reason="", done_at=None
            )
    # A second sync at the same moment (two tabs) may have made the same rows: the unique key decides.
    Reminder.objects.bulk_create(new, ignore_conflicts=True)


def _drop(reminders, reason, now):
    # Conditional: a reminder being sent right now is locked, and is sent by the time this sees it.
    reminders.filter(status=Reminder.Status.PENDING).update(status=Reminder.Status.DROPPED, reason=reason, done_at=now)


# --- Sending --------------------------------------------------------------------------------------


def due_reminder_ids(now=None):
    """Ids of the reminders waiting whose moment has come (also those far too late: sending marks
    them missed)."""
    now = now or timezone.now()
    return list(
        Reminder.objects.filter(status=Reminder.Status.PENDING, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)
    )


def recipients_of(reminder, meeting):
    """The people a reminder reaches now: current members (active accounts) in its audience by their
    current answer, who joined before the day it is due (someone who joined that day, or later, just
    received the invitation). One query; each person once, however many memberships, with the fields a
    mail needs."""
    joined_before = timezone.localdate(reminder.due_at)
    members = Membership.objects.current().filter(network=meeting.network_id, joined_on__lt=joined_before)
    answers = Rsvp.objects.filter(meeting=meeting, user=OuterRef("pk"))
    if reminder.audience == ReminderRule.Audience.NOT_ANSWERED:
        in_audience = ~Exists(answers)
    elif reminder.audience == ReminderRule.Audience.COMING:
        in_audience = Exists(answers.filter(answer=Rsvp.Answer.YES, waitlisted_at__isnull=True))
    else:
        in_audience = Exists(answers.filter(answer=Rsvp.Answer.MAYBE))
    return list(
        User.objects.filter(in_audience, is_active=True, pk__in=members.values("user_id"))
        # What the outbox reads of a recipient (mail.outbox.queue_many); any other field would cost a query each.
        .only("email", "full_name", "language")
        .order_by("pk")
    )


def last_time(meeting):
    """What the meeting before this one left: its homework (for this one) and its notes.

    Returns {"previous": the last held meeting before this one or None, "homework": its homework as
    plain text, "notes": its notes that are not confidential, "confidential_notes": how many are}.
    Confidential notes are only counted: a mail may be forwarded or read on a shared screen.
    """
    previous = (
        Meeting.objects.filter(network=meeting.network_id, status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return {"previous": None, "homework": "", "notes": [], "confidential_notes": 0}
    notes = list(previous.notes.only("pk", "title", "is_confidential", "meeting_id"))
    return {
        "previous": previous,
        "homework": previous.homework_text,
        "notes": [note for note in notes if not note.is_confidential],
        "confidential_notes": sum(1 for note in notes if note.is_confidential),
    }


@transaction.atomic
def send_reminder(reminder_id):
    """Send one reminder if it is still waiting and still makes sense; safe to run twice.

    The meeting row is locked first (as the services that change it and answer for it do), then the
    reminder's: a second run waits, then finds it sent. A meeting cancelled, held or moved drops it; a
    start that passed, or a moment more than LATE_LIMIT ago, marks it missed.

    Side effects: the reminder's status; one outbox row (or digest item) per person it reaches.
    Returns the number of mails queued.
    """
    reminder = Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.PENDING).only("meeting_id").first()
    if reminder is None:
        return 0  # gone with its meeting, or sent, missed or dropped already
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("network").filter(pk=reminder.meeting_id).first()
    )
    reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
    if reminder is None or reminder.status != Reminder.Status.PENDING:
        return 0
    now = timezone.now()
    outcome = _refusal(reminder, meeting, now)
    if outcome:
        status, reason = outcome
        _finish(reminder, status, reason=reason, now=now)
        return 0
    users = recipients_of(reminder, meeting)
    rows = queue_reminder_mails(reminder, meeting, users)
    _finish(reminder, Reminder.Status.SENT, now=now, recipients=len(users))
    return len(rows)


def _refusal(reminder, meeting, now):
    """(status, reason) when the reminder must not go out, else None."""
    if meeting is None:
        return Reminder.Status.DROPPED, REASON_GONE
    if meeting.status == Meeting.Status.CANCELLED:
        return Reminder.Status.DROPPED, REASON_CANCELLED
    if meeting.status == Meeting.Status.HELD:
        return Reminder.Status.DROPPED, REASON_HELD
    if meeting.starts_at != reminder.starts_at:
        return Reminder.Status.DROPPED, REASON_MOVED
    if meeting.starts_at <= now:
        return Reminder.Status.MISSED, REASON_STARTED
    if now - reminder.due_at > LATE_LIMIT:
        return Reminder.Status.MISSED, REASON_LATE
    return None


def _finish(reminder, status, *, now, reason="", recipients=0):
    reminder.status, reminder.reason, reminder.done_at, reminder.recipients = status, reason, now, recipients
    reminder.save(update_fields=["status", "reason", "done_at", "recipients"])


def queue_reminder_mails(reminder, meeting, users):
    """The mails of `reminder` to `users`, one each (the demo also writes the history of past reminders
    with it). Side effects: one outbox row or digest item per person."""
    with_buttons = reminder.audience in (ReminderRule.Audience.NOT_ANSWERED, ReminderRule.Audience.MAYBE)
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "audience": reminder.audience,
        "with_buttons": with_buttons,
        # Those coming get what they need for it: agenda, homework and the notes of last time.
        "last_time": last_time(meeting) if reminder.audience == ReminderRule.Audience.COMING else None,
    }

    def links_for(user):
        if not with_buttons:
            return None
        # Made when the mail is sent: the outbox keeps no link that answers for someone.
        return {
            f"answer_links.{answer}": outbox.SecretLink(
                "meetings.rsvp", {"meeting": meeting.pk, "user": user.pk, "answer": answer}
            )
            for answer in Rsvp.Answer.values
        }

    return outbox.queue_many(
        kind=MeetingMail.REMINDER,
        recipients=users,
        about=meeting,
        template="meeting_reminder",
        context=context,
        occasion=reminder_occasion(reminder),
        links_for=links_for,
        digest_path=meeting.get_absolute_url(),
        expires_at=meeting.starts_at,
    )
