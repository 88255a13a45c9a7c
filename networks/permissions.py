"""Who may see and change what. Predicates answer yes or no; getters answer 404 to outsiders, so a
guessed address does not even reveal that a network exists."""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

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


def access_annotations(user, network="pk", region="region"):
    """Annotations that let `access_from_row` work out `user`'s access without a query of its own:
    `network` and `region` are the paths from the annotated model to the network and its region."""
    if not user.is_authenticated:
        return {}
    current = Membership.objects.current_of(user, OuterRef(network))
    return {
        "access_membership_id": Subquery(current.values("pk")[:1]),
        "access_role": Subquery(current.values("role")[:1]),
        "access_region_coordinator": Exists(
            Region.coordinators.through.objects.filter(region=OuterRef(region), user=user.pk)
        ),
    }


def access_from_row(user, row):
    """Coordinators of the network, regional coordinators of its region and VO-raad staff manage it.
    `row` carries the annotations of `access_annotations`."""
    if not user.is_authenticated:
        return NetworkAccess()
    role = row.access_role
    can_manage = user.is_association_staff or role == Membership.Role.COORDINATOR or row.access_region_coordinator
    return NetworkAccess(membership_id=row.access_membership_id, role=role, can_manage=can_manage)


def get_network_for_user(user, slug, *, annotations=None):
    """(network, access) if `user` may open its page, perhaps only its public summary; else 404.
    `annotations` are read in the same query (a page's figures)."""
    network = get_object_or_404(
        Network.objects.select_related("region", "theme", "board").annotate(
            **access_annotations(user), **(annotations or {})
        ),
        slug=slug,
    )
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
