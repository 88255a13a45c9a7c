from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = _("Figures")

    def ready(self):
        from . import definitions, health  # noqa: F401  (registering the figures is what importing them does)
