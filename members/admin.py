from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ModelAdmin, OfferedFiltersOnly

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
class UserAdmin(OfferedFiltersOnly, DjangoUserAdmin):
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


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(OfferedFiltersOnly, DjangoGroupAdmin):
    pass


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["about_type"]
    actions = ["send_again"]
    # The outbox is a record of what was sent: nobody edits a mail after the fact. Its bodies hold
    # placeholders where the mail had links that act for the recipient (see members/outbox.py).
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
