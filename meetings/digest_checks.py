"""Which waiting digest lines about meetings and notes still concern their person (mail/digest.py asks
when the weekly digest goes out): only those of networks the person still belongs to. Someone who left
a network is not sent its news any more, not even as a line whose link they could no longer open."""

from django.contrib.contenttypes.models import ContentType

from networks.models import Membership

from .mails import MeetingMail
from .models import Meeting, Note

KINDS = [
    MeetingMail.REMINDER,
    MeetingMail.FOLLOW_UP,
    MeetingMail.NOTES_REQUEST,
    MeetingMail.EVALUATION_REMINDER,
    MeetingMail.NEW_NOTE,
]


def still_for_members(items):
    """The pks of `items` (DigestItems about a meeting or a note) whose person is a current member of the
    network it belongs to; items about anything else are kept. Three queries, whatever the number."""
    meeting_type = ContentType.objects.get_for_model(Meeting)
    note_type = ContentType.objects.get_for_model(Note)
    note_ids = {int(item.about_id) for item in items if item.about_type_id == note_type.pk}
    meeting_of_note = dict(Note.objects.filter(pk__in=note_ids).values_list("pk", "meeting_id"))

    def meeting_id(item):
        if item.about_type_id == meeting_type.pk:
            return int(item.about_id)
        return meeting_of_note.get(int(item.about_id))  # None: the note is gone

    meeting_ids = {meeting_id(item) for item in items if item.about_type_id in (meeting_type.pk, note_type.pk)}
    network_of = dict(Meeting.objects.filter(pk__in=meeting_ids - {None}).values_list("pk", "network_id"))
    current = set(
        Membership.objects.current()
        .filter(user_id__in={item.user_id for item in items}, network_id__in=set(network_of.values()))
        .values_list("user_id", "network_id")
    )
    about_a_meeting = (meeting_type.pk, note_type.pk)
    return {
        item.pk
        for item in items
        if item.about_type_id not in about_a_meeting or (item.user_id, network_of.get(meeting_id(item))) in current
    }
