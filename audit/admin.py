from django.contrib import admin

from bigadvance.readonly_admin import ReadOnlyAdmin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """Recorded by audit.services only; an event that could be edited or deleted would prove nothing."""

    list_display = ("created_at", "kind", "login_id", "institution", "ip_address")
    list_filter = ("kind",)
    search_fields = ("login_id",)
