"""Who may see and plan meetings: a network's members see its meetings; its coordinators and
facilitator, and whoever manages the network, plan, change and cancel them and record attendance."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from common.prepared import PreparedQuery
from networks.models import Membership
from networks.permissions import AccessQuery, access_from_row, get_network_for_user

from .models import Meeting, Note, NoteFile

PLANNING_ROLES = {Membership.Role.COORDINATOR, Membership.Role.FACILITATOR}


def can_plan_meetings(access):
    return access.can_manage or access.role in PLANNING_ROLES


def meeting_query(columns=None):
    """The query of `get_meeting_for_user`, with a page's `columns(user_id)` (its figures) read in it."""
    return AccessQuery(
        lambda: Meeting.objects.select_related("network"),
        lookup="pk",
        network="network",
        region="network__region",
        columns=columns,
    )


MEETING = meeting_query()


def get_meeting_for_user(user, pk, *, query=MEETING):
    """(meeting, access) for members of its network and those who manage it; 404 for everyone else.
    `query` (from `meeting_query`) reads a page's figures in the same query."""
    meeting = query.get(user, pk)
    if meeting is None:
        raise Http404
    access = access_from_row(user, meeting)
    if not access.can_see_inside:
        raise Http404
    return meeting, access


def get_meeting_for_planner(user, pk):
    meeting, access = get_meeting_for_user(user, pk)
    if not can_plan_meetings(access):
        raise PermissionDenied
    return meeting, access


def get_network_for_planner(user, slug):
    network, access = get_network_for_user(user, slug)
    if not access.can_see_inside:
        raise Http404
    if not can_plan_meetings(access):
        raise PermissionDenied
    return network, access


def can_read_note(access, note):
    """Confidential notes (intervision) only for the network's members: not for staff or regional
    coordinators who manage the network without taking part in it."""
    return access.is_member if note.is_confidential else access.can_see_inside


def _notes_of(meeting_id, *, confidential_too):
    # Only what the meeting page shows of each note: not its body (up to 100,000 characters, in three forms), nor
    # the author's whole row, which would be read, and made part of the page's key, on every visit.
    notes = (
        Note.objects.filter(meeting=meeting_id)
        .select_related("author")
        .only("meeting_id", "title", "is_confidential", "author__full_name")
        .annotate(file_count=Count("files"))
    )
    return notes if confidential_too else notes.filter(is_confidential=False)


_NOTES_FOR_MEMBERS = PreparedQuery(Note, lambda meeting: _notes_of(meeting, confidential_too=True))
_NOTES_FOR_OTHERS = PreparedQuery(Note, lambda meeting: _notes_of(meeting, confidential_too=False))


def visible_notes(meeting, access):
    """The notes of `meeting` that `access` may read (see `can_read_note`), with their authors and their
    `file_count`, oldest first: one query."""
    return (_NOTES_FOR_MEMBERS if access.is_member else _NOTES_FOR_OTHERS).all(meeting=meeting.pk)


NOTE = AccessQuery(
    lambda: Note.objects.select_related("meeting__network__region", "author"),
    lookup="pk",
    network="meeting__network",
    region="meeting__network__region",
)


def get_note_for_user(user, pk):
    """(note, access) for those who may read it; 404 for everyone else, so nobody learns it exists."""
    note = NOTE.get(user, pk)
    if note is None:
        raise Http404
    access = access_from_row(user, note)
    if not can_read_note(access, note):
        raise Http404
    return note, access


def get_note_file_for_user(user, pk):
    note_file = get_object_or_404(NoteFile.objects.select_related("note"), pk=pk)
    get_note_for_user(user, note_file.note_id)
    return note_file
