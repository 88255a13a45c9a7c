"""What happens after a held meeting, and whom it reaches (the beat task `send_follow_ups` starts it).

- The day after the meeting (FOLLOW_UP_AFTER its end) those recorded as present get the follow-up: the
  notes (titles and links; confidential notes only counted), the homework for next time and their own
  link to the evaluation.
- When the meeting has no notes yet, its facilitators (or, without one, its coordinators) are asked to
  add them, and asked once more NOTES_REQUEST_REPEAT_AFTER later if there are still none.
- A week after the meeting, those present who have not evaluated it are reminded once.
Nothing is sent later than FOLLOW_UP_WINDOW after the end (a meeting recorded very late gets no
follow-up). Each step is stamped on the meeting's FollowUp under the meeting's lock, and the outbox
keeps one mail per kind, meeting, occasion and person: running it twice sends nothing twice.

A new note that is not confidential is announced to the other members (`announce_new_note`); most
get it in their weekly digest, as that is the default for new notes.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mail import outbox
from networks.models import Membership

from .evaluations import EVALUATION_OPEN_FOR, closes_at
from .mails import MeetingMail
from .models import Attendance, EvaluationResponse, FollowUp, Meeting

FOLLOW_UP_AFTER = timedelta(days=1)
# The evaluation closes then too: a follow-up after it would offer a form that no longer opens.
FOLLOW_UP_WINDOW = EVALUATION_OPEN_FOR
NOTES_REQUEST_REPEAT_AFTER = timedelta(days=3)
EVALUATION_REMINDER_AFTER = timedelta(days=7)
# A meeting recorded late gets its follow-up late; its reminder then waits this long after it.
EVALUATION_REMINDER_NOT_BEFORE = timedelta(days=3)


def meetings_due(now=None):
    """Ids of held meetings inside the follow-up window with a step not yet done."""
    now = now or timezone.now()
    open_steps = (
        Q(follow_up__isnull=True)
        | Q(follow_up__sent_at__isnull=True)
        | Q(follow_up__evaluation_reminded_at__isnull=True)
        | Q(follow_up__notes_requested_at__isnull=False, follow_up__notes_request_repeated_at__isnull=True)
    )
    return list(
        Meeting.objects.filter(
            status=Meeting.Status.HELD,
            ends_at__lte=now - FOLLOW_UP_AFTER,
            ends_at__gt=now - FOLLOW_UP_WINDOW,
        )
        .filter(open_steps)
        .order_by("ends_at")
        .values_list("pk", flat=True)
    )


def present_people(meeting):
    """Those recorded as present who still take part in the network, with an active account."""
    # Ids first, one network's worth each: one query joining all three lets PostgreSQL choose nested loops
    # over whole tables when its statistics are young (minutes, on a freshly loaded database).
    present = set(Attendance.objects.filter(meeting=meeting, present=True).values_list("membership__user", flat=True))
    current = set(Membership.objects.current().filter(network=meeting.network_id).values_list("user", flat=True))
    return get_user_model().objects.filter(pk__in=present & current, is_active=True).order_by("pk")


def note_keepers(meeting):
    """Who is asked for the notes: the network's current facilitators, or its coordinators when it has none."""
    current = Membership.objects.current().filter(network=meeting.network_id, user__is_active=True)
    facilitators = current.filter(role=Membership.Role.FACILITATOR)
    keepers = facilitators if facilitators.exists() else current.filter(role=Membership.Role.COORDINATOR)
    return [membership.user for membership in keepers.select_related("user").order_by("user_id")]


