"""What the dashboard tests share: reading a figure off a page, a CSV download as rows, the school years
before the running one, and networks moved through their phases by the lifecycle services (so that their
history of phase changes exists, which the dashboards read)."""

import csv
import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from dashboards import figures as dashboard_figures
from lifecycle import services
from lifecycle.models import PhaseChange
from lifecycle.rules import Actor
from metrics.periods import SchoolYear
from networks.models import Membership, Network, Region, Theme
from tests.factories import MembershipFactory, UserFactory
from tests.lifecycle.conftest import hold, plan

BOM = "\ufeff"
COORDINATOR = {Actor.COORDINATOR}

# Every address of the dashboards; {region} is the region of the `network` fixture (Noordwest).
DASHBOARD_PATHS = [
    "/dashboards/",
    "/dashboards/regions/{region}/",
    "/dashboards/networks/",
    "/dashboards/definitions/",
    "/dashboards/regions.csv",
    "/dashboards/networks.csv",
    "/dashboards/figures.json",
]


# --- School years ---------------------------------------------------------------------------------


def years_ago(count):
    """The school year `count` years before the running one (over, so read up to its last day)."""
    return SchoolYear(SchoolYear.current().start_year - count)


def moment_in(year, days=30, hour=12):
    """A moment `days` after the first day of `year`, Amsterdam time."""
    return timezone.make_aware(datetime.combine(year.first_day + timedelta(days=days), time(hour)))


def opened_in(network, year, days=1):
    """`network` as if opened `days` into `year` (created_at is a plain default, not a history)."""
    Network.objects.filter(pk=network.pk).update(created_at=moment_in(year, days))
    network.refresh_from_db()
    return network


# --- Reading what a page or a download shows -------------------------------------------------------


def figure_on(html, name):
    """The value of figure `name` as its card on a dashboard shows it (`data-figure="name"`)."""
    found = re.findall(rf'data-figure="{name}"[^>]*>([^<]*)<', html)
    assert len(found) == 1, f"expected one card of {name!r}, found {len(found)}"
    return found[0].strip()


def csv_text(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    """The rows of a CSV download (after its byte order mark), split on semicolons."""
    text = csv_text(response)
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))


# --- Figures straight from the dashboards' own function ----------------------------------------------


def dashboard_for(year, *, by_region=True, **filters):
    """What a staff dashboard of `year` computes (the view's own function), with `filters` (region,
    theme, phase)."""
    selection = dashboard_figures.Selection(
        year=year,
        region_names=tuple(Region.objects.all()),
        theme_names=tuple(Theme.objects.all()),
        **filters,
    )
    return dashboard_figures.dashboard(selection, by_region=by_region)


def card_value(found, name, *, earlier=False):
    value = found["card_values"][name]
    return value.earlier if earlier else value.value


def parts(found, breakdown):
    """{key: count} of a breakdown (phases, themes, outcomes, intentions) in the year asked for."""
    return {part.key: part.count for part in found[breakdown]}


# --- Phases, through the lifecycle services ----------------------------------------------------------


def leads(network):
    """A coordinator and a facilitator for `network` (the supported phase needs a facilitator)."""
    coordinator = MembershipFactory(network=network, role="coordinator", school=None).user
    MembershipFactory(network=network, role="facilitator", school=None)
    return coordinator


def to_deciding(network, staff):
    """`network` through its supported phase to deciding, with one supported meeting held (the quota
    lowered to one by staff, as the programme may)."""
    coordinator = (
        Membership.objects.current().filter(network=network, role="coordinator").first()
        or MembershipFactory(network=network, role="coordinator", school=None)
    ).user
    if not Membership.objects.current().filter(network=network, role="facilitator").exists():
        MembershipFactory(network=network, role="facilitator", school=None)
    services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    services.change_quota(network=network, by=staff, quota=1, reason="Een kort traject.")
    hold(plan(network, coordinator), coordinator)
    network.refresh_from_db()
    assert network.phase == "deciding"
    return coordinator


def decide(network, outcome, staff):
    """`network` supported, then deciding, then `outcome` (continue, stop, intend) recorded."""
    coordinator = to_deciding(network, staff)
    services.record_outcome(
        network=network,
        by=coordinator,
        actors=COORDINATOR,
        outcome=outcome,
        facilitation="member" if outcome == "continue" else "",
        reason="Er is geen tijd meer." if outcome == "stop" else "",
    )
    network.refresh_from_db()
    return network


def history_moved_to(network, moment):
    """Every phase change of `network` so far as if it happened at `moment` (the moves were made by the
    services, just earlier)."""
    PhaseChange.objects.filter(network=network).update(changed_at=moment)


@pytest.fixture
def dashboard_staff(db):
    """VO-raad staff who take part in no network."""
    return UserFactory(full_name="Sanne Visser", is_association_staff=True)
