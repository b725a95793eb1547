from django.contrib import admin

from ops.models import EmailLog


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "category", "recipient", "subject", "status")
    list_filter = ("category", "status")
    search_fields = ("recipient", "subject", "reference")
    readonly_fields = [f.name for f in EmailLog._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
