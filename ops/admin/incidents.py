"""Django admin for incidents and monitoring results: read-only.

Incidents are opened, worked, released and closed on the operations pages or with the `incident` command
(ops.services.incidents), so who may tell the banks what (INC-3) holds on every path.
"""

from django.contrib import admin

from bigadvance.readonly_admin import ReadOnlyAdmin, ReadOnlyTabularInline
from ops.models import HealthCheckResult, Heartbeat, Incident, IncidentEntry


class IncidentEntryInline(ReadOnlyTabularInline):
    model = IncidentEntry
    fields = ("created_at", "status", "text", "visibility", "author")


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ("detected_at", "severity", "title", "status", "owner", "released_at", "fi_notice_due_at",
                    "fi_notified_at")
    list_filter = ("severity", "status", "source_check")
    search_fields = ("title", "public_message")
    inlines = [IncidentEntryInline]


@admin.register(HealthCheckResult)
class HealthCheckResultAdmin(ReadOnlyAdmin):
    list_display = ("checked_at", "check_name", "ok", "muted", "detail", "duration_ms")
    list_filter = ("check_name", "ok", "muted")


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_seen")
