from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("People and mail")

    def ready(self):
        from . import outbox, services

        outbox.register_link_builder("members.password_reset", services.password_reset_path)
