"""What the staff dashboards show, read from the one register of figures (`metrics.registry`): nothing
here defines a figure, it only asks for them over a selection of networks and arranges the answers.

A dashboard reads its figures from the rollup that beat keeps (rollups.py): one query for the cells of
the selection and of each region, besides the names of regions and themes. Without a fresh rollup (a
filter by phase, a beat that stopped) it computes the same cells itself (cells.py) in a fixed number of
queries whatever the number of networks. The list of networks behind a figure is always computed now,
for the page of networks shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from lifecycle import figures as network_figures
from metrics import health
from metrics import registry as metrics
from metrics.periods import SchoolYear
from networks.models import Membership, Network, Phase, Region, Theme

from . import cells, rollups
from .cells import ATTENDANCE_FIGURES, MEETING_FIGURES, PEOPLE_FIGURES

# The figure cards at the top of a dashboard, in their order.
CARDS = [
    "networks",
    "networks_active",
    "networks_started",
    "schools_reached",
    "members",
    "meetings_held",
    "meetings_planned",
    "attendance_rate",
    "committed_present",
    "evaluation_overall",
    "evaluation_useful",
    "evaluation_will_try",
]
# The columns of the table that compares regions (and of its CSV).
REGION_COLUMNS = [
    "networks",
    "networks_active",
    "networks_started",
    "schools_reached",
    "members",
    "meetings_held",
    "attendance_rate",
    "committed_present",
]
# The columns of the list of networks (and of its CSV).
NETWORK_COLUMNS = ["members", "schools_reached", "meetings_held", "meetings_planned", "attendance_rate"]


@dataclass(frozen=True)
class Selection:
    """Which networks a dashboard counts: a school year, and optionally a region, a theme and a phase (the
    phase at the end of that year). `regions` are those the viewer may see (None: all)."""

    year: SchoolYear
    region: Region | None = None
    theme: Theme | None = None
    phase: str = ""
    regions: tuple | None = None
    # The names of all regions and themes, read once per page (the filter shows them too).
    region_names: tuple = ()
    theme_names: tuple = ()

    def region_list(self):
        return list(self.regions) if self.regions is not None else list(self.region_names)

    @property
    def previous(self):
        """The year compared with: the one before, up to the same day while this one runs."""
        return self.year.previous()

    @property
    def years(self):
        return [self.year, self.previous]

    def networks(self):
        networks = Network.objects.all()
        if self.regions is not None:
            networks = networks.filter(region__in=[region.pk for region in self.regions])
        if self.region:
            networks = networks.filter(region=self.region)
        if self.theme:
            networks = networks.filter(theme=self.theme)
        if self.phase:
            networks = network_figures.in_phase_on(networks, self.phase, self.year)
        return networks

    def query(self, **changes):
        """The filters as query parameters, for links to the networks behind a figure."""
        params = {
            "year": str(self.year),
            "region": self.region.slug if self.region else "",
            "theme": self.theme.slug if self.theme else "",
            "phase": self.phase,
        }
        params.update(changes)
        return {key: value for key, value in params.items() if value}


@dataclass
class Value:
    """One figure for a page: its definition, its value and that of the year before."""

    figure: object
    value: object
    earlier: object = None

    @property
    def shown(self):
        return self.figure.format(self.value)

    @property
    def earlier_shown(self):
        return self.figure.format(self.earlier)

    @property
    def change(self):
        return self.figure.format_change(self.value, self.earlier)

    @property
    def change_is_good(self):
        return self.figure.change_is_good(self.value, self.earlier)


@dataclass
class Part:
    """One kind within a breakdown (a phase, a theme, an outcome): its count and share, both years."""

    key: object
    label: str
    count: int
    share: float | None
    earlier_count: int = 0
    earlier_share: float | None = None
    link: dict = field(default_factory=dict)


def _parts(values, name, selection, labels, link_for):
    """The kinds of breakdown `name` with their counts and shares in the year and the year before."""
    figure = metrics.get(name)
    now = values[name].get(selection.year.key, {})
    before = values[name].get(selection.previous.key, {})
    shares, earlier_shares = figure.shares(now), figure.shares(before)
    return [
        Part(
            key=key,
            label=label,
            count=now.get(str(key), 0),
            share=shares.get(str(key)),
            earlier_count=before.get(str(key), 0),
            earlier_share=earlier_shares.get(str(key)),
            link=link_for(key),
        )
        for key, label in labels
    ]


def _value(values, name, selection):
    per_year = values.get(name, {})
    figure = metrics.get(name)
    earlier = per_year.get(selection.previous.key, figure.empty)
    if selection.previous.is_partial and not figure.compared_while_running:
        earlier = None
    return Value(figure, per_year.get(selection.year.key, figure.empty), earlier)


def dashboard(selection, *, by_region):
    """Everything a national (`by_region`: with the table of regions) or regional dashboard shows: from the
    rollup table when it holds this selection and is fresh (rollups.py), else computed now."""
    regions = {region.pk: region for region in selection.region_list()}
    # The table of regions: every region the viewer may see, or the one filtered on.
    table = {selection.region.pk: selection.region} if selection.region else regions
    found = rollups.read(selection, regions=list(table) if by_region else [])
    if found is None:
        groupings = [cells.ALL, cells.BY_REGION] if by_region else [cells.ALL]
        computed = cells.compute(
            selection.networks(),
            selection.years,
            groupings,
            every_region=list(table),
            # The table of regions shows no evaluations: one query fewer.
            row_figures={cells.BY_REGION: PEOPLE_FIGURES + ATTENDANCE_FIGURES},
        )
        found = rollups.Found(
            whole=computed[(None, None)],
            per_region={region: computed[(region, None)] for region in table} if by_region else {},
            computed_at=timezone.now(),
            from_rollup=False,
        )
    return _arrange(selection, found, regions, table if by_region else None)


def _arrange(selection, found, regions, table):
    themes = {theme.pk: theme for theme in selection.theme_names}
    whole = found.whole
    cards = {name: _value(whole, name, selection) for name in CARDS}
    result = {
        "selection": selection,
        "cards": [cards[name] for name in CARDS],
        "card_values": cards,
        "themes": _parts(
            whole,
            "themes",
            selection,
            [(pk, theme.name) for pk, theme in sorted(themes.items(), key=lambda item: item[1].name)],
            lambda pk: selection.query(theme=themes[pk].slug),
        ),
        "phases": _parts(whole, "phases", selection, Phase.choices, lambda phase: selection.query(phase=phase)),
        "outcomes": _parts(
            whole,
            "outcomes",
            selection,
            network_figures.Decision.Outcome.choices,
            lambda outcome: selection.query(outcome=outcome),
        ),
        "intentions": _parts(
            whole,
            "intentions",
            selection,
            metrics.get("intentions").kinds(),
            lambda kind: selection.query(intention=kind),
        ),
        "months": _months(whole, selection.year),
        "health": _health_summary(whole, selection, regions),
        "computed_at": found.computed_at,
        "from_rollup": found.from_rollup,
    }
    if table is not None:
        result["regions"] = _region_rows(table, found.per_region, selection)
        result["phases_per_region"] = [
            {
                "region": region,
                "counts": [
                    (
                        phase,
                        label,
                        found.per_region.get(pk, {}).get("phases", {}).get(selection.year.key, {}).get(phase, 0),
                    )
                    for phase, label in Phase.choices
                ],
            }
            for pk, region in sorted(table.items(), key=lambda item: item[1].name)
        ]
    return result


def _months(whole, year):
    """Per month of the school year: meetings held and planned."""
    if year.is_future:
        return []
    counts = whole.get(cells.MONTHS, {}).get(year.key, {})
    return [
        {
            "month": month,
            "meetings_held": counts.get(month.isoformat(), [0, 0])[0],
            "meetings_planned": counts.get(month.isoformat(), [0, 0])[1],
        }
        for month in year.months()
    ]


def _health_summary(whole, selection, regions):
    """Health counts and the networks at risk, for the running year (health is known for today only)."""
    found = whole.get(cells.HEALTH, {}).get(selection.year.key)
    if found is None or not selection.year.is_running:
        return None
    at_risk = [
        {
            "network": row,
            "region": regions.get(row["region_id"]),
            "reasons": [health.get(name) for name in row["reasons"]],
        }
        for row in found["at_risk"]
    ]
    return {
        "counts": [(status, found["counts"].get(status.value, 0)) for status in health.Status],
        "at_risk": at_risk,
        "at_risk_total": found["at_risk_total"],
        "total": sum(found["counts"].values()),
    }


def _region_rows(regions, per_region, selection):
    rows = []
    for pk, region in sorted(regions.items(), key=lambda item: item[1].name):
        values = per_region.get(pk, {})
        health_found = values.get(cells.HEALTH, {}).get(selection.year.key)
        rows.append(
            {
                "region": region,
                "values": [_value(values, name, selection) for name in REGION_COLUMNS],
                "at_risk": health_found["counts"].get(health.Status.AT_RISK, 0)
                if health_found and selection.year.is_running
                else None,
                "link": selection.query(region=region.slug),
            }
        )
    return rows


def _health_of(states, selection):
    """{network id: Health} of `states`, when the year asked for is the running one; else None."""
    return cells.health_of_active(states, selection.year) if selection.year.is_running else None


# --- The networks behind a figure -----------------------------------------------------------------

# Extra filters of the network list, beyond the selection: what a figure's link narrows to.
NARROWING = ("outcome", "intention", "health", "started")


def network_rows(selection, *, narrow=None, page=None, per_page=None):
    """The networks of `selection` (narrowed by `narrow`: outcome, intention, health status, started in the
    year), each with its figures, coordinators and facilitators. With `per_page`, only page `page` (any text:
    a number out of range gives the nearest page) is read. Returns (rows, page or None)."""
    narrow = narrow or {}
    years = selection.years
    states = network_figures.network_states(selection.networks(), years)
    states = [state for state in states if state.exists_in(selection.year)]
    if narrow.get("outcome"):
        states = [state for state in states if state.decided_by(selection.year) == narrow["outcome"]]
    if narrow.get("intention"):
        states = [state for state in states if state.what_became_of_intention(selection.year) == narrow["intention"]]
    if narrow.get("started"):
        year = selection.year
        states = [state for state in states if year.starts <= state.created_at < year.ends]
    healths = None
    if narrow.get("health"):
        # Narrowing by health needs the health of every network of the selection; otherwise only of those shown.
        healths = _health_of(states, selection) or {}
        states = [state for state in states if state.pk in healths and healths[state.pk].status == narrow["health"]]
    states.sort(key=lambda state: state.name.lower())
    shown_page = None
    shown = states
    if per_page:
        shown_page = Paginator(states, per_page).get_page(page)
        shown = list(shown_page.object_list)
    if healths is None:
        healths = _health_of(shown, selection)
    ids = [state.pk for state in shown]
    chosen = Network.objects.filter(pk__in=ids)
    found = metrics.grouped(
        PEOPLE_FIGURES + ATTENDANCE_FIGURES[:1] + MEETING_FIGURES, networks=chosen, years=[selection.year], by=["pk"]
    )
    regions = {region.pk: region for region in selection.region_list()}
    themes = {theme.pk: theme for theme in selection.theme_names}
    leads = defaultdict(lambda: {"coordinator": [], "facilitator": []})
    for network_id, role, name in (
        Membership.objects.current()
        .filter(network_id__in=ids)
        .filter(Q(role=Membership.Role.COORDINATOR) | Q(role=Membership.Role.FACILITATOR))
        .order_by("user__full_name")
        .values_list("network_id", "role", "user__full_name")
    ):
        leads[network_id][role].append(name)
    rows = []
    for state in shown:
        phase = state.phases.get(selection.year)
        # As the outcome figures count it: what was decided by the end of the school year.
        outcome = state.decided_by(selection.year)
        rows.append(
            {
                "state": state,
                "region": regions.get(state.region_id),
                "theme": themes.get(state.theme_id),
                "phase": Phase(phase).label if phase else "",
                "outcome": network_figures.Decision.Outcome(outcome).label if outcome else "",
                "health": healths.get(state.pk) if healths else None,
                "values": [
                    Value(metrics.get(name), metrics.value_of(found, (state.pk,), name, selection.year))
                    for name in NETWORK_COLUMNS
                ],
                "coordinators": leads[state.pk]["coordinator"],
                "facilitators": leads[state.pk]["facilitator"],
            }
        )
    return rows, shown_page
