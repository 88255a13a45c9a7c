from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ModelAdmin

from . import outbox
from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["about_type"]
    actions = ["send_again"]
    # The outbox is a record of what was sent: nobody edits a mail after the fact. Its bodies hold
    # placeholders where the mail had links that act for the recipient (see mail/outbox.py).
    readonly_fields = [field.name for field in OutgoingMail._meta.fields]

    def get_changelist_instance(self, request):
        # PostgreSQL refuses a NUL character in a string; in a filter or a search it is never a mail.
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("NUL character in the query string")
        return super().get_changelist_instance(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected mails again"), permissions=["change"])
    def send_again(self, request, queryset):
        ids = list(queryset.exclude(status=OutgoingMail.Status.SENT).values_list("pk", flat=True))
        with transaction.atomic():
            count = outbox.requeue(ids)
            for mail_id in ids:
                transaction.on_commit(lambda mail_id=mail_id: outbox.dispatch(mail_id))
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count) % {"count": count},
            messages.SUCCESS,
        )
