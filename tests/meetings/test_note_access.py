"""Every notes view for every persona, for an open and for a confidential note."""

import pytest

from meetings import services
from tests.factories import MeetingFactory
from tests.helpers import PERSONAS, client_for, is_login_redirect

MEMBERS = {"coordinator", "facilitator", "member"}
MANAGERS_OUTSIDE = {"regional_coordinator", "staff"}  # manage the network without taking part


@pytest.fixture
def notes(network, coordinator, facilitator, member, outsider, regional_coordinator, staff, other_regional_coordinator):
    meeting = MeetingFactory(network=network, ended=True, title="Intervisie")
    open_note = services.write_note(meeting=meeting, author=member, title="Open", body="tekst", is_confidential=False)
    secret = services.write_note(meeting=meeting, author=member, title="Casus", body="geheim", is_confidential=True)
    return meeting, open_note, secret


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("suffix", ["", "history/"])
def test_open_notes_are_read_by_members_and_managers_confidential_ones_by_members_only(request, notes, persona, suffix):
    _meeting, open_note, secret = notes
    client = client_for(request, persona)
    for note, readers in [(open_note, MEMBERS | MANAGERS_OUTSIDE), (secret, MEMBERS)]:
        response = client.get(f"/notes/{note.pk}/{suffix}")
        if persona == "anonymous":
            assert is_login_redirect(response)
        else:
            assert response.status_code == (200 if persona in readers else 404), (persona, note.title)


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_is_for_the_author_only(request, notes, persona):
    _meeting, open_note, _secret = notes
    response = client_for(request, persona).post(f"/notes/{open_note.pk}/edit/", {"title": "Anders", "body": ""})
    open_note.refresh_from_db()
    if persona == "member":
        assert response.status_code == 302
        assert open_note.title == "Anders"
        return
    assert open_note.title == "Open"
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (403 if persona in MEMBERS | MANAGERS_OUTSIDE else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_writing_notes_is_for_members(request, notes, persona):
    meeting, _open, _secret = notes
    response = client_for(request, persona).get(f"/meetings/{meeting.pk}/notes/new/")
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        expected = {**dict.fromkeys(MEMBERS, 200), **dict.fromkeys(MANAGERS_OUTSIDE, 403)}
        assert response.status_code == expected.get(persona, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_shows_only_the_persons_own_networks(request, notes, persona):
    response = client_for(request, persona).get("/search/", {"q": "geheim"})
    if persona == "anonymous":
        assert is_login_redirect(response)
        return
    found = [note.title for note, _snippet in response.context["notes"]]
    assert found == (["Casus"] if persona in MEMBERS else [])
