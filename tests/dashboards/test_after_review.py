"""What an outside review of the dashboards found, each held by a test that fails without its fix."""

from datetime import date
from unittest import mock

import psycopg2
import pytest
from django.conf import settings
from django.utils import timezone

from common import replica
from dashboards import rollups
from dashboards import views as dashboard_views
from dashboards.models import FigureCell
from lifecycle.models import Decision
from metrics.periods import SchoolYear
from tests.helpers import client_for

from .conftest import dashboard_for, decide, history_moved_to, moment_in, opened_in, years_ago


def on(day):
    return mock.patch("metrics.periods.timezone.localdate", return_value=day)


def test_on_31_july_the_rollup_keeps_each_year_once_and_refreshes(network, coordinator):
    # That day the part of last year up to "the same day" is all of it: the same key as the whole year.
    with on(date(2026, 7, 31)):
        keys = [year.key for year in rollups.years_kept()]
        assert len(keys) == len(set(keys))
        assert rollups.refresh() == FigureCell.objects.count() > 0


def test_the_list_of_a_past_year_shows_no_outcome_decided_after_it(request, network, staff):
    decide(network, "stop", staff)  # decided now, in the running year
    last_year = years_ago(1)
    opened_in(network, years_ago(2))  # it existed well before, and moved through its phases then
    history_moved_to(network, moment_in(years_ago(2)))
    Decision.objects.filter(network=network).update(recorded_at=timezone.now())
    client = client_for(request, "staff")
    now = client.get("/dashboards/networks/").text
    then = client.get("/dashboards/networks/", {"year": str(last_year)}).text
    shown = '<span class="small text-body-secondary">Stoppen</span>'
    assert network.name in now and shown in now
    assert network.name in then and shown not in then


def test_planned_meetings_of_the_running_year_are_not_set_beside_part_of_last_year(network, coordinator):
    with on(date(2026, 11, 30)):
        found = dashboard_for(SchoolYear(2026))
    planned = found["card_values"]["meetings_planned"]
    assert planned.earlier is None and planned.change == ""
    # Held meetings are compared as before.
    assert found["card_values"]["meetings_held"].earlier is not None


def test_a_second_refresh_while_one_runs_leaves_it_to_the_first(network, coordinator):
    database = settings.DATABASES["default"]
    other = psycopg2.connect(
        dbname=database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"],
        port=database["PORT"],
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [rollups.LOCK])
        assert rollups.refresh() == 0
        assert not FigureCell.objects.exists()
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [rollups.LOCK])
        assert rollups.refresh() > 0
    finally:
        other.close()


def test_who_may_see_a_dashboard_is_read_from_the_primary(request, everyone, staff):
    seen = []
    original = dashboard_views.may_see_dashboards

    def recording(user):
        seen.append(replica._on_replica.get())
        return original(user)

    with mock.patch.object(dashboard_views, "may_see_dashboards", recording):
        assert client_for(request, "staff").get("/dashboards/").status_code == 200
    assert seen == [False]


def test_a_regional_coordinator_keeps_their_filters_on_the_way_to_their_region(request, everyone, network):
    client = client_for(request, "regional_coordinator")
    response = client.get("/dashboards/", {"theme": network.theme.slug, "year": "2025-2026"})
    assert response.status_code == 302
    assert response.url.startswith(f"/dashboards/regions/{network.region.slug}/?")
    assert f"theme={network.theme.slug}" in response.url and "year=2025-2026" in response.url


@pytest.mark.parametrize("asked", ["zuid", "bestaat-niet"])
def test_a_regional_coordinator_asking_the_country_for_another_region_is_refused(request, everyone, asked):
    assert client_for(request, "regional_coordinator").get("/dashboards/", {"region": asked}).status_code == 403


def test_the_json_names_themes_by_their_slug(request, everyone, network):
    found = client_for(request, "staff").get("/dashboards/figures.json").json()
    themes = next(b for b in found["breakdowns"] if b["name"] == "themes")
    assert network.theme.slug in [part["key"] for part in themes["parts"]]
