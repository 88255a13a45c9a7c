"""The meeting page keeps its parts per process under a digest of its context (common/fragments.py,
templates/meetings/detail.html), as the network page does. Whatever changes, and whoever reads it, each reader
must see exactly the page that would be rendered afresh: every reader reads the page, one thing changes, and
each reader's page from the kept parts is compared with the same page rendered with nothing kept."""

from datetime import timedelta

from django.utils import timezone

from mail import outbox
from mail.models import OutgoingMail
from meetings import evaluations
from meetings import services as meeting_services
from meetings.mails import MeetingMail
from meetings.models import Meeting
from networks.models import Network
from tests.factories import NoteFactory
from tests.helpers import answer, check_kept_parts_after, check_kept_parts_reused, present, shown_page


def _path(meeting):
    return f"/meetings/{meeting.pk}/"


def test_a_reader_who_reads_again_gets_the_kept_parts_and_no_new_ones(page_readers, meeting):
    check_kept_parts_reused(page_readers, _path(meeting))


def _answering(client, meeting, value, comment=""):
    """A change: the reader answers on the page, and reads the page it leads back to (with its "saved" message,
    which the next page must not show again)."""

    def change():
        answer(client, meeting, value, comment)
        shown_page(client, _path(meeting))

    return change


def test_every_reader_sees_each_change_to_a_planned_meeting_at_once(
    page_readers, meeting, network, coordinator, member
):
    def update_meeting(**fields):
        return lambda: Meeting.objects.filter(pk=meeting.pk).update(**fields)  # behind the services' back

    def fail_a_mail():
        row = outbox.queue_mail(
            kind=MeetingMail.SEAT,
            recipient=member,
            about=meeting,
            template="meeting_seat",
            context={"meeting": meeting, "network": network},
        )
        OutgoingMail.objects.filter(pk=row.pk).update(status="failed", last_error="550 mailbox unavailable")

    changes = [
        update_meeting(title="Intervisie, deel twee"),
        update_meeting(place="De Nieuwe School, Hoorn", capacity=2),
        update_meeting(agenda_html="<p>Nieuwe agenda</p>", homework_html="<p>Lezen</p>"),
        _answering(page_readers["member"], meeting, "yes", "Ik neem koffie mee"),
        _answering(page_readers["coordinator"], meeting, "yes"),
        _answering(page_readers["facilitator"], meeting, "yes"),  # the third: on the waiting list
        _answering(page_readers["member"], meeting, "maybe"),
        _answering(page_readers["member in English"], meeting, "no", "Op vakantie"),
        lambda: NoteFactory(meeting=meeting, author=member, title="Voorbereiding"),
        lambda: NoteFactory(meeting=meeting, author=coordinator, title="Alleen voor leden", is_confidential=True),
        fail_a_mail,
        lambda: Network.objects.filter(pk=network.pk).update(name="Een andere naam"),
    ]
    for change in changes:
        check_kept_parts_after(change, page_readers, _path(meeting))


def test_a_meeting_that_begins_while_nothing_changes_loses_its_answer_form(page_readers, meeting, monkeypatch):
    # Nothing is saved: only the clock moves on, past the start of the meeting.
    def start():
        monkeypatch.setattr("django.utils.timezone.now", lambda: meeting.starts_at + timedelta(minutes=10))

    check_kept_parts_after(start, page_readers, _path(meeting))
    assert "Aanwezigheid registreren" in shown_page(page_readers["coordinator"], _path(meeting))[1]
    assert 'id="answer-heading"' not in shown_page(page_readers["member"], _path(meeting))[1]


def test_every_reader_sees_attendance_the_evaluation_and_a_cancellation_at_once(
    page_readers, meeting, network, coordinator, facilitator, member
):
    def hold():
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
        )
        meeting.refresh_from_db()
        present(meeting, member, coordinator)
        present(meeting, facilitator, came=False)
        Meeting.objects.filter(pk=meeting.pk).update(status="held")

    changes = [
        hold,
        lambda: evaluations.evaluate_meeting(meeting=meeting, user=member, overall=4, useful=5, will_try=True),
        lambda: NoteFactory(meeting=meeting, author=facilitator, title="Verslag"),
    ]
    for change in changes:
        check_kept_parts_after(change, page_readers, _path(meeting))


def test_every_reader_sees_a_cancellation_at_once(page_readers, meeting):
    def cancel():
        meeting_services.cancel_meeting(meeting=meeting, reason="De spreker is ziek.")

    check_kept_parts_after(cancel, page_readers, _path(meeting))


def test_a_reader_who_answered_also_gets_the_kept_parts(page_readers, meeting):
    _answering(page_readers["member"], meeting, "yes", "Graag")()
    _answering(page_readers["coordinator"], meeting, "maybe")()
    check_kept_parts_reused(page_readers, _path(meeting))
