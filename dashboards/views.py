"""The staff dashboards: the country, a region, the networks behind a figure, the glossary, and the same
figures as CSV and JSON. Read-only; every page reads through `figures` (and so through `metrics`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.replica import reads_from_replica
from metrics import health
from metrics import registry as metrics
from metrics.periods import SchoolYear
from networks.models import Phase, Region, Theme

from . import charts, exports
from . import figures as dashboard_figures
from .forms import FilterForm, NetworkListForm
from .permissions import get_region_for_dashboard, may_see_dashboards, regions_for

NETWORKS_PER_PAGE = 50


def _viewer(request):
    """The regions the viewer may see (None: all), or 403 for someone who has no dashboard."""
    if not may_see_dashboards(request.user):
        raise PermissionDenied
    return regions_for(request.user)


def _selection(request, regions, *, region=None, form_class=FilterForm):
    """(form, Selection or None): None when a filter is not understood (the form says why). Asking for a
    region one may not see is refused (403), not quietly left out."""
    all_regions = tuple(Region.objects.all())
    themes = tuple(Theme.objects.all())
    form = form_class(request.GET or None, regions=all_regions, themes=themes, fixed_region=region)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    if regions is not None and data.get("region") and data["region"] not in regions:
        raise PermissionDenied
    selection = dashboard_figures.Selection(
        year=data.get("year") or SchoolYear.current(),
        region=region or data.get("region"),
        theme=data.get("theme"),
        phase=data.get("phase") or "",
        regions=regions,
        region_names=all_regions,
        theme_names=themes,
    )
    return form, selection


def _presented(found):
    """What the templates draw besides the figures: the charts and the definitions of the breakdowns."""
    percent = lambda part: (part.share or 0, "\u2013" if part.share is None else f"{round(part.share * 100)}%")  # noqa: E731
    count = lambda part: (part.count, str(part.count))  # noqa: E731
    drawn = {
        "phases": charts.bars(found["phases"], shown=count),
        "themes": charts.bars(found["themes"], shown=percent),
        "outcomes": charts.bars(found["outcomes"], shown=percent),
        "intentions": charts.bars(found["intentions"], shown=count),
        "months": charts.columns(
            found["months"], series=[("meetings_held", _("Held")), ("meetings_planned", _("Planned"))]
        ),
    }
    if "phases_per_region" in found:
        drawn["phases_per_region"] = charts.stacked(
            [
                (row["region"].name, {phase: n for phase, _label, n in row["counts"]})
                for row in found["phases_per_region"]
            ],
            kinds=Phase.choices,
        )
    return {
        **found,
        "charts": drawn,
        "figures": {name: metrics.get(name) for name in ("phases", "themes", "outcomes", "intentions")},
        "health_figure": metrics.get("health"),
        "region_columns": [metrics.get(name) for name in dashboard_figures.REGION_COLUMNS],
        "phase_choices": Phase.choices,
    }


@require_safe
@login_required
@reads_from_replica
def national(request):
    regions = _viewer(request)
    if regions is not None:
        # A regional coordinator sees their own region; with one, that is where the dashboard starts.
        return redirect("dashboards:region", slug=regions[0].slug)
    form, selection = _selection(request, regions)
    ctx = {"form": form}
    if selection is not None:
        ctx.update(_presented(dashboard_figures.dashboard(selection, by_region=selection.region is None)))
    return render(request, "dashboards/national.html", ctx)


@require_safe
@login_required
@reads_from_replica
def region(request, slug):
    regions = _viewer(request)
    chosen = get_region_for_dashboard(request.user, slug, regions)
    form, selection = _selection(request, regions, region=chosen)
    ctx = {"form": form, "region": chosen, "may_see_national": regions is None}
    if selection is not None:
        ctx.update(_presented(dashboard_figures.dashboard(selection, by_region=False)))
    return render(request, "dashboards/region.html", ctx)


def _narrowing(form):
    return {name: form.cleaned_data.get(name) for name in dashboard_figures.NARROWING} if form.is_bound else {}


@require_safe
@login_required
@reads_from_replica
def networks(request):
    regions = _viewer(request)
    form, selection = _selection(request, regions, form_class=NetworkListForm)
    ctx = {"form": form, "columns": [metrics.get(name) for name in dashboard_figures.NETWORK_COLUMNS]}
    if selection is not None:
        narrow = _narrowing(form)
        rows, page = dashboard_figures.network_rows(
            selection, narrow=narrow, page=request.GET.get("page"), per_page=NETWORKS_PER_PAGE
        )
        ctx.update(
            selection=selection,
            rows=rows,
            total=page.paginator.count,
            page=page,
            query=selection.query(**{key: ("1" if value is True else value) for key, value in narrow.items() if value}),
        )
    return render(request, "dashboards/networks.html", ctx)


@require_safe
@login_required
def glossary(request):
    _viewer(request)
    return render(
        request,
        "dashboards/glossary.html",
        {"figures": metrics.all_metrics(), "signals": health.SIGNALS},
    )


# --- Exports ----------------------------------------------------------------------------------------


def _export_name(kind, selection):
    return f"leernetwerken-{kind}-{selection.year}.csv"


@require_safe
@login_required
@reads_from_replica
def regions_csv(request):
    regions = _viewer(request)
    form, selection = _selection(request, regions)
    if selection is None:
        return render(request, "dashboards/national.html", {"form": form}, status=400)
    found = dashboard_figures.dashboard(selection, by_region=True)
    columns = [metrics.get(name) for name in dashboard_figures.REGION_COLUMNS]
    header = [_("Region"), *(exports.figure_heading(figure) for figure in columns), _("At risk")]
    rows = (
        [
            row["region"].name,
            *(exports.figure_cell(value.figure, value.value) for value in row["values"]),
            "" if row["at_risk"] is None else row["at_risk"],
        ]
        for row in found["regions"]
    )
    return exports.csv_response(_export_name("regio-s", selection), header, rows)


@require_safe
@login_required
@reads_from_replica
def networks_csv(request):
    regions = _viewer(request)
    form, selection = _selection(request, regions, form_class=NetworkListForm)
    if selection is None:
        return render(request, "dashboards/networks.html", {"form": form}, status=400)
    rows, _page = dashboard_figures.network_rows(selection, narrow=_narrowing(form))
    columns = [metrics.get(name) for name in dashboard_figures.NETWORK_COLUMNS]
    header = [
        _("Network"),
        _("Region"),
        _("Theme"),
        _("Phase"),
        _("Outcome after support"),
        _("Health"),
        *(exports.figure_heading(figure) for figure in columns),
        _("Coordinators"),
        _("Process facilitators"),
    ]
    lines = (
        [
            row["state"].name,
            row["region"].name if row["region"] else "",
            row["theme"].name if row["theme"] else "",
            row["phase"],
            row["outcome"],
            row["health"].label if row["health"] else "",
            *(exports.figure_cell(value.figure, value.value) for value in row["values"]),
            ", ".join(row["coordinators"]),
            ", ".join(row["facilitators"]),
        ]
        for row in rows
    )
    return exports.csv_response(_export_name("netwerken", selection), header, lines)


@require_safe
@login_required
@reads_from_replica
def figures_json(request):
    """The dashboard's figures with their definitions, the filters and when they were computed (README:
    "The JSON endpoint"). Errors in the filters come back as JSON too."""
    regions = _viewer(request)
    form, selection = _selection(request, regions)
    if selection is None:
        return JsonResponse(
            {"errors": {name: [str(e) for e in errs] for name, errs in form.errors.items()}}, status=400
        )
    found = dashboard_figures.dashboard(selection, by_region=selection.region is None)
    year, earlier = selection.years

    def figure_json(value):
        figure = value.figure
        return {
            "name": figure.name,
            "label": str(figure.label),
            "definition": str(figure.definition),
            "unit": figure.unit,
            "higher_is_better": figure.higher_is_better,
            "value": value.value,
            "previous_year_value": value.earlier,
        }

    def parts_json(parts):
        return [
            {
                "key": str(part.key),
                "label": str(part.label),
                "count": part.count,
                "share": part.share,
                "previous_year_count": part.earlier_count,
                "previous_year_share": part.earlier_share,
            }
            for part in parts
        ]

    def breakdown_json(name, parts):
        figure = metrics.get(name)
        return {
            "name": name,
            "label": str(figure.label),
            "definition": str(figure.definition),
            "parts": parts_json(parts),
        }

    health_summary = found["health"]
    payload = {
        "computed_at": found["computed_at"].isoformat(),
        "from_rollup": found["from_rollup"],
        "filters": {
            "school_year": str(year),
            "previous_school_year": str(earlier),
            "previous_as_of": earlier.as_of.isoformat(),
            "as_of": year.as_of.isoformat(),
            "region": selection.region.slug if selection.region else None,
            "theme": selection.theme.slug if selection.theme else None,
            "phase": selection.phase or None,
        },
        "figures": [figure_json(value) for value in found["cards"]],
        "breakdowns": [
            breakdown_json("phases", found["phases"]),
            breakdown_json("themes", found["themes"]),
            breakdown_json("outcomes", found["outcomes"]),
            breakdown_json("intentions", found["intentions"]),
        ],
        "health": None
        if health_summary is None
        else {
            "definition": str(metrics.get("health").definition),
            "counts": {status.value: count for status, count in health_summary["counts"]},
            "at_risk": [
                {
                    "network": row["network"]["slug"],
                    "name": row["network"]["name"],
                    "reasons": [signal.name for signal in row["reasons"]],
                }
                for row in health_summary["at_risk"]
            ],
            "at_risk_total": health_summary["at_risk_total"],
        },
        "regions": [
            {
                "region": row["region"].slug,
                "name": row["region"].name,
                "figures": [figure_json(value) for value in row["values"]],
                "at_risk": row["at_risk"],
            }
            for row in found.get("regions", [])
        ],
        "meetings_per_month": [
            {"month": month["month"].isoformat(), "held": month["meetings_held"], "planned": month["meetings_planned"]}
            for month in found["months"]
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
