"""Meetings that the topic files of tests/meetings share: one planned ahead, one under way."""

import pytest

from tests.factories import MeetingFactory
from tests.helpers import at


@pytest.fixture
def meeting(network, coordinator):
    """Planned by the coordinator two weeks ahead, 19:30-21:30 Amsterdam time, room for everyone."""
    return MeetingFactory(
        network=network,
        created_by=coordinator,
        title="Intervisie over ontwikkelgesprekken",
        starts_at=at(14),
        ends_at=at(14, 21, 30),
    )


@pytest.fixture
def started_meeting(network, coordinator):
    """A meeting that began an hour ago: attendance can be recorded, answers no longer change."""
    return MeetingFactory(network=network, created_by=coordinator, started=True, title="Casusbespreking")
