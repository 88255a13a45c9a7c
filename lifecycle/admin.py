"""The lifecycle's history in the admin, to read only: the national figures on continuation come from
these rows, so they change through the lifecycle's services (the pages), never by hand."""

from django.contrib import admin

from common.admin import ModelAdmin

from .models import Decision, PhaseChange, QuotaChange, View


class ReadOnlyAdmin(ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PhaseChange)
class PhaseChangeAdmin(ReadOnlyAdmin):
    list_display = ["network", "source", "target", "changed_by", "changed_at"]
    list_filter = ["source", "target"]
    list_select_related = ["network", "changed_by"]
    search_fields = ["network__name"]
    date_hierarchy = "changed_at"


@admin.register(QuotaChange)
class QuotaChangeAdmin(ReadOnlyAdmin):
    list_display = ["network", "old_quota", "new_quota", "changed_by", "changed_at"]
    list_select_related = ["network", "changed_by"]
    search_fields = ["network__name"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["network", "outcome", "facilitation", "recorded_at", "follow_up_due", "follow_up"]
    list_filter = ["outcome", "facilitation", "follow_up"]
    list_select_related = ["network"]
    search_fields = ["network__name"]


@admin.register(View)
class ViewAdmin(ReadOnlyAdmin):
    # Whose view it is stays out of the list: members gave it to their network, not to the admin.
    list_display = ["network", "choice", "answered_at"]
    list_filter = ["choice"]
    list_select_related = ["network"]
    exclude = ["membership", "comment"]
