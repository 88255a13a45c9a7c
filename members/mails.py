"""The mails the members app sends (registered with mail/kinds.py; none can be switched off)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mail import kinds


class MemberMail(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("Password reset")


kinds.register(MemberMail)
