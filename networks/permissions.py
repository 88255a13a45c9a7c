"""Who may see and change what. Predicates answer yes or no; getters answer 404 to outsiders, so a
guessed address does not even reveal that a network exists."""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from common.prepared import PreparedQuery

from .models import Membership, Network, Region


def regions_for_new_networks(user):
    """Regions in which `user` may start a network."""
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_association_staff:
        return Region.objects.all()
    return user.coordinated_regions.all()


def can_create_network(user):
    return regions_for_new_networks(user).exists()


@dataclass(frozen=True)
class NetworkAccess:
    """What one person may do in one network, worked out once per request from one row."""

    membership_id: int | None = None
    role: str | None = None
    can_manage: bool = False

    @property
    def is_member(self):
        """A current member of the network, in any role."""
        return self.membership_id is not None

    @property
    def can_see_inside(self):
        """The member list, start document and roadmap: members in any role, and those who manage it."""
        return self.is_member or self.can_manage

    @cached_property
    def membership(self):
        """The membership row itself, read only by the few changes that need it (leaving)."""
        return Membership.objects.get(pk=self.membership_id) if self.is_member else None


# The names of the reader's access as read with an object (`_access_columns`); `access_from_row` turns it into
# NetworkAccess. Pages leave them out of their kept parts' keys (common/fragments.py).
ACCESS_COLUMNS = ("access_membership_id", "access_role", "access_region_coordinator")


def _access_columns(user_id, network, region):
    """Annotations that let `access_from_row` work out the access of the person `user_id` without a query
    of its own: `network` and `region` are the paths from the annotated model to the network and its region."""
    current = Membership.objects.current_of(user_id, OuterRef(network))
    membership_id, role, region_coordinator = ACCESS_COLUMNS
    return {
        membership_id: Subquery(current.values("pk")[:1]),
        role: Subquery(current.values("role")[:1]),
        region_coordinator: Exists(Region.coordinators.through.objects.filter(region=OuterRef(region), user=user_id)),
    }


class AccessQuery:
    """One object by `lookup` (a network by slug, a meeting by id) with the access of whoever asks, for
    `access_from_row`, and the page's `columns(user_id)` (None for a visitor who is not logged in): one
    query, built and compiled once per process (common/prepared.py) rather than on every request.

    `queryset()` gives the QuerySet to start from; `network` and `region` are the paths from its model to
    the network and its region."""

    def __init__(self, queryset, *, lookup, network="pk", region="region", columns=None):
        columns = columns or (lambda _user_id: {})
        model = queryset().model
        self._key_field = model._meta.pk if lookup == "pk" else model._meta.get_field(lookup)

        def for_member(user_id, key):
            access = _access_columns(user_id, network, region)
            return queryset().annotate(**access, **columns(user_id)).filter(**{lookup: key})

        self._signed_in = PreparedQuery(model, for_member)
        self._visitor = PreparedQuery(model, lambda key: queryset().annotate(**columns(None)).filter(**{lookup: key}))

    def get(self, user, key):
        """The object, or None when there is none (whether `user` may see it is `access_from_row`'s to say)."""
        try:
            key = self._key_field.to_python(key)  # "12" for 12, as a filter would take it; "x" finds nothing
        except ValidationError:
            return None
        if user.is_authenticated:
            return self._signed_in.get(user_id=user.pk, key=key)
        return self._visitor.get(key=key)


def access_from_row(user, row):
    """Coordinators of the network, regional coordinators of its region and VO-raad staff manage it.
    `row` comes from an `AccessQuery`."""
    if not user.is_authenticated:
        return NetworkAccess()
    role = row.access_role
    can_manage = user.is_association_staff or role == Membership.Role.COORDINATOR or row.access_region_coordinator
    return NetworkAccess(membership_id=row.access_membership_id, role=role, can_manage=can_manage)


def network_query(columns=None):
    """The query of `get_network_for_user`, with a page's `columns(user_id)` (its figures) read in it."""
    return AccessQuery(
        lambda: Network.objects.select_related("region", "theme", "board"), lookup="slug", columns=columns
    )


NETWORK = network_query()


def get_network_for_user(user, slug, *, query=NETWORK):
    """(network, access) if `user` may open its page, perhaps only its public summary; else 404.
    `query` (from `network_query`) reads a page's figures in the same query."""
    network = query.get(user, slug)
    if network is None:
        raise Http404
    access = access_from_row(user, network)
    if not ((network.is_listed and not network.is_stopped) or access.can_see_inside):
        raise Http404
    return network, access


def get_network_for_manager(user, slug):
    """(network, access) if `user` may manage it. 404 for those who may not see it, 403 for members."""
    network, access = get_network_for_user(user, slug)
    if not access.can_manage:
        raise PermissionDenied if access.can_see_inside else Http404
    return network, access


def get_region(slug):
    return get_object_or_404(Region, slug=slug)
