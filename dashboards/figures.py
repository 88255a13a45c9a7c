"""What the staff dashboards show, read from the one register of figures (`metrics.registry`): nothing
here defines a figure, it only asks for them over a selection of networks and arranges the answers.

A page costs a fixed number of queries whatever the number of networks: one for the networks (their
phase in each year and their decision), one per kind of row for the figures over rows (memberships,
attendance, evaluations; once nationally and once per group), one for the meetings per region and month,
three for the health of the active networks, and one each for the names of regions and themes.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from lifecycle import figures as network_figures
from metrics import health
from metrics import registry as metrics
from metrics.periods import SchoolYear
from networks.models import Membership, Network, Phase, Region, Theme

# Figures over rows, per kind of row (memberships; attendance of held meetings; evaluations).
PEOPLE_FIGURES = ["members", "schools_reached"]
ATTENDANCE_FIGURES = ["attendance_rate", "committed_present"]
EVALUATION_FIGURES = ["evaluation_overall", "evaluation_useful", "evaluation_will_try"]
MEETING_FIGURES = ["meetings_held", "meetings_planned"]
NETWORK_FIGURES = ["networks", "networks_active", "networks_started", "networks_decided"]

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


def _parts(figure, states, selection, labels, link_for):
    """The kinds of a breakdown with their counts and shares in the year and the year before."""
    now = figure.compute(states, selection.year)
    before = figure.compute(states, selection.year.previous())
    shares, earlier_shares = figure.shares(now), figure.shares(before)
    keys = list(labels) if labels else list(now)
    return [
        Part(
            key=key,
            label=labels.get(key, key) if labels else key,
            count=now.get(key, 0),
            share=shares.get(key),
            earlier_count=before.get(key, 0),
            earlier_share=earlier_shares.get(key),
            link=link_for(key),
        )
        for key in keys
    ]


def _values(names, found, group, years):
    now, before = years
    return {
        name: Value(
            metrics.get(name), metrics.value_of(found, group, name, now), metrics.value_of(found, group, name, before)
        )
        for name in names
    }


def _network_values(names, states, years):
    now, before = years
    return {
        name: Value(
            metrics.get(name), metrics.get(name).compute(states, now), metrics.get(name).compute(states, before)
        )
        for name in names
    }


def _health_of(states, selection):
    """{network id: Health} of the networks active now, when the year asked for is the running one (health is
    known for today only); else None."""
    if not selection.year.is_running:
        return None
    active = [state.pk for state in states if state.phases.get(selection.year) not in (None, Phase.STOPPED)]
    return health.for_networks(active)


def dashboard(selection, *, by_region):
    """Everything a national (`by_region`: with the table of regions) or regional dashboard shows."""
    years = selection.years
    networks = selection.networks()
    regions = {region.pk: region for region in selection.region_list()}
    themes = {theme.pk: theme for theme in selection.theme_names}
    states = network_figures.network_states(networks, years)

    row_figures = PEOPLE_FIGURES + ATTENDANCE_FIGURES + EVALUATION_FIGURES
    overall = metrics.grouped(row_figures, networks=networks, years=years)
    per_region = (
        metrics.grouped(PEOPLE_FIGURES + ATTENDANCE_FIGURES, networks=networks, years=years, by=["region"])
        if by_region
        else {}
    )
    # Meetings add up: one query per region and month gives the totals, the regions and the months.
    meetings = metrics.grouped(MEETING_FIGURES, networks=networks, years=years, by=["region"], by_month=True)
    healths = _health_of(states, selection)

    cards = {**_network_values(NETWORK_FIGURES, states, years), **_values(row_figures, overall, (), years)}
    for name in MEETING_FIGURES:
        cards[name] = Value(
            metrics.get(name),
            *(sum(metrics.value_of(meetings, group, name, year) for group in meetings) for year in years),
        )

    result = {
        "selection": selection,
        "cards": [cards[name] for name in CARDS],
        "card_values": cards,
        "themes": _parts(
            metrics.get("themes"),
            states,
            selection,
            {pk: theme.name for pk, theme in sorted(themes.items(), key=lambda item: item[1].name)},
            lambda pk: selection.query(theme=themes[pk].slug),
        ),
        "phases": _parts(
            metrics.get("phases"), states, selection, dict(Phase.choices), lambda phase: selection.query(phase=phase)
        ),
        "outcomes": _parts(
            metrics.get("outcomes"),
            states,
            selection,
            dict(network_figures.Decision.Outcome.choices),
            lambda outcome: selection.query(outcome=outcome),
        ),
        "intentions": _parts(
            metrics.get("intentions"),
            states,
            selection,
            dict(metrics.get("intentions").kinds()),
            lambda kind: selection.query(intention=kind),
        ),
        "months": _months(meetings, selection.year),
        "health": _health_summary(healths, states, regions),
        "computed_at": timezone.now(),
    }
    if by_region:
        result["regions"] = _region_rows(regions, states, per_region, meetings, healths, selection)
        result["phases_per_region"] = _phases_per_region(regions, states, selection)
    return result


def _months(meetings, year):
    """Per month of the school year: meetings held and planned (summed over the regions)."""
    totals = defaultdict(lambda: {"meetings_held": 0, "meetings_planned": 0})
    for (_region, month), values in meetings.items():
        day = timezone.localdate(month) if hasattr(month, "hour") else month
        for name in MEETING_FIGURES:
            totals[day.replace(day=1)][name] += values.get(name, {}).get(year) or 0
    return [{"month": month, **totals[month]} for month in year.months()] if not year.is_future else []


def _health_summary(healths, states, regions):
    if healths is None:
        return None
    names = {state.pk: state for state in states}
    at_risk = [
        {"state": names[pk], "region": regions.get(names[pk].region_id), "health": found}
        for pk, found in healths.items()
        if found.status == health.Status.AT_RISK
    ]
    at_risk.sort(key=lambda row: (-len(row["health"].reasons), row["state"].name))
    return {
        "counts": [(status, count) for status, count in health.status_counts(healths.values()).items()],
        "at_risk": at_risk,
        "total": len(healths),
    }


def _region_rows(regions, states, per_region, meetings, healths, selection):
    years = selection.years
    by_region = defaultdict(list)
    for state in states:
        by_region[state.region_id].append(state)
    rows = []
    for pk, region in sorted(regions.items(), key=lambda item: item[1].name):
        region_states = by_region.get(pk, [])
        values = {
            **_network_values(["networks", "networks_active", "networks_started"], region_states, years),
            **_values(PEOPLE_FIGURES + ATTENDANCE_FIGURES, per_region, (pk,), years),
        }
        values["meetings_held"] = Value(
            metrics.get("meetings_held"),
            *(
                sum(metrics.value_of(meetings, group, "meetings_held", year) for group in meetings if group[0] == pk)
                for year in years
            ),
        )
        at_risk = None
        if healths is not None:
            at_risk = sum(
                1
                for state in region_states
                if state.pk in healths and healths[state.pk].status == health.Status.AT_RISK
            )
        rows.append(
            {
                "region": region,
                "values": [values[name] for name in REGION_COLUMNS],
                "at_risk": at_risk,
                "link": selection.query(region=region.slug),
            }
        )
    return rows


def _phases_per_region(regions, states, selection):
    counts = defaultdict(lambda: dict.fromkeys(Phase.values, 0))
    for state in states:
        phase = state.phases.get(selection.year)
        if phase is not None:
            counts[state.region_id][phase] += 1
    return [
        {"region": region, "counts": [(phase, label, counts[pk][phase]) for phase, label in Phase.choices]}
        for pk, region in sorted(regions.items(), key=lambda item: item[1].name)
    ]


# --- The networks behind a figure -----------------------------------------------------------------

# Extra filters of the network list, beyond the selection: what a figure's link narrows to.
NARROWING = ("outcome", "intention", "health", "started")


def network_rows(selection, *, narrow=None, page=None):
    """The networks of `selection` (narrowed by `narrow`: outcome, intention, health status, started in the
    year), each with its figures, coordinators and facilitators. `page` (a slice) limits the figures to
    the networks shown. Returns (rows, total)."""
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
    healths = _health_of(states, selection) if selection.year.is_running else None
    if narrow.get("health"):
        states = [
            state
            for state in states
            if healths and state.pk in healths and healths[state.pk].status == narrow["health"]
        ]
    states.sort(key=lambda state: state.name.lower())
    total = len(states)
    shown = states[page] if page is not None else states
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
        rows.append(
            {
                "state": state,
                "region": regions.get(state.region_id),
                "theme": themes.get(state.theme_id),
                "phase": Phase(phase).label if phase else "",
                "outcome": network_figures.Decision.Outcome(state.outcome).label if state.outcome else "",
                "health": healths.get(state.pk) if healths else None,
                "values": [
                    Value(metrics.get(name), metrics.value_of(found, (state.pk,), name, selection.year))
                    for name in NETWORK_COLUMNS
                ],
                "coordinators": leads[state.pk]["coordinator"],
                "facilitators": leads[state.pk]["facilitator"],
            }
        )
    return rows, total
