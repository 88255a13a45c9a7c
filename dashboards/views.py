"""The staff dashboards: the country, a region, the networks behind a figure, the glossary, and the same
figures as CSV and JSON. Read-only; every page reads through `figures` (and so through `metrics`)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common import replica
from metrics import health
from metrics import registry as metrics
from metrics.periods import SchoolYear
from networks.models import Phase, Region, Theme

from . import charts, exports
from . import figures as dashboard_figures
from .forms import FilterForm, NetworkListForm
from .permissions import get_region_for_dashboard, may_see_dashboards, regions_for

NETWORKS_PER_PAGE = 50


def dashboard_view(view):
    """A dashboard page: GET or HEAD only, logged in, for VO-raad staff and regional coordinators (403 for
    anyone else). The view gets the regions the viewer may see (None: all). Who may see what is read from
    the primary, so that a right just taken away is gone at once; the figures from the replica, if any."""

    @wraps(view)
    @require_safe
    @login_required
    def wrapper(request, *args, **kwargs):
        if not may_see_dashboards(request.user):
            raise PermissionDenied
        regions = regions_for(request.user)
        with replica.reads():
            return view(request, regions, *args, **kwargs)

    return wrapper


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


def _percent(part):
    return (part.share or 0, "\u2013" if part.share is None else f"{round(part.share * 100)}%")


def _count(part):
    return (part.count, str(part.count))


def _presented(found):
    """What the templates draw besides the figures: the charts and the definitions of the breakdowns."""
    drawn = {
        "phases": charts.bars(found["phases"], shown=_count),
        "themes": charts.bars(found["themes"], shown=_percent),
        "outcomes": charts.bars(found["outcomes"], shown=_percent),
        "intentions": charts.bars(found["intentions"], shown=_count),
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


@dashboard_view
def national(request, regions):
    if regions is not None:
        # A regional coordinator has the dashboard of their own region (the first, with several), with the
        # filters they chose; asking for the country's figures by another region is refused.
        asked = request.GET.get("region")
        own = {region.slug: region for region in regions}
        if asked and asked not in own:
            raise PermissionDenied
        query = request.GET.copy()
        query.pop("region", None)
        target = reverse("dashboards:region", kwargs={"slug": asked or regions[0].slug})
        return redirect(f"{target}?{query.urlencode()}" if query else target)
    form, selection = _selection(request, regions)
    ctx = {"form": form}
    if selection is not None:
        ctx.update(_presented(dashboard_figures.dashboard(selection, by_region=selection.region is None)))
    return render(request, "dashboards/national.html", ctx)


@dashboard_view
def region(request, regions, slug):
    chosen = get_region_for_dashboard(slug, regions)
    form, selection = _selection(request, regions, region=chosen)
    ctx = {"form": form, "region": chosen, "may_see_national": regions is None}
    if selection is not None:
        ctx.update(_presented(dashboard_figures.dashboard(selection, by_region=False)))
    return render(request, "dashboards/region.html", ctx)


def _narrowing(form):
    return {name: form.cleaned_data.get(name) for name in dashboard_figures.NARROWING} if form.is_bound else {}


@dashboard_view
def networks(request, regions):
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


@dashboard_view
def glossary(request, regions):
    return render(
        request,
        "dashboards/glossary.html",
        {"figures": metrics.all_metrics(), "signals": health.SIGNALS},
    )


# --- Exports ----------------------------------------------------------------------------------------


@dashboard_view
def regions_csv(request, regions):
    form, selection = _selection(request, regions)
    if selection is None:
        return render(request, "dashboards/national.html", {"form": form}, status=400)
    found = dashboard_figures.dashboard(selection, by_region=True)
    return exports.csv_response(
        exports.filename("regio-s", selection), *exports.region_table(found, dashboard_figures.REGION_COLUMNS)
    )


@dashboard_view
def networks_csv(request, regions):
    form, selection = _selection(request, regions, form_class=NetworkListForm)
    if selection is None:
        return render(request, "dashboards/networks.html", {"form": form}, status=400)
    rows, _page = dashboard_figures.network_rows(selection, narrow=_narrowing(form))
    return exports.csv_response(
        exports.filename("netwerken", selection), *exports.network_list(rows, dashboard_figures.NETWORK_COLUMNS)
    )


@dashboard_view
def figures_json(request, regions):
    """The dashboard's figures with their definitions, the filters and when they were computed (README:
    "The JSON endpoint"). Errors in the filters come back as JSON too."""
    form, selection = _selection(request, regions)
    if selection is None:
        errors = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    found = dashboard_figures.dashboard(selection, by_region=selection.region is None)
    response = JsonResponse(exports.as_json(found), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
