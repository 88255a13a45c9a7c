"""Rows the admin tests of the networks app share: two regions and a school board."""

import pytest

from networks.models import Board, Region


@pytest.fixture
def regions(db):
    return {
        "noord": Region.objects.create(name="Noord", slug="noord"),
        "zuid-holland": Region.objects.create(name="Zuid-Holland", slug="zuid-holland"),
    }


@pytest.fixture
def board(db):
    return Board.objects.create(number="41234", name="Stichting Voortgezet Onderwijs", city="Utrecht")
