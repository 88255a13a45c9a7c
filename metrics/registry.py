"""What a figure is, the register of all of them, and the ways a page reads one.

A figure is an aggregate over rows that belong to a network: current memberships, recorded attendance.
From that one definition come all its values:
- `annotate(queryset, *names)`: a column per figure on a queryset of networks, regions or meetings, each
  a correlated subquery, so figures over different rows never multiply each other's joins and a list
  costs one query whatever its length;
- `for_object(obj, *names)`: the figures of one network, region or meeting, in one query;
- `overall(*names)`: the figures over the whole country.
A region's value is the aggregate over the rows of its networks, not the sum of their values: a person
in two networks of a region is one participant of that region.

For the dashboards a figure also has a value per school year (`metrics.periods.SchoolYear`): `during`
says which of its rows count in a year, and `grouped` gives the values of many figures for many groups of
networks (per region, per month) and several years in one query per kind of row, each year a FILTER
clause of the same aggregate.

Health signals and dashboard figures register here as well; one that is not an aggregate over rows can
subclass `Metric` and override `subquery` and `compute_overall`. Figures over rows of an app above
`metrics` (the lifecycle's decisions) are registered by that app, so that this register stays the one
list of every figure.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    SCHOOLS = "schools", _("schools")
    NETWORKS = "networks", _("networks")
    MEETINGS = "meetings", _("meetings")
    EVALUATIONS = "evaluations", _("evaluations")
    # A fraction from 0 to 1, shown as a percentage.
    SHARE = "share", _("share")
    # An average answer from 1 to 5, shown with one decimal.
    SCORE = "score", _("score from 1 to 5")


@dataclass(frozen=True, kw_only=True)
class Figure:
    """What every figure has, whatever computes it: the glossary, the pages and the exports read these."""

    name: str  # a slug that is also the name of the column `annotate` adds
    label: Promise
    definition: Promise  # one line in plain words: how do we count this?
    unit: Unit
    higher_is_better: bool
    empty: object = 0  # the figure when there are no rows; None means "not known yet" (a rate of nothing)
    # False when the running school year (which counts what is still to come) cannot be set beside the same
    # part of the year before: pages then show no change.
    compared_while_running: bool = True

    def format(self, value):
        """The figure as a page shows it: a number in the language's notation, a share as a percentage."""
        if value is None:
            return "\u2013"  # an en dash: no figure yet
        if self.unit == Unit.SHARE:
            return f"{number_format(round(value * 100))}%"
        if self.unit == Unit.SCORE:
            return number_format(value, decimal_pos=1)
        return number_format(value, force_grouping=True)

    def format_change(self, value, earlier):
        """The change from `earlier` to `value` as a page shows it ("+3", "-5 percentage points"), or "" when
        either is unknown."""
        if value is None or earlier is None:
            return ""
        difference = value - earlier
        if self.unit == Unit.SHARE:
            points = round(difference * 100)
            return f"{points:+d} " + str(_("percentage points")) if points else "0"
        if self.unit == Unit.SCORE:
            return f"{'+' if difference > 0 else ''}{number_format(difference, decimal_pos=1)}"
        return f"{difference:+d}" if difference else "0"

    def change_is_good(self, value, earlier):
        """True when the change from `earlier` is for the better, False when for the worse, None when there
        is none (or it cannot be told)."""
        if value is None or earlier is None or value == earlier:
            return None
        return (value > earlier) == self.higher_is_better


@dataclass(frozen=True, kw_only=True)
class Metric(Figure):
    """A figure that is an aggregate over rows belonging to a network."""

    rows: Callable[[], models.QuerySet]  # the rows the figure is computed over
    # The aggregate over those rows; `only` (a Q or None) narrows it to some of them, as a FILTER clause.
    value: Callable[..., models.Expression]
    network: str = "network"  # the lookup from a row to its network
    meeting: str | None = None  # the lookup from a row to its meeting, for figures that exist per meeting
    # Which rows count in a school year (a SchoolYear -> Q); None: the figure has no value per year.
    during: Callable | None = None
    # The rows for values per school year when they differ from `rows` (`rows` holds only today's members).
    rows_over_time: Callable | None = None
    # The lookup of the date that places a row in a month, for figures shown over time.
    dated_by: str | None = None

    def lookup_to(self, model):
        """The lookup from one of this figure's rows to an object of `model`."""
        label = model._meta.label
        if label == "networks.Network":
            return self.network
        if label == "networks.Region":
            return f"{self.network}__region"
        if label == "meetings.Meeting" and self.meeting:
            return self.meeting
        raise ValueError(f"The figure {self.name!r} has no value per {label}.")

    def subquery(self, model):
        """An expression for a queryset of `model` that gives each of its objects the figure."""
        lookup = self.lookup_to(model)
        rows = (
            self.rows()
            .filter(**{lookup: OuterRef("pk")})
            .order_by()
            .values(lookup)
            .annotate(figure=self.value())
            .values("figure")
        )
        if self.empty is None:
            return Subquery(rows)
        return Coalesce(Subquery(rows), Value(self.empty))

    def compute_overall(self):
        value = self.rows().order_by().aggregate(figure=self.value())["figure"]
        return self.empty if value is None else value

    def in_year(self, year):
        """The aggregate over this figure's rows that count in school year `year`."""
        if self.during is None:
            raise ValueError(f"The figure {self.name!r} has no value per school year.")
        return self.value(only=self.during(year))


