"""The mails of the lifecycle (registered with mail/kinds.py): decisions, so none can be switched off."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mail import kinds


class LifecycleMail(models.TextChoices):
    LAST_SUPPORTED = "lifecycle_last_supported", _("One supported meeting left")
    DECISION = "lifecycle_decision", _("Time to decide whether to continue")
    OUTCOME = "lifecycle_outcome", _("The decision after support")
    FOLLOW_UP = "lifecycle_follow_up", _("Did the network continue?")
    FOLLOW_UP_REMINDER = "lifecycle_follow_up_reminder", _("Did the network continue? (reminder)")


kinds.register(LifecycleMail)
