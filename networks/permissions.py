"""Who may see and change what. Predicates answer yes or no; getters answer 404 to outsiders, so a
guessed address does not even reveal that a network exists."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership, Network, Region


def is_association_staff(user):
    return user.is_authenticated and user.is_association_staff


def regions_for_new_networks(user):
    """Regions in which `user` may start a network."""
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_association_staff:
        return Region.objects.all()
    return user.coordinated_regions.all()


def can_create_network(user):
    return regions_for_new_networks(user).exists()


def current_membership(user, network):
    if not user.is_authenticated:
        return None
    return Membership.objects.current().filter(network=network, user=user).first()


def can_manage_network(user, network, membership=None):
    """Coordinators of the network, regional coordinators of its region, and VO-raad staff."""
    if not user.is_authenticated:
        return False
    if user.is_association_staff or network.region.coordinators.filter(pk=user.pk).exists():
        return True
    membership = membership or current_membership(user, network)
    return membership is not None and membership.role == Membership.Role.COORDINATOR


def can_see_network_inside(user, network, membership=None):
    """The member list, start document and roadmap: members in any role, and those who manage it."""
    membership = membership or current_membership(user, network)
    return membership is not None or can_manage_network(user, network, membership)


def get_network_for_user(user, slug):
    """The network if `user` may open its page (perhaps only its public summary), else 404."""
    return get_object_or_404(Network.objects.visible_to(user).select_related("region", "theme", "board"), slug=slug)


def get_network_for_manager(user, slug):
    """The network if `user` may manage it. 404 for those who may not see it, 403 for members."""
    network = get_network_for_user(user, slug)
    if not can_manage_network(user, network):
        if can_see_network_inside(user, network):
            raise PermissionDenied
        raise Http404
    return network


def get_region(slug):
    return get_object_or_404(Region, slug=slug)
