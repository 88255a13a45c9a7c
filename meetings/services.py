"""Planning meetings, answering invitations to them, and recording who came. Each function lists its
side effects; a rule that says no raises ValidationError with a message for the person."""

import time
from functools import lru_cache

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.reversing import reverse_with_token
from mail import outbox
from networks import services as network_services
from networks.models import Membership, Network

from . import follow_ups, reminders, signals
from .calendar import meeting_attachment
from .mails import MeetingMail
from .markdown import render_markdown
from .models import Attendance, Meeting, Note, NoteFile, NoteRevision, Rsvp
from .uploads import check_upload

RSVP_SALT = "meetings.rsvp"
# Changing one of these moves the event in people's calendars: everyone gets a change mail.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url")


def rsvp_token(meeting, user):
    return _answer_token(meeting.pk, user.pk)


def _answer_token(meeting_id, user_id):
    # A mail's three answer links carry the same token, signed once: the signature holds the second it was
    # made in, so within that second signing again would give the same text.
    return _signed_answer(meeting_id, user_id, int(time.time()))


@lru_cache(maxsize=64)
def _signed_answer(meeting_id, user_id, second):
    return signing.dumps([meeting_id, user_id], salt=RSVP_SALT)


def open_rsvp_token(token):
    """(meeting_id, user_id) of a signed answer link, or None when it was tampered with."""
    try:
        meeting_id, user_id = signing.loads(token, salt=RSVP_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return meeting_id, user_id


def answer_path(*, meeting, user, answer):
    """The one-click answer link of person `user` for `meeting` (both ids), made when a mail is sent."""
    return reverse_with_token("meetings:rsvp_link", _answer_token(meeting, user), answer=answer)


def _mail_members(meeting, kind, template, occasion, *, only_user=None):
    members = Membership.objects.current().filter(network=meeting.network).select_related("user")
    if only_user is not None:  # someone who joined after the meeting was announced
        members = members.filter(user=only_user)
    outbox.queue_many(
        kind=kind,
        recipients=[membership.user for membership in members],
        about=meeting,
        occasion=occasion,
        template=template,
        context={"meeting": meeting, "network": meeting.network},
        # Made when the mail is sent: the outbox keeps no link that answers for someone.
        links_for=lambda user: {
            f"answer_links.{answer}": outbox.SecretLink(
                "meetings.rsvp", {"meeting": meeting.pk, "user": user.pk, "answer": answer}
            )
            for answer in Rsvp.Answer.values
        },
        attachments_for=lambda user: [meeting_attachment(meeting, attendee=user)],  # names its recipient
    )


def _validate_times(meeting, *, allow_past=False):
    if not allow_past and meeting.starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("A meeting cannot be planned in the past.")})
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


@transaction.atomic
def schedule_meeting(*, network, planned_by, **fields):
    """Plan the next meeting of a network and announce it to every member with a calendar file.

    Whether it counts as one of the network's supported meetings, or is refused because they are all
    used, the lifecycle answers (`signals.planning_meeting`). A stopped network plans nothing.
    Side effects: one meeting (agenda and homework rendered), its reminders per the network's rules
    (meetings/reminders.py), one announcement mail (with .ics) per current member.
    """
    network = type(network).objects.select_for_update().get(pk=network.pk)  # numbers stay unique
    if network.is_stopped:
        raise ValidationError(_("This network has stopped; it plans no more meetings."))
    answers = signals.planning_meeting.send(sender=Meeting, network=network, planned_by=planned_by)
    number = (network.meetings.aggregate(last=Max("number"))["last"] or 0) + 1
    meeting = Meeting(network=network, number=number, created_by=planned_by, **fields)
    meeting.is_supported = any(answer is True for _receiver, answer in answers)
    _validate_times(meeting)
    meeting.full_clean()
    meeting.render_text()
    meeting.save()
    reminders.schedule_reminders(meeting)
    _mail_members(meeting, MeetingMail.ANNOUNCEMENT, "meeting_announcement", occasion="0")
    return meeting


