"""News of new notes: a note that is not confidential is announced to the other current members, by
default as a line in their weekly digest, at once for who chose that, not at all for who switched it off.
A confidential note is announced to nobody: its title never leaves the portal."""

import pytest

from mail import preferences
from mail.models import DigestItem, OutgoingMail
from meetings import services
from meetings.mails import MeetingMail
from networks.models import Membership
from tests.factories import MeetingFactory, MembershipFactory

NEW_NOTE = MeetingMail.NEW_NOTE


@pytest.fixture
def meeting(network, coordinator, facilitator, member):
    return MeetingFactory(network=network, held=True, title="Intervisie over ontwikkelgesprekken")


def write(meeting, author, *, confidential=False, title="Verslag van de intervisie"):
    return services.write_note(
        meeting=meeting, author=author, title=title, body="We bespraken de casus.", is_confidential=confidential
    )


def test_by_default_the_other_members_find_it_in_their_digest(meeting, coordinator, facilitator, member):
    note = write(meeting, member)
    items = DigestItem.objects.filter(kind=NEW_NOTE)
    assert sorted(item.user.email for item in items) == sorted([coordinator.email, facilitator.email])
    assert all(item.path == note.get_absolute_url() for item in items)
    assert all("Verslag van de intervisie" in item.line for item in items)
    assert items.first().line.startswith("Nieuwe aantekeningen in Strategisch HRM Noordwest")
    assert not OutgoingMail.objects.filter(kind=NEW_NOTE).exists()


def test_who_chose_immediate_gets_a_mail_at_once(meeting, coordinator, member, send_queued_mail, mailoutbox):
    preferences.set_delivery(user=coordinator, topic="new_notes", delivery="immediate")
    note = write(meeting, member)
    assert list(OutgoingMail.objects.filter(kind=NEW_NOTE).values_list("recipient", flat=True)) == [coordinator.email]
    send_queued_mail()
    mail = mailoutbox[0]
    assert mail.subject == "Nieuwe aantekeningen in Strategisch HRM Noordwest: Verslag van de intervisie"
    assert "Marieke Smit schreef aantekeningen bij bijeenkomst" in mail.body
    assert f"http://testserver{note.get_absolute_url()}" in mail.body
    assert "List-Unsubscribe" in mail.extra_headers


def test_who_switched_it_off_gets_nothing(meeting, coordinator, facilitator, member):
    preferences.set_delivery(user=coordinator, topic="new_notes", delivery="off")
    write(meeting, member)
    assert [item.user for item in DigestItem.objects.filter(kind=NEW_NOTE)] == [facilitator]
    assert not OutgoingMail.objects.filter(kind=NEW_NOTE).exists()


def test_a_confidential_note_is_announced_to_nobody(meeting, coordinator, facilitator, member):
    preferences.set_delivery(user=coordinator, topic="new_notes", delivery="immediate")
    write(meeting, member, confidential=True, title="Casus van Jan")
    assert not DigestItem.objects.exists()
    assert not OutgoingMail.objects.filter(kind=NEW_NOTE).exists()


def test_people_who_left_are_not_told(meeting, network, coordinator, facilitator, member):
    gone = MembershipFactory(network=network)
    Membership.objects.filter(pk=gone.pk).update(left_on=gone.joined_on)
    write(meeting, member)
    assert gone.user_id not in set(DigestItem.objects.values_list("user_id", flat=True))


def test_writing_notes_on_the_page_announces_them(login, meeting, coordinator, member):
    response = login(member).post(
        f"/meetings/{meeting.pk}/notes/new/",
        {"title": "Verslag van de intervisie", "body": "We bespraken de casus."},
    )
    assert response.status_code == 302
    assert DigestItem.objects.filter(kind=NEW_NOTE, user=coordinator).exists()
