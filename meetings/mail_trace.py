"""Why a mail about a meeting did or did not reach one person: the staff's trace page, and the failed
mails that the coordinators of the meeting see on its page.

Everything here is read from what the sending left behind: the outbox rows (mail.models.OutgoingMail),
the digest items, the reminders of the meeting with their status and reason (meetings.models.Reminder),
and what decides a reminder's audience at send time (meetings/reminders.py): memberships, answers,
the person's mail preference and whether their account is active. The trace repeats those rules in
words; it sends and changes nothing.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mail import kinds
from mail.models import DEFAULT_DELIVERY, Delivery, DigestItem, OutgoingMail, Preference, Topic
from networks.models import Membership

from . import reminders
from .mails import MeetingMail
from .models import Meeting, Note, Reminder, ReminderRule, Rsvp

# A reminder's mails are written while it is sent: between its due time and the moment it is marked
# done. The margin allows for clocks and for a send that marks the reminder just before the last row.


def can_trace_mail(user):
    """VO-raad staff and Django superusers may see which mails went to whom, and why."""
    return user.is_authenticated and user.is_active and (user.is_association_staff or user.is_superuser)


def mails_about(meeting):
    """Outbox rows about `meeting` or one of its notes, oldest first.

    The notes' ids are read first and given as values: with a subquery inside the OR, PostgreSQL scanned the
    whole outbox; with values, it reads both halves from the (about_type, about_id) index."""
    note_ids = [str(pk) for pk in Note.objects.filter(meeting=meeting).values_list("pk", flat=True)]
    return (
        OutgoingMail.objects.filter(
            Q(about_type=ContentType.objects.get_for_model(Meeting), about_id=str(meeting.pk))
            | Q(about_type=ContentType.objects.get_for_model(Note), about_id__in=note_ids)
        )
        .select_related("user")
        .order_by("created_at", "pk")
    )


def has_failed_mail():
    """An annotation for a Meeting query: True when a mail about the meeting or its notes failed for good.
    Read with the meeting, so that its page asks for the failed mails only when there are any.

    Two lookups by the outbox's (about_type, about_id) index, each reading only the mails about one meeting
    or one of its notes. Written as one condition with OR, PostgreSQL scanned the whole outbox on every
    meeting page: 3.4 ms at 20,000 mails, half the page's throughput."""
    failed = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED)
    about_meeting = failed.filter(
        about_type=ContentType.objects.get_for_model(Meeting), about_id=Cast(OuterRef("pk"), CharField())
    )
    about_note = failed.filter(
        about_type=ContentType.objects.get_for_model(Note), about_id=Cast(OuterRef("pk"), CharField())
    )
    notes_with_failed_mail = Note.objects.filter(meeting=OuterRef("pk")).filter(Exists(about_note))
    return ExpressionWrapper(Exists(about_meeting) | Exists(notes_with_failed_mail), output_field=BooleanField())


def failed_mails(meeting):
    """The mails about `meeting` (and its notes) that failed for good: for its coordinators to follow up."""
    return list(mails_about(meeting).filter(status=OutgoingMail.Status.FAILED))


def people_to_choose(meeting):
    """Everyone who is or was a member of the meeting's network: the people a trace can be asked for."""
    return (
        get_user_model()
        .objects.filter(memberships__network_id=meeting.network_id)
        .distinct()
        .order_by("full_name", "email")
    )


@dataclass
class ReminderTrace:
    """One reminder of the meeting as seen from one person."""

    reminder: Reminder
    # "sent": a mail was queued for them; "digest": it went to their weekly digest; "skipped": not for
    # them (see reasons); "not_sent": the reminder itself did not go out; "pending": not due yet.
    outcome: str
    mail: OutgoingMail | None = None
    digest_item: DigestItem | None = None
    reasons: list = field(default_factory=list)
    # For a reminder that has not gone out yet: what would happen to this person if it went now.
    forecast: list = field(default_factory=list)
    # True when the rules say they should have had it and no mail was found: worth a closer look.
    unexplained: bool = False