@transaction.atomic
def update_meeting(*, meeting, **fields):
    """Save changes; when time or place changed, everyone gets a change mail with an updated .ics.

    Side effects: the meeting row (sequence raised on a calendar change; agenda and homework rendered),
    on a calendar change mails and its waiting reminders re-timed.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED or meeting.has_started:
        raise ValidationError(_("Only a planned meeting that has not started can be changed."))
    moved = any(fields.get(name, getattr(meeting, name)) != getattr(meeting, name) for name in CALENDAR_FIELDS)
    old_capacity = meeting.capacity
    for name, value in fields.items():
        setattr(meeting, name, value)
    _validate_times(meeting)
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.render_text()
    meeting.save()
    if moved:
        reminders.schedule_reminders(meeting)  # re-timed; one whose moment passed is dropped, not sent late
        _mail_members(meeting, MeetingMail.CHANGED, "meeting_changed", occasion=str(meeting.sequence))
    if meeting.capacity is None or (old_capacity is not None and meeting.capacity > old_capacity):
        _fill_free_seats(meeting)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting, reason):
    """Cancel a planned meeting; everyone gets a mail whose .ics removes it from their calendar.

    Side effects: the meeting row (status, reason, sequence), its waiting reminders dropped, one
    cancellation mail per member.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("This meeting was already held or cancelled."))
    if meeting.has_started:
        raise ValidationError(_("This meeting has already started; record who came instead."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled; the members will read it.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    reminders.schedule_reminders(meeting)  # drops every reminder still waiting
    _mail_members(meeting, MeetingMail.CANCELLED, "meeting_cancelled", occasion=str(meeting.sequence))
    return meeting


def answer_refusal(*, meeting, user):
    """Why `user` cannot answer for `meeting` now, or "" when they can. Reads only: the page behind an
    answer link asks it before offering its button, and `answer_invitation` asks it again under the lock."""
    if meeting.status == Meeting.Status.CANCELLED:
        return _("This meeting was cancelled; there is nothing to answer.")
    if meeting.status != Meeting.Status.PLANNED or meeting.has_started:  # held meetings have started too
        return _("This meeting has already started; answers can no longer be changed.")
    if not user.is_active:
        return _("This account has been deactivated, so it can no longer answer.")
    if not Membership.objects.current_of(user, meeting.network_id).exists():
        return _("You are not (or no longer) a member of %(network)s, so you cannot answer.") % {
            "network": meeting.network.name
        }
    return ""


@transaction.atomic
def answer_invitation(*, meeting, user, answer, comment=""):
    """Record a member's answer. With a capacity, a "yes" beyond it waits, and a freed seat goes to
    whoever waited longest, who gets a mail.

    Side effects: the person's answer row; possibly another person's row and one outbox row.
    """
    # The lock serialises answers to one meeting, so two people never get the last seat.
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    refusal = answer_refusal(meeting=meeting, user=user)
    if refusal:
        raise ValidationError(refusal)
    rsvp = Rsvp.objects.filter(meeting=meeting, user=user).first() or Rsvp(meeting=meeting, user=user)
    had_seat = rsvp.pk is not None and rsvp.answer == Rsvp.Answer.YES and not rsvp.is_waitlisted
    rsvp.answer, rsvp.comment, rsvp.answered_at = answer, comment, timezone.now()
    if answer != Rsvp.Answer.YES:
        rsvp.waitlisted_at = None
    elif not had_seat and rsvp.waitlisted_at is None and meeting.capacity is not None:
        taken = meeting.rsvps.filter(answer=Rsvp.Answer.YES, waitlisted_at__isnull=True).exclude(user=user).count()
        if taken >= meeting.capacity:
            rsvp.waitlisted_at = timezone.now()
    rsvp.full_clean()
    rsvp.save()
    if had_seat and answer != Rsvp.Answer.YES:
        _fill_free_seats(meeting)  # none when the capacity was lowered below the seats already taken
    return rsvp


def _fill_free_seats(meeting):
    """Those who waited longest take the seats that are free now (after a "no", or more capacity)."""
    taken = meeting.rsvps.filter(answer=Rsvp.Answer.YES, waitlisted_at__isnull=True).count()
    free = (
        meeting.rsvps.filter(waitlisted_at__isnull=False).count()
        if meeting.capacity is None
        else meeting.capacity - taken
    )
    for _seat in range(max(free, 0)):
        if not _move_up_waiting_list(meeting):
            break


def _move_up_waiting_list(meeting):
    """Give the freed seat to whoever waited longest and tell them. False when nobody waits."""
    waiting = meeting.rsvps.filter(waitlisted_at__isnull=False).order_by("waitlisted_at").select_related("user").first()
    if waiting is None:
        return False
    waiting.waitlisted_at = None
    waiting.save(update_fields=["waitlisted_at"])
    outbox.queue_mail(
        kind=MeetingMail.SEAT,
        recipient=waiting.user,
        about=waiting,
        occasion=timezone.now().isoformat(),
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    return True


# --- Joining and leaving a network ----------------------------------------------------------------
# What joining and leaving mean for meetings. `networks` may not know about meetings (the layers
# contract), so these wrap its services in one transaction, and the networks views call them.


def _lock_upcoming_meetings(network_id):
    """Lock the network, then its planned meetings that have not started, in a fixed order.

    The network lock orders us with `schedule_meeting` (a meeting planned while someone joins is
    either seen here or mails the newcomer itself); the meeting locks with answers, changes and
    cancellations. Meetings lock only their own row, so nobody takes these two the other way round.
    """
    Network.objects.select_for_update().filter(pk=network_id).first()
    return list(
        Meeting.objects.select_for_update(of=("self",))
        .select_related("network")
        .filter(network_id=network_id, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now())
        .order_by("pk")
    )


def _announce_to_newcomer(meetings, user):
    # The same kind and occasion as the announcement itself: someone already announced to gets nothing.
    for meeting in meetings:
        _mail_members(meeting, MeetingMail.ANNOUNCEMENT, "meeting_announcement", occasion="0", only_user=user)


@transaction.atomic
def accept_network_invitation(*, invitation, user, school=None, committed_to_attend=False):
    """`user` joins through an invitation (`networks.services.accept_invitation`) and is invited to
    the meetings ahead.

    Side effects: those of `accept_invitation`; one announcement mail (with .ics) per planned
    meeting that has not started, unless the person already got it.
    """
    meetings = _lock_upcoming_meetings(invitation.network_id)
    membership = network_services.accept_invitation(
        invitation=invitation, user=user, school=school, committed_to_attend=committed_to_attend
    )
    _announce_to_newcomer(meetings, membership.user)
    return membership


@transaction.atomic
def register_through_invitation(*, invitation, **fields):
    """A new person creates an account through an invitation (`networks.services.
    register_through_invitation`) and is invited to the meetings ahead.

    Side effects: those of `register_through_invitation`; one announcement mail (with .ics) per
    planned meeting that has not started.
    """
    meetings = _lock_upcoming_meetings(invitation.network_id)
    user, membership = network_services.register_through_invitation(invitation=invitation, **fields)
    _announce_to_newcomer(meetings, user)
    return user, membership


@transaction.atomic
def decide_join_request(*, join_request, decided_by, accept):
    """Accept or decline a request to join (`networks.services.decide_join_request`); someone accepted
    is invited to the meetings ahead.

    Side effects: those of `decide_join_request`; when accepted, one announcement mail (with .ics)
    per planned meeting that has not started, unless the person already got it.
    """
    meetings = _lock_upcoming_meetings(join_request.network_id)
    join_request = network_services.decide_join_request(join_request=join_request, decided_by=decided_by, accept=accept)
    if accept:
        _announce_to_newcomer(meetings, join_request.user)
    return join_request


@transaction.atomic
def end_membership(*, membership):
    """Someone leaves or is removed (`networks.services.end_membership`) and gives up their answers to
    the meetings ahead; every seat they held goes to whoever waited longest.

    Side effects: those of `end_membership`; the person's answers to planned meetings that have not
    started are deleted; per freed seat, one waiting answer gets the seat and one outbox row.
    """
    meetings = _lock_upcoming_meetings(membership.network_id)
    membership = network_services.end_membership(membership=membership)
    for meeting in meetings:
        rsvp = meeting.rsvps.filter(user=membership.user_id).first()
        if rsvp is None:
            continue
        had_seat = rsvp.answer == Rsvp.Answer.YES and not rsvp.is_waitlisted
        # Deleted rather than set to "no": a former member has no place in the meeting's lists.
        rsvp.delete()
        if had_seat:
            _fill_free_seats(meeting)
    return membership


@transaction.atomic
def record_attendance(*, meeting, recorded_by, present_membership_ids):
    """Record who came: every current member is marked present or absent; the meeting becomes held.

    Side effects: one attendance row per current member (replacing earlier ones), the meeting's status.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting has no attendance."))
    if meeting.network.is_stopped:
        raise ValidationError(_("This network has stopped; its meetings are no longer changed."))
    becomes_held = meeting.status != Meeting.Status.HELD
    if not meeting.has_started:
        raise ValidationError(_("Attendance can be recorded once the meeting has started."))
    day = timezone.localdate(meeting.starts_at)  # memberships are dated in Dutch days
    memberships = Membership.objects.filter(network=meeting.network_id, joined_on__lte=day).exclude(left_on__lt=day)
    present = set(present_membership_ids)
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, membership=m, present=m.pk in present, recorded_by=recorded_by) for m in memberships
    )
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    if becomes_held:
        signals.meeting_held.send(sender=Meeting, meeting=meeting, recorded_by=recorded_by)
    return meeting


# --- Session notes --------------------------------------------------------------------------------


def _keep_revision(note, editor):
    NoteRevision.objects.create(
        note=note,
        editor=editor,
        title=note.title,
        body=note.body,
        body_html=note.body_html,
        is_confidential=note.is_confidential,
    )


def _index_notes(ids):
    # PostgreSQL computes the vector from the saved columns, so it follows the save.
    Note.objects.filter(pk__in=ids).update(search_vector=Note.search_document())


def _attach(note, upload, uploaded_by):
    name, content_type = check_upload(upload)
    NoteFile.objects.create(
        note=note, file=upload, name=name, content_type=content_type, size=upload.size, uploaded_by=uploaded_by
    )


@transaction.atomic
def write_note(*, meeting, author, title, body, is_confidential, upload=None):
    """A member's notes of a meeting, perhaps with a file.

    Side effects: one note (rendered, indexed for search), its first revision, a stored file when one is given;
    unless it is confidential, news of it to the other members (a mail or, by default, a digest item).
    """
    if not Membership.objects.current_of(author, meeting.network_id).exists():
        raise ValidationError(_("Only members of the network can write notes."))
    if Network.objects.filter(pk=meeting.network_id, phase=Network.Phase.STOPPED).exists():  # as it is now
        raise ValidationError(_("This network has stopped; its notes can be read but not added to."))
    note = Note(meeting=meeting, author=author, title=title, body=body, is_confidential=is_confidential)
    note.full_clean()
    note.render_text()
    note.save()
    _index_notes([note.pk])
    _keep_revision(note, author)
    if upload is not None:
        _attach(note, upload, author)
    follow_ups.announce_new_note(note)
    return note


@transaction.atomic
def edit_note(*, note, editor, title, body, is_confidential, upload=None):
    """Change a note; the earlier text stays in its history. Only its author may.

    Side effects: the note (rendered, indexed for search), one new revision, a stored file when one is given;
    made confidential, its announcements not sent yet (mails and digest lines) are withdrawn.
    """
    note = Note.objects.select_for_update(of=("self",)).select_related("meeting__network").get(pk=note.pk)
    if note.meeting.network.is_stopped:
        raise ValidationError(_("This network has stopped; its notes can be read but not added to."))
    if note.author_id != editor.pk:
        raise ValidationError(_("Only the author can change a note."))
    changed = (note.title, note.body, note.is_confidential) != (title, body, is_confidential)
    if is_confidential and not note.is_confidential:
        # A confidential note is never announced: not even its title may still leave in a digest.
        outbox.withdraw(kinds=[MeetingMail.NEW_NOTE], about=note, reason="The note was made confidential.")
    note.title, note.body, note.is_confidential = title, body, is_confidential
    note.full_clean()
    if changed:
        note.updated_at = timezone.now()
        note.render_text()
        note.save()
        _index_notes([note.pk])
        _keep_revision(note, editor)
    if upload is not None:
        _attach(note, upload, editor)
    return note


def store_rendered_text(*, meetings=(), notes=()):
    """Render and index meetings and notes that were written without the services above: the demo data
    (inserted in bulk) and the admin. Rendering is linear in the length of each text.

    Side effects: the stored HTML and plain text of each meeting and note, the notes' search vectors,
    and the stored HTML of the notes' revisions.
    """
    meetings, notes = list(meetings), list(notes)
    for row in [*meetings, *notes]:
        row.render_text()
    fields = ["agenda_html", "agenda_text", "homework_html", "homework_text"]
    Meeting.objects.bulk_update(meetings, fields, batch_size=200)
    Note.objects.bulk_update(notes, ["body_html", "body_text"], batch_size=200)
    revisions = list(NoteRevision.objects.filter(note__in=notes).only("body"))
    for revision in revisions:
        revision.body_html = render_markdown(revision.body)
    NoteRevision.objects.bulk_update(revisions, ["body_html"], batch_size=200)
    _index_notes([note.pk for note in notes])