_REGISTRY: dict[str, Metric] = {}


def register(metric):
    """Add a figure to the register; each name once. Returns the figure, for a module-level name."""
    if not metric.name.isidentifier():
        raise ImproperlyConfigured(f"A figure's name must be usable as a column name: {metric.name!r}.")
    if metric.name in _REGISTRY:
        raise ImproperlyConfigured(f"The figure {metric.name!r} is defined twice.")
    _REGISTRY[metric.name] = metric
    return metric


def get(name):
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"No figure is called {name!r}; known are: {', '.join(_REGISTRY)}.") from None


def all_metrics():
    """Every registered figure, in the order of registration."""
    return list(_REGISTRY.values())


def columns(model, *names):
    """{name: expression} of the named figures for a queryset of `model`, so a page that reads one
    object anyway gets its figures in the same query (read them back with `read`)."""
    return {name: get(name).subquery(model) for name in names}


def read(obj, *names):
    """{name: value} of the named figures annotated on `obj` by `columns`."""
    return {name: getattr(obj, name) for name in names}


def annotate(queryset, *names):
    """`queryset` (networks, regions or meetings) with one column per named figure."""
    return queryset.annotate(**columns(queryset.model, *names))


def for_object(obj, *names):
    """{name: value} of the named figures of one network, region or meeting, in one query."""
    model = type(obj)
    return annotate(model._default_manager.filter(pk=obj.pk), *names).values(*names).get()


def overall(*names):
    """{name: value} of the named figures over everything, one query per figure."""
    return {name: get(name).compute_overall() for name in names}


def grouped(names, *, networks, years, by=(), by_month=False):
    """The named figures for the networks of `networks` (a queryset of networks), per school year in
    `years`, per group: {(group values...): {name: {year: value}}}.

    `by` names lookups from a network ("region", "theme") to group on; `by_month` groups as well on the
    month of each row's date (`dated_by`), for figures over time. One query per kind of row, whatever the
    number of groups, figures and years: each year is a FILTER clause of the figure's aggregate. A year that
    has not begun gives every figure its empty value without counting anything. Groups without rows are
    absent; read them with `value_of`.
    """
    metrics = [get(name) for name in names]
    per_source = {}
    for metric in metrics:
        rows = metric.rows_over_time or metric.rows
        per_source.setdefault((rows, metric.network, metric.dated_by if by_month else None), []).append(metric)
    counted = [year for year in years if not year.is_future]
    result = {}
    for (rows, network, dated_by), members in per_source.items():
        if not counted:
            continue
        group_columns = {f"group_{index}": f"{network}__{lookup}" for index, lookup in enumerate(by)}
        queryset = rows().filter(**{f"{network}__in": networks.order_by().values("pk")}).order_by()
        if by_month:
            if dated_by is None:
                raise ValueError(f"The figure {members[0].name!r} is not placed in time (no dated_by).")
            queryset = queryset.annotate(group_month=TruncMonth(dated_by))
            group_columns["group_month"] = "group_month"
        # Only rows that count in one of the years are read at all.
        in_any_year = Q()
        for metric in members:
            for year in counted:
                in_any_year |= metric.during(year)
        queryset = queryset.filter(in_any_year)
        aggregates = {f"{metric.name}__{year.key}": metric.in_year(year) for metric in members for year in counted}
        if group_columns:
            found = queryset.values(*group_columns.values()).annotate(**aggregates)
        else:
            found = [queryset.aggregate(**aggregates)]
        for row in found:
            group = tuple(row[column] for column in group_columns.values())
            values = result.setdefault(group, {})
            for metric in members:
                values[metric.name] = {
                    year: row[f"{metric.name}__{year.key}"] if year in counted else metric.empty for year in years
                }
    return result


def value_of(found, group, name, year):
    """The value of figure `name` in `year` for `group` from what `grouped` found, or the figure's empty
    value when the group had no rows."""
    value = found.get(group, {}).get(name, {}).get(year)
    empty = get(name).empty
    return empty if value is None else value
