"""The mails the networks app sends (registered with mail/kinds.py; none can be switched off)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mail import kinds


class NetworkMail(models.TextChoices):
    INVITATION = "invitation", _("Invitation to a network")
    JOIN_REQUEST = "join_request", _("Request to join, to the coordinators")
    JOIN_DECISION = "join_decision", _("Decision on a request to join")


kinds.register(NetworkMail)
