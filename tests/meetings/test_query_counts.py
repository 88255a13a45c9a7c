"""The meeting page makes the same number of queries however many people answered or came, and few:
the session comes from Redis and access is worked out in the query that reads the meeting."""

import pytest

from meetings.models import Meeting, Rsvp
from tests.factories import AttendanceFactory, MembershipFactory, RsvpFactory
from tests.helpers import client_for, count_queries


def grow(meeting, count, held):
    answers = ["yes", "no", "maybe"]
    for index in range(count):
        membership = MembershipFactory(network=meeting.network)
        RsvpFactory(meeting=meeting, user=membership.user, answer=answers[index % 3], comment="Tot dan")
        if held:
            AttendanceFactory(meeting=meeting, membership=membership, present=index % 2 == 0)


@pytest.mark.parametrize("persona", ["coordinator", "member", "regional_coordinator"])
@pytest.mark.parametrize("held", [False, True], ids=["planned", "held"])
def test_meeting_page_queries_do_not_grow_with_the_answers(request, everyone, meeting, persona, held):
    if held:
        Meeting.objects.filter(pk=meeting.pk).update(status="held")
    client = client_for(request, persona)
    path = f"/meetings/{meeting.pk}/"
    grow(meeting, 3, held)
    small = count_queries(client, path)
    # Planned: the meeting with access, the answers, the notes. Held: the answers give way to attendance, and to
    # its rate with whether the reader answered the evaluation.
    assert small == (4 if held else 3)
    grow(meeting, 12, held)
    assert Rsvp.objects.filter(meeting=meeting).count() == 15
    assert count_queries(client, path) == small
