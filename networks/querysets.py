"""Reads of networks and memberships that views, tasks and dashboards share."""

from django.db import models
from django.db.models import Exists, OuterRef, Q


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)

    def current_of(self, user, network):
        """The current membership of `user` in `network` (a network, its id or an OuterRef): at most one row,
        as the database keeps one current membership per person and network. Unordered: the default
        ordering would join network and person into every subquery that reads it."""
        return self.current().filter(network=network, user=user).order_by()

    def coordinators(self):
        return self.current().filter(role="coordinator")


class NetworkQuerySet(models.QuerySet):
    def listed(self):
        """Networks in the public directory: listed by their coordinators and not stopped."""
        return self.filter(is_listed=True).exclude(phase="stopped")

    def active(self):
        """Networks that have not stopped (in any phase before, during or after support)."""
        return self.exclude(phase="stopped")

    def _current_member(self, user):
        from .models import Membership

        return Exists(Membership.objects.current_of(user, OuterRef("pk")))

    def of_member(self, user):
        """Networks in which `user` currently takes part, in any role."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(self._current_member(user))

    def visible_to(self, user):
        """Networks whose page `user` may open: listed ones, and those they belong to or manage."""
        if not user.is_authenticated:
            return self.listed()
        if user.is_association_staff:
            return self.all()
        return self.filter(
            (Q(is_listed=True) & ~Q(phase="stopped"))
            | Q(region__in=user.coordinated_regions.all())
            | self._current_member(user)
        )
