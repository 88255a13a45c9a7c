from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.admin import ModelAdmin
from metrics import registry as metrics
from metrics.definitions import MEMBERS, SCHOOLS_REACHED

from . import csv_import
from .models import Board, Invitation, JoinRequest, Membership, Network, Region, School, Theme

# --- CSV import -----------------------------------------------------------------------------------


class CsvImportForm(forms.Form):
    MAX_SIZE = 5 * 1024 * 1024

    file = forms.FileField(label=_("CSV file"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class CsvImportMixin:
    """Adds an "Import CSV" button to the changelist and the view behind it (for those who may add rows).

    Subclasses name the import function and describe the columns; the work happens in `csv_import`.
    """

    change_list_template = "admin/networks/change_list_with_import.html"
    import_function = None
    import_columns = []  # (column, explanation) pairs shown above the form

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv_view),
                name=f"{opts.app_label}_{opts.model_name}_import_csv",
            ),
            *super().get_urls(),
        ]

    def import_csv_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        errors = []
        if request.method == "POST":
            form = CsvImportForm(request.POST, request.FILES)
            if form.is_valid():
                result = self.import_function(form.cleaned_data["file"])
                if result.ok:
                    self._log_import(request, result)
                    self.message_user(request, self.import_message(result), messages.SUCCESS)
                    return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
                errors = result.errors
                self.message_user(
                    request,
                    ngettext(
                        "The file has %(count)d error; nothing was imported.",
                        "The file has %(count)d errors; nothing was imported.",
                        len(errors),
                    )
                    % {"count": len(errors)},
                    messages.ERROR,
                )
        else:
            form = CsvImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import %(name)s from a CSV file") % {"name": opts.verbose_name_plural},
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "form": form,
            "errors": errors,
            "columns": self.import_columns,
            "header": ",".join(column for column, _explanation in self.import_columns),
            "is_popup": False,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/networks/csv_import.html", context)

    def import_message(self, result):
        raise NotImplementedError

    def _log_import(self, request, result):
        # The admin's history shows who imported which rows, as for rows changed by hand.
        note = gettext("Imported from a CSV file.")
        for action_flag, objects in [(ADDITION, result.created), (CHANGE, result.updated)]:
            if objects:
                LogEntry.objects.log_actions(
                    user_id=request.user.pk, queryset=objects, action_flag=action_flag, change_message=note
                )


# --- Reference data -------------------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(ModelAdmin):
    list_display = ["name", "slug", "coordinator_names", "school_count", "network_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coordinators"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("coordinators")
            .annotate(
                school_count=Count("schools", distinct=True),
                network_count=Count("networks", distinct=True),
            )
        )

    @admin.display(description=_("regional coordinators"))
    def coordinator_names(self, region):
        return ", ".join(str(user) for user in region.coordinators.all())

    @admin.display(description=_("schools"), ordering="school_count")
    def school_count(self, region):
        return region.school_count

    @admin.display(description=_("learning networks"), ordering="network_count")
    def network_count(self, region):
        return region.network_count


