"""The history of a network's phases, its quota of supported meetings, the members' views on continuing
and the outcome of that decision. Rows are written by services.py only; none is ever edited by a form
or the admin, because the national figures on continuation are read from them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import ChoiceLabels
from networks.models import MAX_SUPPORTED_MEETINGS, Membership, Network, Phase

REASON_LIMIT = 1000
COMMENT_LIMIT = 1000
FOLLOW_UP_MONTHS = 6  # after "we intend to continue", ask whether it did


class PhaseChange(ChoiceLabels, models.Model):
    """One move of a network from one phase to another: the network page shows these as its timeline."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="phase_changes", verbose_name=_("network")
    )
    source = models.CharField(_("from"), max_length=20, choices=Phase)
    target = models.CharField(_("to"), max_length=20, choices=Phase)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the portal made the move itself."),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_LIMIT)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["network", "changed_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="lifecycle_change_moves"),
            models.CheckConstraint(
                condition=models.Q(source__in=Phase.values, target__in=Phase.values), name="lifecycle_change_known"
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.get_source_display()} → {self.get_target_display()}"


class QuotaChange(models.Model):
    """VO-raad staff raised (or lowered) the number of supported meetings of one network, with a reason."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="quota_changes", verbose_name=_("network")
    )
    old_quota = models.PositiveSmallIntegerField(_("old quota"))
    new_quota = models.PositiveSmallIntegerField(_("new quota"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), max_length=REASON_LIMIT)

    class Meta:
        verbose_name = _("change of supported meetings")
        verbose_name_plural = _("changes of supported meetings")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_quota__gte=1, new_quota__lte=MAX_SUPPORTED_MEETINGS),
                name="lifecycle_quota_in_range",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="lifecycle_quota_has_reason"),
        ]

    def __str__(self):
        return f"{self.network}: {self.old_quota} → {self.new_quota}"


class View(ChoiceLabels, models.Model):
    """A member's view on continuing after support; they may change it until the outcome is recorded."""

    class Choice(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        STOP = "stop", _("Stop")
        UNDECIDED = "undecided", _("Undecided")

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="continuation_view", verbose_name=_("member")
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="views", verbose_name=_("network"))
    choice = models.CharField(_("view"), max_length=10, choices=Choice)
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_LIMIT)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("view on continuing")
        verbose_name_plural = _("views on continuing")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(choice__in=["continue", "stop", "undecided"]), name="lifecycle_view_known"
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.get_choice_display()}"


class Decision(ChoiceLabels, models.Model):
    """What the network decided when support ended, and what became of an intention to continue."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Continue self-directed")
        STOP = "stop", _("Stop")
        INTEND = "intend", _("We intend to continue")

    class Facilitation(models.TextChoices):
        PAID_BY_SCHOOLS = "paid_by_schools", _("The facilitator, paid by the schools")
        MEMBER = "member", _("One of the members")
        NOBODY = "nobody", _("Nobody")

    class FollowUp(models.TextChoices):
        CONTINUED = "continued", _("It continued")
        STOPPED = "stopped", _("It stopped")

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="decision", verbose_name=_("network")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    facilitation = models.CharField(_("who facilitates from now on"), max_length=20, choices=Facilitation, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # Only for an intention: when to ask whether the network really continued, and what became of it.
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_asked_at = models.DateTimeField(_("follow-up asked at"), null=True, blank=True)
    follow_up_reminded_at = models.DateTimeField(_("follow-up reminder sent at"), null=True, blank=True)
    follow_up = models.CharField(_("what became of the intention"), max_length=10, choices=FollowUp, blank=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision after support")
        verbose_name_plural = _("decisions after support")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["continue", "stop", "intend"]), name="lifecycle_decision_known"
            ),
            # Only an intention is followed up, and it has a date for that.
            models.CheckConstraint(
                condition=models.Q(outcome="intend", follow_up_due__isnull=False)
                | models.Q(~models.Q(outcome="intend"), follow_up_due__isnull=True, follow_up=""),
                name="lifecycle_decision_follow_up_only_for_intention",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="stop") | ~models.Q(reason=""), name="lifecycle_decision_stop_has_reason"
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="continue") | ~models.Q(facilitation=""),
                name="lifecycle_decision_continue_names_facilitation",
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.get_outcome_display()}"
