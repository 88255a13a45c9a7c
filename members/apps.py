from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("People and mail")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from mail import outbox

        from . import backends, services

        for signal in (post_save, post_delete):
            signal.connect(backends.forget_on_change, sender=self.get_model("User"), dispatch_uid=f"forget-{signal}")

        outbox.register_link_builder("members.password_reset", services.password_reset_path)
