"""The meeting page keeps its parts per process under a digest of its context (common/fragments.py,
templates/meetings/detail.html), as the network page does. Whatever changes, and whoever reads it, each reader
must see exactly the page that would be rendered afresh: every reader reads the page, one thing changes, and
each reader's page from the kept parts is compared with the same page rendered with nothing kept."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mail import outbox
from mail.models import OutgoingMail
from meetings import evaluations
from meetings import services as meeting_services
from meetings.mails import MeetingMail
from meetings.models import Meeting
from networks.models import Network
from tests.factories import MembershipFactory, NoteFactory
from tests.helpers import answer, present

# Each form's token is the reader's own and new on every page: not part of what is compared.
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def readers(login, network, coordinator, facilitator, member, outsider, staff):
    """Everyone who sees the page differently, with a member who reads it in English and one with a full
    waiting list ahead of them."""
    english = MembershipFactory(network=network, user__language="en").user
    return {
        "coordinator": login(coordinator),
        "facilitator": login(facilitator),
        "member": login(member),
        "another member": login(MembershipFactory(network=network).user),  # sees what `member` sees
        "member in English": login(english),
        "outsider": login(outsider),
        "staff": login(staff),
        "anonymous": Client(),
    }


def _page(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/")
    return response.status_code, _CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def _check_after(change, readers, meeting):
    """Every reader reads the page (their parts are kept), `change` happens, and every reader's next page, made
    from whatever is kept (by them or by a reader before them), must equal the page rendered with nothing kept,
    with as many queries: a kept part must not read anything lazily either."""
    for client in readers.values():
        _page(client, meeting)
    change()
    kept = {name: _counted(client, meeting) for name, client in readers.items()}
    for name, client in readers.items():
        caches["fragments"].clear()
        assert kept[name] == _counted(client, meeting), f"{name} saw a kept part that no longer holds"


def _counted(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        page = _page(client, meeting)
    return page, len(queries)


def test_a_reader_who_reads_again_gets_the_kept_parts_and_no_new_ones(readers, meeting):
    for client in readers.values():
        first = _page(client, meeting)
        kept = len(caches["fragments"]._cache)
        assert _page(client, meeting) == first
        assert len(caches["fragments"]._cache) == kept, "a key that changes on every request"


def _answering(client, meeting, value, comment=""):
    """A change: the reader answers on the page, and reads the page it leads back to (with its "saved" message,
    which the next page must not show again)."""

    def change():
        answer(client, meeting, value, comment)
        _page(client, meeting)

    return change


def test_every_reader_sees_each_change_to_a_planned_meeting_at_once(readers, meeting, network, coordinator, member):
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
        _answering(readers["member"], meeting, "yes", "Ik neem koffie mee"),
        _answering(readers["coordinator"], meeting, "yes"),
        _answering(readers["facilitator"], meeting, "yes"),  # the third: on the waiting list
        _answering(readers["member"], meeting, "maybe"),
        _answering(readers["member in English"], meeting, "no", "Op vakantie"),
        lambda: NoteFactory(meeting=meeting, author=member, title="Voorbereiding"),
        lambda: NoteFactory(meeting=meeting, author=coordinator, title="Alleen voor leden", is_confidential=True),
        fail_a_mail,
        lambda: Network.objects.filter(pk=network.pk).update(name="Een andere naam"),
    ]
    for change in changes:
        _check_after(change, readers, meeting)


def test_a_meeting_that_begins_while_nothing_changes_loses_its_answer_form(readers, meeting, monkeypatch):
    # Nothing is saved: only the clock moves on, past the start of the meeting.
    def start():
        monkeypatch.setattr("django.utils.timezone.now", lambda: meeting.starts_at + timedelta(minutes=10))

    _check_after(start, readers, meeting)
    assert "Aanwezigheid registreren" in _page(readers["coordinator"], meeting)[1]
    assert 'id="answer-heading"' not in _page(readers["member"], meeting)[1]


def test_every_reader_sees_attendance_the_evaluation_and_a_cancellation_at_once(
    readers, meeting, network, coordinator, facilitator, member
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
        _check_after(change, readers, meeting)


def test_every_reader_sees_a_cancellation_at_once(readers, meeting):
    _check_after(
        lambda: meeting_services.cancel_meeting(meeting=meeting, reason="De spreker is ziek."), readers, meeting
    )


def test_a_reader_who_answered_also_gets_the_kept_parts(readers, meeting):
    _answering(readers["member"], meeting, "yes", "Graag")()
    _answering(readers["coordinator"], meeting, "maybe")()
    test_a_reader_who_reads_again_gets_the_kept_parts_and_no_new_ones(readers, meeting)
