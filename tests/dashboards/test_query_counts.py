"""The dashboards cost a fixed number of queries, however many networks, people, meetings and attendance
there are: the national page, a region's, the network list and the JSON make as many queries with 12
networks as with 2, and the national page no more than 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import rollups
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    RegionFactory,
    ThemeFactory,
)
from tests.helpers import count_queries

from .conftest import decide

PATHS = [
    "/dashboards/",
    "/dashboards/regions/noordwest/",
    "/dashboards/networks/",
    "/dashboards/figures.json",
    "/dashboards/?region=zuid&theme=strategisch-hrm",
    "/dashboards/networks/?phase=self_directed",
]


def grow(count, staff):
    """`count` networks over two regions and two themes (Zuid works on HRM), each with three people, a held
    meeting with its attendance and a planned one; every third one through its supported phase to an outcome."""
    regions = [RegionFactory(name="Noordwest", slug="noordwest"), RegionFactory(name="Zuid", slug="zuid")]
    themes = [ThemeFactory(name="Lerende cultuur"), ThemeFactory(name="Strategisch HRM")]
    for index in range(count):
        network = NetworkFactory(region=regions[index % 2], theme=themes[index % 2])
        if index % 3 == 0:
            decide(network, ("continue", "stop", "intend")[index // 3 % 3], staff)
        memberships = [MembershipFactory(network=network, committed_to_attend=i == 0) for i in range(3)]
        held = MeetingFactory(network=network, held=True)
        for i, membership in enumerate(memberships):
            AttendanceFactory(meeting=held, membership=membership, present=i != 1)
        MeetingFactory(network=network)


@pytest.mark.parametrize("path", PATHS)
def test_a_dashboard_makes_as_many_queries_with_12_networks_as_with_2(login, dashboard_staff, path):
    client = login(dashboard_staff)
    grow(2, dashboard_staff)
    few = count_queries(client, path)
    grow(10, dashboard_staff)
    assert count_queries(client, path) == few


def test_a_regional_coordinator_s_dashboard_makes_as_many_queries_with_more_networks(login, dashboard_staff):
    grow(2, dashboard_staff)
    from networks.models import Region
    from tests.factories import UserFactory

    regional = UserFactory()
    Region.objects.get(slug="noordwest").coordinators.add(regional)
    client = login(regional)
    few = count_queries(client, "/dashboards/regions/noordwest/")
    grow(10, dashboard_staff)
    assert count_queries(client, "/dashboards/regions/noordwest/") == few


def national_queries(client):
    client.get("/dashboards/")  # the session is read and the person cached in Redis
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dashboards/").status_code == 200
    return captured


def test_the_national_dashboard_makes_at_most_12_queries_without_the_rollup(login, dashboard_staff):
    grow(12, dashboard_staff)
    captured = national_queries(login(dashboard_staff))
    assert len(captured) <= 12, "\n".join(query["sql"][:160] for query in captured.captured_queries)


@pytest.mark.parametrize("count", [2, 12])
def test_the_national_dashboard_makes_at_most_12_queries_from_the_rollup(login, dashboard_staff, count):
    grow(count, dashboard_staff)
    rollups.refresh()
    captured = national_queries(login(dashboard_staff))
    assert len(captured) <= 12, "\n".join(query["sql"][:160] for query in captured.captured_queries)


@pytest.mark.parametrize("path", ["/dashboards/", "/dashboards/regions/noordwest/", "/dashboards/figures.json"])
def test_a_dashboard_from_the_rollup_makes_as_many_queries_with_12_networks_as_with_2(login, dashboard_staff, path):
    client = login(dashboard_staff)
    grow(2, dashboard_staff)
    rollups.refresh()
    few = count_queries(client, path)
    grow(10, dashboard_staff)
    rollups.refresh()
    assert count_queries(client, path) == few
