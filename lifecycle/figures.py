"""The figures about networks as a whole: how many there are, in which phase, on which theme, and what
they decided when their support ended. Their rows are the networks with their phase history and
decision, which live in this app, above `metrics`; so they are defined here and registered in the one
register of figures (`metrics.registry`), where the glossary, the dashboards and the exports find them.

All of them come from one query (`network_states`): a row per network with its phase on the `as_of`
day of each school year asked for, read from the phase history, and its decision.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from metrics.registry import Figure, Unit, register
from networks.models import Network, Phase

from .models import Decision, PhaseChange


@dataclass(frozen=True)
class NetworkState:
    """One network as the figures see it, in each school year asked for."""

    pk: int
    name: str
    slug: str
    region_id: int
    theme_id: int
    created_at: object
    phases: dict  # {SchoolYear: Phase or None (not opened yet on that day)}
    outcome: str  # Decision.Outcome or ""
    decided_at: object
    follow_up: str  # Decision.FollowUp or ""
    followed_up_at: object
    # Today's phase and what the health signals read, so that no second query of the networks is needed.
    phase: str = ""
    cadence: str = ""
    learning_question: str = ""

    def as_network(self):
        """An unsaved Network with what `metrics.health.for_loaded_networks` reads."""
        return Network(pk=self.pk, phase=self.phase, cadence=self.cadence, learning_question=self.learning_question)

    def exists_in(self, year):
        return self.phases.get(year) is not None

    def decided_by(self, year):
        """The outcome recorded by the year's `as_of` day, or ""."""
        if self.outcome and not year.is_future and self.decided_at < year.ends:
            return self.outcome
        return ""

    def what_became_of_intention(self, year):
        """For an intention recorded by `as_of`: "continued", "stopped" or "open" then."""
        if self.decided_by(year) != Decision.Outcome.INTEND:
            return ""
        if self.follow_up and self.followed_up_at < year.ends:
            return self.follow_up
        return "open"


def _phase_on(moment):
    """A network's phase at `moment`: the target of its last move before it, or forming (where every
    network begins) when it had made none; None when the network did not exist yet."""
    last_move = (
        PhaseChange.objects.filter(network=OuterRef("pk"), changed_at__lt=moment)
        .order_by("-changed_at", "-pk")
        .values("target")[:1]
    )
    return Coalesce(Subquery(last_move), Value(Phase.FORMING))


def in_phase_on(networks, phase, year):
    """The networks of `networks` (a queryset) that were in `phase` at the end of `year` (today while it
    runs)."""
    return networks.alias(phase_then=_phase_on(year.ends)).filter(created_at__lt=year.ends, phase_then=phase)


def network_states(networks, years):
    """A NetworkState per network of `networks` (a queryset), with its phase in each of `years`: one query."""
    years = list(years)
    columns = {f"phase_{year.key}": _phase_on(year.ends) for year in years if not year.is_future}
    rows = (
        networks.order_by()
        .annotate(**columns)
        .values(
            "pk",
            "name",
            "slug",
            "region_id",
            "theme_id",
            "created_at",
            "phase",
            "cadence",
            "learning_question",
            *columns,
            outcome=Coalesce(F("decision__outcome"), Value("")),
            decided_at=F("decision__recorded_at"),
            follow_up=Coalesce(F("decision__follow_up"), Value("")),
            followed_up_at=F("decision__followed_up_at"),
        )
    )
    states = []
    for row in rows:
        phases = {}
        for year in years:
            existed = not year.is_future and row["created_at"] < year.ends
            phases[year] = row[f"phase_{year.key}"] if existed else None
        states.append(
            NetworkState(
                pk=row["pk"],
                name=row["name"],
                slug=row["slug"],
                region_id=row["region_id"],
                theme_id=row["theme_id"],
                created_at=row["created_at"],
                phases=phases,
                outcome=row["outcome"],
                decided_at=row["decided_at"],
                follow_up=row["follow_up"],
                followed_up_at=row["followed_up_at"],
                phase=row["phase"],
                cadence=row["cadence"],
                learning_question=row["learning_question"],
            )
        )
    return states


# --- The figures ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NetworkFigure(Figure):
    """A figure counted over NetworkStates: `count(states, year)` gives its value."""

    count: Callable

    def compute(self, states, year):
        return self.count(states, year)


