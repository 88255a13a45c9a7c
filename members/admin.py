from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import OutgoingMail, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "job_role", "language", "is_association_staff", "is_staff", "is_active"]
    list_filter = ["job_role", "language", "is_association_staff", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "job_role", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_association_staff", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "usable_password", "password1", "password2"]}),
    ]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["about_type"]
    actions = ["send_again"]
    # The outbox is a record of what was sent: nobody edits a mail after the fact.
    readonly_fields = [field.name for field in OutgoingMail._meta.fields]
    # These mails carry links that act for their recipient (a password reset, joining a network,
    # answering for someone): an admin who could read them could use them.
    SECRET_KINDS = {
        OutgoingMail.Kind.PASSWORD_RESET,
        OutgoingMail.Kind.INVITATION,
        OutgoingMail.Kind.MEETING_ANNOUNCEMENT,
        OutgoingMail.Kind.MEETING_CHANGED,
    }

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.kind in self.SECRET_KINDS:
            fields = [name for name in fields if name not in ("body_text", "body_html", "attachments")]
        return fields

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
