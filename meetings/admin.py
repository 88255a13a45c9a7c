from django.contrib import admin

from common.admin import ModelAdmin

from . import services
from .models import Attendance, Meeting, Rsvp


@admin.register(Meeting)
class MeetingAdmin(ModelAdmin):
    list_display = ["title", "network", "number", "starts_at", "status", "capacity"]
    list_filter = ["status", "network__region"]
    search_fields = ["title", "network__name", "place"]
    list_select_related = ["network"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["network", "created_by"]
    # Planning, holding and cancelling go through the services (the pages), which mail the members, keep
    # the quota of supported meetings and move the network on; the admin corrects texts and places.
    readonly_fields = ["network", "status", "sequence", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.store_rendered_text(meetings=[obj])  # the page shows the stored HTML, search the vector


@admin.register(Rsvp)
class RsvpAdmin(ModelAdmin):
    list_display = ["meeting", "user", "answer", "waitlisted_at", "answered_at"]
    list_filter = ["answer"]
    list_select_related = ["meeting__network", "user"]
    raw_id_fields = ["meeting", "user"]
    search_fields = ["user__full_name", "meeting__title"]


@admin.register(Attendance)
class AttendanceAdmin(ModelAdmin):
    list_display = ["meeting", "membership", "present", "recorded_at"]
    list_filter = ["present"]
    list_select_related = ["meeting__network", "membership__user", "membership__network"]
    raw_id_fields = ["meeting", "membership", "recorded_by"]