@admin.register(Theme)
class ThemeAdmin(ModelAdmin):
    list_display = ["name", "slug", "network_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(network_count=Count("networks"))

    @admin.display(description=_("learning networks"), ordering="network_count")
    def network_count(self, theme):
        return theme.network_count


@admin.register(Board)
class BoardAdmin(CsvImportMixin, ModelAdmin):
    list_display = ["name", "number", "city", "school_count"]
    search_fields = ["name", "number", "city"]
    import_function = staticmethod(csv_import.import_boards)
    import_columns = [
        ("number", _("The five-digit number of the competent authority (bevoegd gezag).")),
        ("name", _("The name of the board.")),
        ("city", _("The city; may be empty.")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_count=Count("schools"))

    @admin.display(description=_("schools"), ordering="school_count")
    def school_count(self, board):
        return board.school_count

    def import_message(self, result):
        return ngettext(
            "%(count)d school board imported: %(new)d new, %(updated)d updated.",
            "%(count)d school boards imported: %(new)d new, %(updated)d updated.",
            result.count,
        ) % {"count": result.count, "new": len(result.created), "updated": len(result.updated)}


class SchoolAdminForm(forms.ModelForm):
    levels = forms.TypedMultipleChoiceField(
        label=_("levels"),
        choices=School.Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = School
        fields = ["name", "brin", "city", "region", "board", "levels"]

    def clean_brin(self):
        # Upper case before the model's validators see it: people type 12ab as often as 12AB.
        return self.cleaned_data["brin"].strip().upper()

    def clean_levels(self):
        chosen = self.cleaned_data["levels"]
        return [level for level in School.Level.values if level in chosen]


class SchoolLevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return School.Level.choices

    def queryset(self, request, queryset):
        if self.value() in School.Level.values:
            return queryset.filter(levels__contains=[self.value()])
        return queryset


@admin.register(School)
class SchoolAdmin(CsvImportMixin, ModelAdmin):
    form = SchoolAdminForm
    list_display = ["name", "brin", "city", "region", "board", "level_list"]
    list_filter = ["region", SchoolLevelFilter]
    list_select_related = ["region", "board"]
    search_fields = ["name", "brin", "city", "board__name", "board__number"]
    autocomplete_fields = ["board"]
    import_function = staticmethod(csv_import.import_schools)
    import_columns = [
        ("brin", _("The BRIN code: two digits and two letters, for example 12AB.")),
        ("name", _("The name of the school.")),
        ("city", _("The city.")),
        ("region", _("The name or slug of the region.")),
        ("board_number", _("The number of the school board, which must exist already; may be empty.")),
        ("levels", _("Any of pro, vmbo, havo and vwo, separated by | or spaces; may be empty.")),
    ]

    @admin.display(description=_("levels"))
    def level_list(self, school):
        return ", ".join(school.levels)

    def import_message(self, result):
        return ngettext(
            "%(count)d school imported: %(new)d new, %(updated)d updated.",
            "%(count)d schools imported: %(new)d new, %(updated)d updated.",
            result.count,
        ) % {"count": result.count, "new": len(result.created), "updated": len(result.updated)}


# --- Networks and who takes part ------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    """Who takes part, for reference: people join and leave through the portal, which keeps the history."""

    model = Membership
    fields = ["user", "role", "school", "committed_to_attend", "joined_on", "left_on"]
    readonly_fields = ["user", "joined_on"]
    autocomplete_fields = ["school"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "school")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Network)
class NetworkAdmin(ModelAdmin):
    list_display = ["name", "region", "theme", "phase", "is_listed", "members", "schools_reached", "created_at"]
    list_filter = ["region", "theme", "phase", "kind", "ambition", "cadence", "is_listed"]
    list_select_related = ["region", "theme"]
    search_fields = ["name", "slug", "learning_question", "description"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["board", "created_by"]
    # The phase and the quota change only through the lifecycle's services, which keep their history.
    readonly_fields = ["phase", "supported_meeting_quota", "updated_at"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "region", "theme", "kind", "board", "is_listed"]}),
        (_("Learning question"), {"fields": ["learning_question", "description", "ambition", "cadence"]}),
        (_("Start document"), {"fields": ["working_agreements", "review_moments"]}),
        (_("Roadmap Strategic HRM"), {"classes": ["collapse"], "fields": Network.ROADMAP_FIELDS}),
        (_("Record"), {"fields": ["phase", "supported_meeting_quota", "created_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return metrics.annotate(super().get_queryset(request), MEMBERS.name, SCHOOLS_REACHED.name)

    @admin.display(description=MEMBERS.label, ordering=MEMBERS.name)
    def members(self, network):
        return network.members

    @admin.display(description=SCHOOLS_REACHED.label, ordering=SCHOOLS_REACHED.name)
    def schools_reached(self, network):
        return network.schools_reached


class CurrentMembershipFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current members")), ("no", _("Left"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(left_on__isnull=True)
        if self.value() == "no":
            return queryset.filter(left_on__isnull=False)
        return queryset


@admin.register(Membership)
class MembershipAdmin(ModelAdmin):
    list_display = ["user", "network", "role", "school", "committed_to_attend", "joined_on", "left_on"]
    list_filter = [CurrentMembershipFilter, "role", "network__region", "committed_to_attend"]
    list_select_related = ["user", "network", "school"]
    search_fields = ["user__full_name", "user__email", "network__name", "school__name", "school__brin"]
    date_hierarchy = "joined_on"
    autocomplete_fields = ["network", "user", "school"]

    def has_delete_permission(self, request, obj=None):
        # Memberships are never deleted: leaving sets `left_on`, so the history stays for the figures.
        return False


@admin.register(Invitation)
class InvitationAdmin(ModelAdmin):
    """Invitations as a record: they are made, sent again and revoked in the portal, which mails them."""

    list_display = ["email", "network", "role", "status", "sent_at", "send_count", "expired"]
    list_filter = ["status", "role", "network__region"]
    list_select_related = ["network"]
    search_fields = ["email", "network__name"]
    date_hierarchy = "created_at"
    # The nonce is part of the secret link: it stays out of the admin altogether.
    fields = [
        "network",
        "email",
        "role",
        "status",
        "invited_by",
        "created_at",
        "sent_at",
        "send_count",
        "decided_at",
        "accepted_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("expired"), boolean=True)
    def expired(self, invitation):
        return invitation.status == Invitation.Status.PENDING and invitation.is_expired

    def has_add_permission(self, request):
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(ModelAdmin):
    """Requests to join as a record: people ask, and coordinators decide, in the portal."""

    list_display = ["user", "network", "school", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", "network__region"]
    list_select_related = ["user", "network", "school", "decided_by"]
    search_fields = ["user__full_name", "user__email", "network__name", "school__name"]
    date_hierarchy = "created_at"
    fields = ["network", "user", "school", "motivation", "status", "created_at", "decided_by", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
