"""The figures of groups of networks ("cells"), as plain values: what a dashboard arranges, and what the
rollup table keeps (rollups.py). One computation serves both, so a figure read from the rollup is the
figure the page would have computed itself.

A cell is the networks of one region (or all regions) and one theme (or all themes). Its values are
{figure name: {school year key: value}}: a number (or None) for a figure, {kind: count} for a breakdown,
and under MONTHS {year key: {"YYYY-MM-01": [held, planned]}}; under HEALTH (running year only) the status
counts and the networks at risk.

`compute(networks, years, groupings)` reads the rows once per kind whatever the number of cells: the
networks with their phase history (one query), one query per kind of row and grouping, one for the
meetings per region, theme and month (they add up), and two for the health of the active networks.
"""

from collections import defaultdict

from django.utils import timezone

from lifecycle import figures as network_figures
from metrics import health
from metrics import registry as metrics
from networks.models import Phase

PEOPLE_FIGURES = ["members", "schools_reached"]
ATTENDANCE_FIGURES = ["attendance_rate", "committed_present"]
EVALUATION_FIGURES = ["evaluation_overall", "evaluation_useful", "evaluation_will_try"]
ROW_FIGURES = PEOPLE_FIGURES + ATTENDANCE_FIGURES + EVALUATION_FIGURES
MEETING_FIGURES = ["meetings_held", "meetings_planned"]
NETWORK_FIGURES = ["networks", "networks_active", "networks_started", "networks_decided"]
BREAKDOWNS = ["phases", "themes", "outcomes", "intentions"]
MONTHS = "meetings_by_month"
HEALTH = "health"
# The networks at risk a cell keeps by name (most reasons first); the page links to all of them.
AT_RISK_KEPT = 50

# Groupings: which dimensions a cell splits on. ALL is the whole of the networks given.
ALL = ()
BY_REGION = ("region",)
BY_THEME = ("theme",)
BY_REGION_AND_THEME = ("region", "theme")


def cell_key(grouping, values):
    """(region id or None, theme id or None) of the group `values` of `grouping`."""
    found = dict(zip(grouping, values, strict=True))
    return (found.get("region"), found.get("theme"))


def _in_cell(key, state):
    region, theme = key
    return (region is None or state.region_id == region) and (theme is None or state.theme_id == theme)


def compute(networks, years, groupings, *, every_region=(), every_theme=(), row_figures=None):
    """{(region id or None, theme id or None): values} for every cell of `groupings` over `networks`: the
    groups that have networks, and those of `every_region` and `every_theme` as well (with empty figures).
    `row_figures` ({grouping: names}) limits the figures over rows of a grouping, when a page shows fewer."""
    years = list(years)
    running = next((year for year in years if year.is_running and not year.is_partial), None)
    states = network_figures.network_states(networks, years)
    cells = defaultdict(lambda: defaultdict(dict))

    # Figures over rows: one query per kind of row and grouping.
    for grouping in groupings:
        names = (row_figures or {}).get(grouping, ROW_FIGURES)
        found = metrics.grouped(names, networks=networks, years=years, by=list(grouping))
        for group, values in found.items():
            for name, per_year in values.items():
                cells[cell_key(grouping, group)][name] = {year.key: per_year[year] for year in years}

    # Every cell the groupings make, also those without rows of some kind.
    keys = set()
    values_of = {
        "region": {state.region_id for state in states} | set(every_region),
        "theme": {state.theme_id for state in states} | set(every_theme),
    }
    for grouping in groupings:
        if grouping == ALL:
            keys.add((None, None))
        if grouping == BY_REGION:
            keys |= {(region, None) for region in values_of["region"]}
        elif grouping == BY_THEME:
            keys |= {(None, theme) for theme in values_of["theme"]}
        elif grouping == BY_REGION_AND_THEME:
            keys |= {(region, theme) for region in values_of["region"] for theme in values_of["theme"]}

    # Meetings add up: one query per region, theme and month serves every cell.
    meetings = metrics.grouped(MEETING_FIGURES, networks=networks, years=years, by=["region", "theme"], by_month=True)
    for key in keys:
        values = cells[key]
        values.setdefault(MONTHS, {year.key: {} for year in years})
        for name in MEETING_FIGURES:
            values[name] = dict.fromkeys((year.key for year in years), 0)
        for name in ROW_FIGURES:
            values.setdefault(name, {year.key: metrics.get(name).empty for year in years})
    for (region, theme, month), found in meetings.items():
        day = (timezone.localtime(month) if hasattr(month, "hour") else month).strftime("%Y-%m-01")
        for key in keys:
            if key[0] not in (None, region) or key[1] not in (None, theme):
                continue
            values = cells[key]
            for year in years:
                counts = [found.get(name, {}).get(year) or 0 for name in MEETING_FIGURES]
                for name, count in zip(MEETING_FIGURES, counts, strict=True):
                    values[name][year.key] += count
                if any(counts):
                    month_counts = values[MONTHS][year.key].setdefault(day, [0, 0])
                    month_counts[0] += counts[0]
                    month_counts[1] += counts[1]

    # Figures over whole networks, and the breakdowns, from the networks' states.
    healths = health_of_active(states, running) if running is not None else None
    for key in keys:
        in_cell = [state for state in states if _in_cell(key, state)]
        values = cells[key]
        for name in NETWORK_FIGURES:
            figure = metrics.get(name)
            values[name] = {year.key: figure.compute(in_cell, year) for year in years}
        for name in BREAKDOWNS:
            figure = metrics.get(name)
            values[name] = {
                year.key: {str(kind): count for kind, count in figure.compute(in_cell, year).items()} for year in years
            }
        if healths is not None:
            values[HEALTH] = {running.key: _health_of_cell(in_cell, healths)}
    return {key: {name: dict(per_year) for name, per_year in cells[key].items()} for key in keys}


def health_of_active(states, year):
    """{network id: Health} of those of `states` active at the end of `year` (the running one: health is
    known for today only), without reading the networks again."""
    active = [state.as_network() for state in states if state.phases.get(year) not in (None, Phase.STOPPED)]
    return health.for_loaded_networks(active)


def _health_of_cell(states, healths):
    counts = dict.fromkeys(health.Status.values, 0)
    at_risk = []
    for state in states:
        found = healths.get(state.pk)
        if found is None:
            continue
        counts[found.status] += 1
        if found.status == health.Status.AT_RISK:
            at_risk.append(
                {
                    "pk": state.pk,
                    "name": state.name,
                    "slug": state.slug,
                    "region_id": state.region_id,
                    "reasons": [signal.name for signal in found.reasons],
                }
            )
    at_risk.sort(key=lambda row: (-len(row["reasons"]), row["name"].lower()))
    return {"counts": counts, "at_risk": at_risk[:AT_RISK_KEPT], "at_risk_total": len(at_risk)}