@dataclass(frozen=True, kw_only=True)
class NetworkBreakdown(Figure):
    """Networks counted per kind (phase, theme, outcome): `key(state, year)` says a network's kind, None to
    leave it out. Its value is {kind: count}; `shares` gives each kind's share of the total."""

    key: Callable
    # () -> [(kind, label)], in the order a page lists them; None when the kinds are rows (themes) that the
    # page reads itself: then only kinds with networks appear.
    kinds: Callable | None = None

    def compute(self, states, year):
        counts = {kind: 0 for kind, _label in self.kinds()} if self.kinds else {}
        for state in states:
            kind = self.key(state, year)
            if kind is not None:
                counts[kind] = counts.get(kind, 0) + 1
        return counts

    @staticmethod
    def shares(counts):
        total = sum(counts.values())
        return {kind: (count / total if total else None) for kind, count in counts.items()}


NETWORKS = register(
    NetworkFigure(
        name="networks",
        label=_("Networks"),
        definition=_(
            "Learning networks opened in the portal by the end of the school year (today for this one), "
            "also those that have stopped since."
        ),
        unit=Unit.NETWORKS,
        higher_is_better=True,
        count=lambda states, year: sum(1 for state in states if state.exists_in(year)),
    )
)

NETWORKS_STARTED = register(
    NetworkFigure(
        name="networks_started",
        label=_("Networks started"),
        definition=_("Learning networks opened in the portal during the school year."),
        unit=Unit.NETWORKS,
        higher_is_better=True,
        count=lambda states, year: sum(
            1 for state in states if not year.is_future and year.starts <= state.created_at < year.ends
        ),
    )
)

NETWORKS_ACTIVE = register(
    NetworkFigure(
        name="networks_active",
        label=_("Active networks"),
        definition=_("Networks that existed at the end of the school year (today for this one) and had not stopped."),
        unit=Unit.NETWORKS,
        higher_is_better=True,
        count=lambda states, year: sum(
            1 for state in states if state.exists_in(year) and state.phases[year] != Phase.STOPPED
        ),
    )
)

PHASES = register(
    NetworkBreakdown(
        name="phases",
        label=_("Networks per phase"),
        definition=_(
            "Each network in the phase it was in at the end of the school year (today for this one), "
            "from its history of phase changes."
        ),
        unit=Unit.NETWORKS,
        higher_is_better=True,
        key=lambda state, year: state.phases.get(year),
        kinds=lambda: Phase.choices,
    )
)

THEMES = register(
    NetworkBreakdown(
        name="themes",
        label=_("Theme shares"),
        definition=_("Of the networks (as counted above), the share working on each theme."),
        unit=Unit.SHARE,
        higher_is_better=True,
        key=lambda state, year: state.theme_id if state.exists_in(year) else None,
    )
)

DECIDED = register(
    NetworkFigure(
        name="networks_decided",
        label=_("Networks that finished their support"),
        definition=_(
            "Networks that recorded what they would do when the supported meetings ended, up to the end of "
            "the school year."
        ),
        unit=Unit.NETWORKS,
        higher_is_better=True,
        count=lambda states, year: sum(1 for state in states if state.decided_by(year)),
    )
)

OUTCOMES = register(
    NetworkBreakdown(
        name="outcomes",
        label=_("Outcomes after support"),
        definition=_(
            "Of the networks that finished their supported phase by the end of the school year, the share that "
            "decided to continue on their own, to stop, or that intended to continue."
        ),
        unit=Unit.SHARE,
        higher_is_better=True,
        key=lambda state, year: state.decided_by(year) or None,
        kinds=lambda: Decision.Outcome.choices,
    )
)

INTENTIONS = register(
    NetworkBreakdown(
        name="intentions",
        label=_("What became of the intentions"),
        definition=_(
            "Of the networks that intended to continue, those that did continue, those that stopped after all, "
            "and those of which it is not known yet (asked six months after the decision)."
        ),
        unit=Unit.NETWORKS,
        higher_is_better=True,
        key=lambda state, year: state.what_became_of_intention(year) or None,
        kinds=lambda: [*Decision.FollowUp.choices, ("open", _("Not known yet"))],
    )
)
