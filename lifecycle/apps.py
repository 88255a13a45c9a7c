from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lifecycle"
    verbose_name = _("Lifecycle of networks")

    def ready(self):
        from mail import outbox
        from meetings import signals

        from . import figures, links, services  # noqa: F401 (figures register themselves)

        # The meetings app asks, and tells, without importing us (the order of apps).
        signals.planning_meeting.connect(services.check_planning, dispatch_uid="lifecycle-planning")
        signals.meeting_held.connect(services.on_meeting_held, dispatch_uid="lifecycle-held")
        outbox.register_link_builder("lifecycle.view", links.view_path)
        outbox.register_link_builder("lifecycle.follow_up", links.follow_up_path)