@dataclass
class Trace:
    meeting: Meeting
    person: object
    memberships: list
    rsvp: Rsvp | None
    reminder_delivery: str
    reminder_preference: Preference | None
    mails: list
    digest_items: list
    reminders: list


def trace(meeting, person):
    """What was sent to `person` about `meeting`, and per reminder of the meeting why they did or did not
    get it. A fixed number of queries, however many mails and reminders there are."""
    memberships = list(
        Membership.objects.filter(network_id=meeting.network_id, user=person).order_by("joined_on", "pk")
    )
    rsvp = Rsvp.objects.filter(meeting=meeting, user=person).first()
    preference = Preference.objects.filter(user=person, topic=Topic.REMINDERS).first()
    delivery = preference.delivery if preference else DEFAULT_DELIVERY[Topic.REMINDERS]
    mails = list(mails_about(meeting).filter(Q(user=person) | Q(recipient__iexact=person.email)))
    for mail in mails:
        mail.kind_label = kinds.label(mail.kind)
    digest_items = list(
        DigestItem.objects.filter(
            user=person, about_type=ContentType.objects.get_for_model(Meeting), about_id=str(meeting.pk)
        ).select_related("digest")
    )
    for item in digest_items:
        item.kind_label = kinds.label(item.kind)
    reminders = list(meeting.reminders.order_by("due_at", "pk"))
    reminder_mails = [mail for mail in mails if mail.kind == MeetingMail.REMINDER]
    reminder_items = [item for item in digest_items if item.kind == MeetingMail.REMINDER]
    context = _Context(person=person, memberships=memberships, rsvp=rsvp, delivery=delivery, preference=preference)
    return Trace(
        meeting=meeting,
        person=person,
        memberships=memberships,
        rsvp=rsvp,
        reminder_delivery=Delivery(delivery),
        reminder_preference=preference,
        mails=mails,
        digest_items=digest_items,
        reminders=[_trace_reminder(reminder, reminder_mails, reminder_items, context) for reminder in reminders],
    )


@dataclass
class _Context:
    person: object
    memberships: list
    rsvp: Rsvp | None
    delivery: str
    preference: Preference | None


def _belongs_to(reminder, row):
    """Whether an outbox row or digest item was written for `reminder` (meetings/reminders.py names it
    in the occasion)."""
    return row.occasion == reminders.reminder_occasion(reminder)


def _trace_reminder(reminder, reminder_mails, reminder_items, context):
    mail = next((m for m in reminder_mails if _belongs_to(reminder, m)), None)
    item = next((i for i in reminder_items if _belongs_to(reminder, i)), None)
    if reminder.status == Reminder.Status.PENDING:
        forecast = _reasons_to_skip(reminder, timezone.now(), context)
        if not forecast:
            forecast = [
                _("It would go to their weekly digest if it went now.")
                if context.delivery == Delivery.DIGEST
                else _("They would get it if it went now.")
            ]
        return ReminderTrace(reminder, "pending", forecast=forecast)
    if reminder.status in (Reminder.Status.MISSED, Reminder.Status.DROPPED):
        reason = _(reminder.reason) if reminder.reason else _("no reason was recorded")  # stored untranslated
        if reminder.status == Reminder.Status.MISSED:
            text = _("The reminder was not sent to anyone: it was missed (%(reason)s).") % {"reason": reason}
        else:
            text = _("The reminder was not sent to anyone: it was dropped (%(reason)s).") % {"reason": reason}
        return ReminderTrace(reminder, "not_sent", reasons=[text])
    if mail is not None:
        return ReminderTrace(reminder, "sent", mail=mail)
    if item is not None:
        return ReminderTrace(
            reminder, "digest", digest_item=item, reasons=[_("They chose to get reminders in the weekly digest.")]
        )
    reasons = _reasons_to_skip(reminder, reminder.done_at or reminder.due_at, context)
    if reasons:
        return ReminderTrace(reminder, "skipped", reasons=reasons)
    return ReminderTrace(
        reminder,
        "skipped",
        reasons=[_("No reason found: by the rules they were in the audience, yet no mail to them was queued.")],
        unexplained=True,
    )


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _day(day):
    return formats.date_format(day, "DATE_FORMAT")


