"""Who may see and change what. Predicates answer yes or no; getters answer 404 to outsiders, so a
guessed address does not even reveal that a network exists."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
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
    """What one person may do in one network, worked out once per request."""

    membership: Membership | None = None
    can_manage: bool = False

    @property
    def can_see_inside(self):
        """The member list, start document and roadmap: members in any role, and those who manage it."""
        return self.membership is not None or self.can_manage


def network_access(user, network):
    """Coordinators of the network, regional coordinators of its region and VO-raad staff manage it."""
    if not user.is_authenticated:
        return NetworkAccess()
    membership = Membership.objects.current_of(user, network).first()
    can_manage = (
        user.is_association_staff
        or (membership is not None and membership.role == Membership.Role.COORDINATOR)
        or network.region.coordinators.filter(pk=user.pk).exists()
    )
    return NetworkAccess(membership=membership, can_manage=can_manage)


def get_network_for_user(user, slug):
    """(network, access) if `user` may open its page, perhaps only its public summary; else 404."""
    network = get_object_or_404(Network.objects.select_related("region", "theme", "board"), slug=slug)
    access = network_access(user, network)
    if not (network.is_listed or access.can_see_inside):
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
