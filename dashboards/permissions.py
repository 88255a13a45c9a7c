"""Who sees which dashboards: VO-raad staff every region and the whole country, a regional coordinator
their own regions; nobody else. Read-only for all of them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from networks.models import Region


def regions_for(user):
    """The regions whose figures `user` may see, as a tuple; None for all of them (staff)."""
    if not user.is_authenticated:
        return ()
    if user.is_association_staff:
        return None
    return tuple(user.coordinated_regions.all())


def may_see_dashboards(user):
    return user.is_authenticated and (user.is_association_staff or user.coordinated_regions.exists())


def may_see_national(user):
    return user.is_authenticated and user.is_association_staff


def get_region_for_dashboard(slug, regions):
    """The region `slug` if its dashboard is among `regions` (None: all): 404 when there is no such region,
    403 when it is someone else's (a regional coordinator knows the eight regions; hiding one would tell nothing)."""
    if regions is not None:
        for region in regions:
            if region.slug == slug:
                return region
    try:
        region = Region.objects.get(slug=slug)
    except Region.DoesNotExist:
        raise Http404 from None
    if regions is not None:
        raise PermissionDenied
    return region
