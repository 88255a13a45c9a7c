"""The rollup of the dashboards' figures: every figure for every school year and every group of networks
(all, per region, per theme, per region and theme), computed by beat every REFRESH_EVERY and kept in
FigureCell rows, so that a dashboard at national scale reads a handful of rows instead of millions.

- `refresh()` computes every cell with `cells.compute` (the computation a page makes itself when there is
  no rollup) and writes them by upsert on their unique key; groups that no longer exist are removed.
- `read(selection, regions)` gives the cells a page needs, or None when they are missing, older than
  FRESH_FOR, or computed with other definitions (`fingerprint`): the page then computes them itself.
  A filter by phase is not rolled up (it depends on the day a phase is read), and neither is a school year
  that has not begun (it has no figures).
- After a definition changes, `manage.py rebuild_dashboard_figures` rewrites the rows at once.
"""

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.db import connection, transaction
from django.utils import timezone, translation

from mail import heartbeats
from metrics import registry as metrics
from metrics.periods import SchoolYear
from networks.models import Network, Region, Theme

from . import cells
from .models import ALL, FigureCell

REFRESH_EVERY = timedelta(minutes=15)
# Older rows are not shown: a beat that stopped must not leave a dashboard showing last week's figures.
FRESH_FOR = timedelta(hours=2)
# The first school year the rollup keeps (and the dashboards offer); its comparison year is kept too.
FIRST_YEAR = 2022
# Raise when cells.compute changes what it stores, so that rows of the old kind are not read.
VERSION = 1

HEARTBEAT = "refresh_dashboard_figures"
# A key of PostgreSQL's advisory locks (any number of our own): one refresh writes at a time.
LOCK = 15_000_001


@dataclass
class Found:
    whole: dict  # {figure name: {year key: value}} of the selection
    per_region: dict  # {region id: the same}, for the table of regions
    computed_at: object
    from_rollup: bool


@cache
def fingerprint():
    """A digest of every figure's definition (in English) and of VERSION; they change only with a deploy."""
    with translation.override("en"):
        described = [
            [figure.name, str(figure.label), str(figure.definition), str(figure.unit)]
            for figure in metrics.all_metrics()
        ]
    return hashlib.sha256(json.dumps([VERSION, described]).encode()).hexdigest()


def years_kept():
    """The school years the rollup holds: from FIRST_YEAR to the running one, the year before FIRST_YEAR
    (to compare with), and the part of last year up to today (to compare the running one with)."""
    current = SchoolYear.current()
    years = [*(SchoolYear(start) for start in range(FIRST_YEAR - 1, current.start_year + 1)), current.previous()]
    # On 31 July the part of last year up to today is the whole of it: one year, kept once.
    return list({year.key: year for year in years}.values())


def refresh():
    """Compute every cell and upsert it. Safe to run twice: a second run at the same time (a slow run that
    overlaps the next beat, or two machines) finds the lock taken and leaves it to the first. Side effects:
    FigureCell rows, a heartbeat. Returns the number of rows written (0 when another run had the lock)."""
    heartbeats.record(HEARTBEAT)
    with _alone() as first:
        return _refresh() if first else 0


@contextmanager
def _alone():
    """True when no other refresh runs (PostgreSQL's advisory lock, for the whole computation, which is the
    costly part); the lock is let go after, also on an error."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])


def _refresh():
    started = timezone.now()
    years = years_kept()
    digest = fingerprint()
    computed = cells.compute(
        Network.objects.all(),
        years,
        [cells.ALL, cells.BY_REGION, cells.BY_THEME, cells.BY_REGION_AND_THEME],
        every_region=list(Region.objects.values_list("pk", flat=True)),
        every_theme=list(Theme.objects.values_list("pk", flat=True)),
    )
    rows = sorted(
        (
            FigureCell(
                year_key=year.key,
                region_id=region or ALL,
                theme_id=theme or ALL,
                values={name: per_year[year.key] for name, per_year in values.items() if year.key in per_year},
                fingerprint=digest,
                computed_at=started,
            )
            for (region, theme), values in computed.items()
            for year in years
        ),
        # In the order of the unique key, so that writers take their row locks in one order.
        key=lambda cell: (cell.year_key, cell.region_id, cell.theme_id),
    )
    with transaction.atomic():
        FigureCell.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["year_key", "region_id", "theme_id"],
            update_fields=["values", "fingerprint", "computed_at"],
        )
        # Groups and years no longer computed (a region merged, a year past keeping).
        FigureCell.objects.filter(computed_at__lt=started).delete()
    return len(rows)


def read(selection, *, regions=()):
    """The cells of `selection` (and of each of `regions`, for the table of regions) from the rollup, in one
    query; None when the page must compute them itself."""
    if selection.phase or any(year.is_future for year in selection.years):
        return None
    region_id = selection.region.pk if selection.region else ALL
    if region_id == ALL and selection.regions is not None:
        # A regional coordinator without a region filter sees their own region(s), never the country. The
        # cells of several regions cannot be added up (a person in two of them would count twice).
        if len(selection.regions) != 1:
            return None
        region_id = selection.regions[0].pk
    theme_id = selection.theme.pk if selection.theme else ALL
    keys = [year.key for year in selection.years]
    wanted = {(key, group) for key in keys for group in {region_id, *regions}}
    found = {
        (row["year_key"], row["region_id"]): row
        for row in FigureCell.objects.filter(
            year_key__in=keys, theme_id=theme_id, region_id__in={region_id, *regions}
        ).values("year_key", "region_id", "values", "fingerprint", "computed_at")
    }
    if set(found) != wanted:
        return None
    oldest = min(row["computed_at"] for row in found.values())
    digest = fingerprint()
    if timezone.now() - oldest > FRESH_FOR or any(row["fingerprint"] != digest for row in found.values()):
        return None

    def merged(group):
        values = {}
        for key in keys:
            for name, value in found[(key, group)]["values"].items():
                values.setdefault(name, {})[key] = value
        return values

    return Found(
        whole=merged(region_id),
        per_region={region: merged(region) for region in regions},
        computed_at=oldest,
        from_rollup=True,
    )
