from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mail"
    verbose_name = _("Mail")

    def ready(self):
        from . import mails, outbox, unsubscribe  # noqa: F401 (mails registers its kinds when imported)

        outbox.register_link_builder("mail.unsubscribe", unsubscribe.unsubscribe_path)
