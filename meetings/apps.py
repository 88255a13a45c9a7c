from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from mail import outbox

        from . import services

        outbox.register_link_builder("meetings.rsvp", services.answer_path)

        from mail import digest

        from . import digest_checks

        digest.register_relevance_check(digest_checks.KINDS, digest_checks.still_for_members)

        from . import evaluations

        outbox.register_link_builder("meetings.evaluation", evaluations.evaluation_path)

        from django.db.models.signals import post_save

        from networks.models import Network

        from . import reminders

        # A new network starts with the default reminder rules, however it was created (page, admin, demo).
        post_save.connect(reminders.on_network_saved, sender=Network, dispatch_uid="meetings.default_reminder_rules")
