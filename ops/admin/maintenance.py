"""Django admin for calendar overrides and maintenance windows."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from ops.models import CalendarOverride, MaintenanceWindow
from ops.services.maintenance import maintenance_update


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_business_day", "note")
    list_filter = ("is_business_day",)
    date_hierarchy = "date"  # saving or deleting bumps the calendar version (signals in ops.models.calendar)


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(admin.ModelAdmin):
    """Read-mostly: windows are created and ended on the operations pages or by the `maintenance` command.

    The two editable fields are saved by `maintenance_update`, so the service's rules and notices apply.
    """

    list_display = ("starts_at", "ends_at", "kind", "status", "stops_service", "is_emergency", "scope")
    list_filter = ("kind", "status", "stops_service", "is_emergency")
    search_fields = ("message",)
    date_hierarchy = "starts_at"
    editable_fields = ("stops_service", "message")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in MaintenanceWindow._meta.fields if f.name not in self.editable_fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        closed = obj is not None and obj.status not in (MaintenanceWindow.Status.SCHEDULED,
                                                         MaintenanceWindow.Status.IN_PROGRESS)
        return not closed and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        try:
            maintenance_update(window=obj, stops_service=obj.stops_service, message=obj.message)
        except ValidationError as exc:
            request.maintenance_refused = True
            messages.error(request, " ".join(exc.messages))

    def response_change(self, request, obj):
        if getattr(request, "maintenance_refused", False):  # nothing was saved: no success message
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