@transaction.atomic
def send_follow_up(meeting_id, *, now=None):
    """Do the follow-up steps of one meeting that are due; does nothing for a meeting that is gone, not
    held, or outside the window. Safe to run twice.

    Side effects: the meeting's FollowUp row (created, stamped); follow-up mails to those present;
    notes requests to the facilitators; evaluation reminders (or digest items, as people chose).
    """
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("network").filter(pk=meeting_id).first()
    if meeting is None or meeting.status != Meeting.Status.HELD:
        return
    if not meeting.ends_at + FOLLOW_UP_AFTER <= now < meeting.ends_at + FOLLOW_UP_WINDOW:
        return
    follow_up, _created = FollowUp.objects.get_or_create(meeting=meeting)
    notes = list(meeting.notes.order_by("created_at"))
    stamped = []
    if follow_up.sent_at is None:
        _send_follow_up_mails(meeting, notes)
        follow_up.sent_at = now
        stamped.append("sent_at")
    if not notes:
        if follow_up.notes_requested_at is None:
            _request_notes(meeting, repeat=False)
            follow_up.notes_requested_at = now
            stamped.append("notes_requested_at")
        elif (
            follow_up.notes_request_repeated_at is None
            and now >= follow_up.notes_requested_at + NOTES_REQUEST_REPEAT_AFTER
        ):
            _request_notes(meeting, repeat=True)
            follow_up.notes_request_repeated_at = now
            stamped.append("notes_request_repeated_at")
    reminder_due = max(meeting.ends_at + EVALUATION_REMINDER_AFTER, follow_up.sent_at + EVALUATION_REMINDER_NOT_BEFORE)
    if follow_up.evaluation_reminded_at is None and now >= reminder_due:
        _remind_to_evaluate(meeting)
        follow_up.evaluation_reminded_at = now
        stamped.append("evaluation_reminded_at")
    if stamped:
        follow_up.save(update_fields=stamped)


def _answered(meeting):
    return set(EvaluationResponse.objects.filter(meeting=meeting).values_list("user_id", flat=True))


def _evaluation_link(meeting, answered):
    def links_for(user):
        # Who evaluated already (from the meeting page) gets the mail without the link.
        if user.pk in answered:
            return {}
        return {"evaluation_link": outbox.SecretLink("meetings.evaluation", {"meeting": meeting.pk, "user": user.pk})}

    return links_for


def _send_follow_up_mails(meeting, notes):
    answered = _answered(meeting)
    outbox.queue_many(
        kind=MeetingMail.FOLLOW_UP,
        recipients=present_people(meeting),
        about=meeting,
        template="meeting_follow_up",
        context={
            "meeting": meeting,
            "network": meeting.network,
            # Confidential notes are only counted: a mail leaves the portal, their titles must not.
            "notes": [note for note in notes if not note.is_confidential],
            "confidential_count": sum(1 for note in notes if note.is_confidential),
            "evaluation_closes_at": closes_at(meeting),
            "evaluation_link": "",  # replaced by each person's link, except for those who evaluated already
        },
        links_for=_evaluation_link(meeting, answered),
        digest_path=meeting.get_absolute_url(),
    )


def _request_notes(meeting, *, repeat):
    outbox.queue_many(
        kind=MeetingMail.NOTES_REQUEST,
        recipients=note_keepers(meeting),
        about=meeting,
        occasion="repeat" if repeat else "first",
        template="meeting_notes_request",
        context={"meeting": meeting, "network": meeting.network, "repeat": repeat},
        digest_path=reverse("meetings:note_new", kwargs={"pk": meeting.pk}),
    )


def _remind_to_evaluate(meeting):
    answered = _answered(meeting)
    outbox.queue_many(
        kind=MeetingMail.EVALUATION_REMINDER,
        recipients=[user for user in present_people(meeting) if user.pk not in answered],
        about=meeting,
        template="meeting_evaluation_reminder",
        context={"meeting": meeting, "network": meeting.network, "evaluation_closes_at": closes_at(meeting)},
        links_for=_evaluation_link(meeting, answered),
        digest_path=reverse("meetings:evaluate", kwargs={"pk": meeting.pk}),
        expires_at=closes_at(meeting),
    )


def announce_new_note(note):
    """Tell the other current members of the network that `note` was written. Confidential notes are
    announced to nobody: neither their title nor their existence goes into a mail or a digest.

    Side effects: per member, one outbox row or one digest item (the default for new notes), or nothing
    when they switched new notes off. Call it inside the transaction that saves the note.
    """
    if note.is_confidential:
        return []
    meeting = note.meeting
    members = (
        Membership.objects.current()
        .filter(network=meeting.network_id, user__is_active=True)
        .exclude(user=note.author_id)
        .select_related("user")
        .order_by("user_id")
    )
    return outbox.queue_many(
        kind=MeetingMail.NEW_NOTE,
        recipients=[membership.user for membership in members],
        about=note,
        template="meeting_new_note",
        context={"note": note, "meeting": meeting, "network": meeting.network, "author": note.author},
        digest_path=note.get_absolute_url(),
    )