def _reasons_to_skip(reminder, moment, context):
    """Why the rules of meetings/reminders.py leave the person out of `reminder` sent at `moment`."""
    reasons = []
    if not context.person.is_active:
        reasons.append(_("Their account is deactivated."))
    reasons += _membership_reasons(reminder, moment, context.memberships)
    reasons += _audience_reasons(reminder, moment, context.rsvp)
    preference = context.preference
    if context.delivery == Delivery.OFF and (preference is None or preference.changed_at <= moment):
        if preference is None:
            reasons.append(_("They do not receive reminders."))
        else:
            reasons.append(_("They switched reminders off on %(date)s.") % {"date": _when(preference.changed_at)})
    return reasons


def _membership_reasons(reminder, moment, memberships):
    send_day = timezone.localdate(moment)
    due_day = timezone.localdate(reminder.due_at)
    current = [m for m in memberships if m.joined_on <= send_day and (m.left_on is None or m.left_on > send_day)]
    if not current:
        left = [m for m in memberships if m.left_on is not None and m.left_on <= send_day]
        later = [m for m in memberships if m.joined_on > send_day]
        if later:
            return [
                _("They joined the network on %(date)s, after the reminder went out.")
                % {"date": _day(later[0].joined_on)}
            ]
        if left:
            return [_("They had left the network on %(date)s.") % {"date": _day(left[-1].left_on)}]
        return [_("They are not a member of the network.")]
    joined = max(m.joined_on for m in current)
    if joined >= due_day:
        return [
            _(
                "They joined the network on %(joined)s, on or after the day of the reminder (%(due)s): "
                "people who join that late are not reminded."
            )
            % {"joined": _day(joined), "due": _day(due_day)}
        ]
    return []


def _audience_reasons(reminder, moment, rsvp):
    """Whether their answer put them in the reminder's audience at `moment`. An answer changed after
    that moment hides the earlier one (only the latest is kept): then the trace says so."""
    if rsvp is not None and rsvp.answered_at > moment:
        return [
            _(
                "Their answer (%(answer)s) was given or changed on %(date)s, after the reminder went out; "
                "an earlier answer is not kept, so whether they were in its audience cannot be told."
            )
            % {"answer": rsvp.get_answer_display(), "date": _when(rsvp.answered_at)}
        ]
    audience = reminder.audience
    if audience == ReminderRule.Audience.NOT_ANSWERED:
        if rsvp is not None:
            return [
                _("They had already answered (%(answer)s, on %(date)s); this reminder is for those who have not.")
                % {"answer": rsvp.get_answer_display(), "date": _when(rsvp.answered_at)}
            ]
        return []
    wanted = {ReminderRule.Audience.COMING: Rsvp.Answer.YES, ReminderRule.Audience.MAYBE: Rsvp.Answer.MAYBE}.get(
        audience
    )
    if rsvp is None:
        return [
            _("They had not answered; this reminder is for: %(audience)s.")
            % {"audience": reminder.get_audience_display().lower()}
        ]
    if rsvp.answer != wanted:
        return [
            _("Their answer was: %(answer)s; this reminder is for: %(audience)s.")
            % {"answer": rsvp.get_answer_display(), "audience": reminder.get_audience_display().lower()}
        ]
    if rsvp.is_waitlisted and rsvp.waitlisted_at <= moment:
        return [_("They were on the waiting list, without a seat.")]
    return []
