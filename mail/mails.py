"""The mails the mail app sends itself (registered with mail/kinds.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import kinds


class MailMail(models.TextChoices):
    # Belongs to no topic: it only goes to people who chose the digest for some topic, and switching
    # those topics off (or to "at once") is how they stop it.
    DIGEST = "mail_digest", _("Weekly digest")


kinds.register(MailMail)
