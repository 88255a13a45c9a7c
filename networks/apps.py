from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "networks"
    verbose_name = _("Learning networks")

    def ready(self):
        from mail import outbox

        from . import services

        outbox.register_link_builder("networks.invitation", services.invitation_path)
