"""The rollup of the dashboards' figures, kept by beat: a page that reads it shows what it would have
computed itself, in a few queries; a stale or foreign rollup is never shown."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards import rollups
from dashboards.models import FigureCell
from dashboards.tasks import refresh_dashboard_figures
from leernetwerk.celery import app
from mail.models import Heartbeat
from networks.models import Region, Theme
from tests.factories import MeetingFactory, MembershipFactory, NetworkFactory, RegionFactory
from tests.helpers import client_for


@pytest.fixture
def two_regions(db, network, coordinator, facilitator, member):
    """The `network` fixture's region with its members and a held meeting, and a second region."""
    other = RegionFactory(name="Zuid", slug="zuid")
    elsewhere = NetworkFactory(region=other)
    MembershipFactory.create_batch(3, network=elsewhere)
    MeetingFactory(network=network, held=True)
    MeetingFactory(network=elsewhere)
    return network, elsewhere


def figures_json(client, query=""):
    response = client.get(f"/dashboards/figures.json{query}")
    assert response.status_code == 200
    found = response.json()
    return found.pop("from_rollup"), found.pop("computed_at"), found


def test_refresh_writes_one_row_per_year_and_group_and_twice_changes_nothing(two_regions):
    groups = (1 + Region.objects.count()) * (1 + Theme.objects.count())
    written = rollups.refresh()
    assert written == groups * len(rollups.years_kept()) == FigureCell.objects.count()
    rollups.refresh()
    assert FigureCell.objects.count() == written
    assert Heartbeat.objects.filter(name=rollups.HEARTBEAT).exists()


@pytest.mark.parametrize("query", ["", "?region=noordwest", "?theme={theme}", "?year={last_year}", "?region=zuid"])
def test_a_dashboard_read_from_the_rollup_shows_what_it_computes_itself(request, two_regions, staff, query):
    network, _elsewhere = two_regions
    last_year = f"{timezone.localdate().year - 2}-{timezone.localdate().year - 1}"
    query = query.format(theme=network.theme.slug, last_year=last_year)
    client = client_for(request, "staff")
    rollups.refresh()
    from_rollup, _at, rolled_up = figures_json(client, query)
    FigureCell.objects.all().delete()
    computed_now, _at, computed = figures_json(client, query)
    assert from_rollup and not computed_now
    assert rolled_up == computed


def test_with_the_rollup_the_national_dashboard_needs_three_queries(request, two_regions, staff):
    rollups.refresh()
    client = client_for(request, "staff")
    client.get("/dashboards/")  # the person's copy in the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboards/")
    assert response.status_code == 200
    # Regions and themes (for the filter and the names), and the cells.
    assert len(queries) == 3, [query["sql"][:80] for query in queries]
    assert "elke 15 minuten" in response.text  # the page says how fresh its figures are


def test_a_rollup_older_than_two_hours_is_not_shown(request, two_regions, staff):
    rollups.refresh()
    FigureCell.objects.update(computed_at=timezone.now() - rollups.FRESH_FOR - timedelta(minutes=1))
    from_rollup, computed_at, _found = figures_json(client_for(request, "staff"))
    assert not from_rollup
    assert timezone.now() - timezone.datetime.fromisoformat(computed_at) < timedelta(minutes=1)


def test_a_rollup_computed_with_other_definitions_is_not_shown(request, two_regions, staff):
    rollups.refresh()
    FigureCell.objects.update(fingerprint="computed-before-a-definition-changed")
    assert figures_json(client_for(request, "staff"))[0] is False
    call_command("rebuild_dashboard_figures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert figures_json(client_for(request, "staff"))[0] is True


def test_a_filter_by_phase_is_computed_on_the_spot(request, two_regions, staff):
    rollups.refresh()
    assert figures_json(client_for(request, "staff"), "?phase=forming")[0] is False


def test_a_new_network_shows_after_the_next_refresh(request, two_regions, staff):
    client = client_for(request, "staff")
    rollups.refresh()
    before = {f["name"]: f["value"] for f in figures_json(client)[2]["figures"]}
    NetworkFactory(region=two_regions[0].region)
    assert {f["name"]: f["value"] for f in figures_json(client)[2]["figures"]} == before
    refresh_dashboard_figures()  # what beat starts
    after = {f["name"]: f["value"] for f in figures_json(client)[2]["figures"]}
    assert after["networks"] == before["networks"] + 1


def test_beat_refreshes_the_rollup_every_quarter_of_an_hour():
    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == refresh_dashboard_figures.name)
    assert entry["schedule"] == rollups.REFRESH_EVERY.total_seconds()
