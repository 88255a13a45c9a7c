"""The mails the meetings app sends, and which of them people may switch off (mail/kinds.py).

Announcements, changes, cancellations and a freed seat always go out: they change what people
should do. Reminders, follow-ups, evaluation requests and news of notes belong to a topic.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mail import kinds
from mail.models import Topic


class MeetingMail(models.TextChoices):
    ANNOUNCEMENT = "meeting_announcement", _("Meeting announcement")
    CHANGED = "meeting_changed", _("Meeting changed")
    CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    SEAT = "meeting_seat", _("A seat became free")
    REMINDER = "meeting_reminder", _("Reminder before a meeting")
    FOLLOW_UP = "meeting_follow_up", _("Follow-up after a meeting")
    NOTES_REQUEST = "meeting_notes_request", _("Request to add the notes of a meeting")
    EVALUATION_REMINDER = "meeting_evaluation_reminder", _("Reminder to evaluate a meeting")
    NEW_NOTE = "meeting_new_note", _("New session notes")


kinds.register(
    MeetingMail,
    topics={
        MeetingMail.REMINDER: Topic.REMINDERS,
        MeetingMail.FOLLOW_UP: Topic.FOLLOW_UPS,
        MeetingMail.NOTES_REQUEST: Topic.FOLLOW_UPS,
        MeetingMail.EVALUATION_REMINDER: Topic.EVALUATIONS,
        MeetingMail.NEW_NOTE: Topic.NEW_NOTES,
    },
)
