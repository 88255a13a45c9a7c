"""Who takes part in the lifecycle of a network: the roles of rules.Actor, worked out from the access
a page already has (networks.permissions.NetworkAccess)."""

from networks.models import Membership

from .rules import Actor


def actors_of(user, access):
    """The set of rules.Actor that `user` acts as towards the network of `access`."""
    actors = set()
    if access.role == Membership.Role.COORDINATOR:
        actors.add(Actor.COORDINATOR)
    elif access.role == Membership.Role.FACILITATOR:
        actors.add(Actor.FACILITATOR)
    if user.is_authenticated and user.is_association_staff:
        actors.add(Actor.STAFF)
    elif access.can_manage and access.role != Membership.Role.COORDINATOR:
        actors.add(Actor.REGIONAL_COORDINATOR)
    return actors


def may_see_views(access):
    """The members' views on continuing, per school: for those who record the outcome and the facilitator."""
    return access.can_manage or access.role == Membership.Role.FACILITATOR


def may_see_health(access):
    """A network's health and its reasons: for its coordinators, its facilitator and those who manage it."""
    return access.can_manage or access.role == Membership.Role.FACILITATOR
