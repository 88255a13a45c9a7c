"""The dashboards show aggregates only: no note, not even the title of a confidential one, and of the
people only the names of coordinators and process facilitators, on the pages, in the CSV and in the JSON."""

from datetime import timedelta

import pytest
from django.utils import timezone

from networks.models import Membership
from tests.factories import MembershipFactory, NoteFactory

from .conftest import csv_text

# Every page and download of the dashboards that shows data, for the year the notes were written in.
SHOWING = [
    "/dashboards/",
    "/dashboards/?region=noordwest",
    "/dashboards/regions/noordwest/",
    "/dashboards/networks/",
    "/dashboards/networks/?region=noordwest",
    "/dashboards/regions.csv",
    "/dashboards/networks.csv",
    "/dashboards/figures.json",
    "/dashboards/definitions/",
]

UNSEEN = [
    "Zebulon Quastwijk",  # a participant
    "zebulon@quastwijk.example.nl",
    "Geheime evaluatie van de teamleider",  # title of a confidential note
    "Vertrouwelijk: de teamleider vertrekt",  # its text
    "Openbaar verslag over roosters",  # title of an ordinary note
    "We spraken over de roosters van het voorjaar",  # its text
]


@pytest.fixture
def notes_and_people(network, coordinator, facilitator):
    """A participant with a name to look for, and two notes of a held meeting: one confidential."""
    participant = MembershipFactory(
        network=network, user__full_name="Zebulon Quastwijk", user__email="zebulon@quastwijk.example.nl"
    )
    Membership.objects.filter(pk=participant.pk).update(committed_to_attend=True)
    secret = NoteFactory(
        meeting__network=network,
        author=participant.user,
        title="Geheime evaluatie van de teamleider",
        body="Vertrouwelijk: de teamleider vertrekt.",
        is_confidential=True,
    )
    NoteFactory(
        meeting=secret.meeting,
        author=participant.user,
        title="Openbaar verslag over roosters",
        body="We spraken over de roosters van het voorjaar.",
    )
    return participant


def shown(response):
    if response.streaming:
        return csv_text(response)
    assert response.status_code == 200
    return response.content.decode("utf-8")


@pytest.mark.parametrize("path", SHOWING)
@pytest.mark.parametrize("persona", ["staff", "regional_coordinator"])
def test_no_note_and_no_participant_name_appears_on_a_dashboard(request, login, notes_and_people, persona, path):
    client = login(request.getfixturevalue(persona))
    text = shown(client.get(path, follow=True))
    for secret in UNSEEN:
        assert secret not in text, f"{secret!r} appears on {path}"


def test_the_network_list_names_only_coordinators_and_facilitators(login, notes_and_people, network, staff):
    client = login(staff)
    listing = client.get("/dashboards/networks/").text
    download = csv_text(client.get("/dashboards/networks.csv"))
    for text in (listing, download):
        assert "Anouk de Vries" in text  # coordinator
        assert "Pieter Jansen" in text  # facilitator
        assert "Zebulon Quastwijk" not in text
    assert notes_and_people.user.full_name not in client.get("/dashboards/figures.json").content.decode()


def test_a_former_coordinator_is_not_named(login, network, coordinator, staff):
    MembershipFactory(
        network=network,
        role="coordinator",
        school=None,
        user__full_name="Wilhelmina Oud",
        joined_on=timezone.localdate() - timedelta(days=400),
        left_on=timezone.localdate() - timedelta(days=30),
    )
    download = csv_text(login(staff).get("/dashboards/networks.csv"))
    assert "Anouk de Vries" in download
    assert "Wilhelmina Oud" not in download
