"""Django admin for incidents and monitoring results."""

from django.contrib import admin

from ops.models import HealthCheckResult, Heartbeat, Incident, IncidentEntry


class IncidentEntryInline(admin.TabularInline):
    model = IncidentEntry
    extra = 0
    fields = ("created_at", "status", "text", "visibility", "author")
    raw_id_fields = ("author",)


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("detected_at", "severity", "title", "status", "owner", "fi_notice_due_at", "fi_notified_at")
    list_filter = ("severity", "status", "source_check")
    search_fields = ("title", "public_message")
    filter_horizontal = ("affected_institutions",)
    raw_id_fields = ("owner",)
    readonly_fields = ("fi_notice_due_at", "fi_notified_at", "created_at")
    inlines = [IncidentEntryInline]


@admin.register(HealthCheckResult)
class HealthCheckResultAdmin(admin.ModelAdmin):
    list_display = ("checked_at", "check_name", "ok", "muted", "detail", "duration_ms")
    list_filter = ("check_name", "ok", "muted")
    readonly_fields = [f.name for f in HealthCheckResult._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_seen")
    readonly_fields = ("name", "last_seen")
