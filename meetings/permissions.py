"""Who may see and plan meetings: a network's members see its meetings; its coordinators and
facilitator, and whoever manages the network, plan, change and cancel them and record attendance."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from networks.models import Membership
from networks.permissions import access_annotations, access_from_row, get_network_for_user

from .models import Meeting, Note, NoteFile

PLANNING_ROLES = {Membership.Role.COORDINATOR, Membership.Role.FACILITATOR}


def can_plan_meetings(access):
    return access.can_manage or access.role in PLANNING_ROLES


def get_meeting_for_user(user, pk, *, annotations=None):
    """(meeting, access) for members of its network and those who manage it; 404 for everyone else.
    `annotations` are read in the same query (a page's figures)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("network").annotate(
            **access_annotations(user, network="network", region="network__region"), **(annotations or {})
        ),
        pk=pk,
    )
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


def visible_notes(meeting, access):
    notes = meeting.notes.select_related("author").prefetch_related("files")
    if not access.is_member:
        notes = notes.filter(is_confidential=False)
    return notes


def get_note_for_user(user, pk):
    """(note, access) for those who may read it; 404 for everyone else, so nobody learns it exists."""
    note = get_object_or_404(
        Note.objects.select_related("meeting__network__region", "author").annotate(
            **access_annotations(user, network="meeting__network", region="meeting__network__region")
        ),
        pk=pk,
    )
    access = access_from_row(user, note)
    if not can_read_note(access, note):
        raise Http404
    return note, access


def get_note_file_for_user(user, pk):
    note_file = get_object_or_404(NoteFile.objects.select_related("note"), pk=pk)
    get_note_for_user(user, note_file.note_id)
    return note_file
