from django.contrib import admin

from bigadvance.readonly_admin import ReadOnlyAdmin
from ops.models import EmailLog


@admin.register(EmailLog)
class EmailLogAdmin(ReadOnlyAdmin):
    """The outbox: written and delivered only by ops.notifications."""

    list_display = ("created_at", "category", "recipient", "subject", "status", "scheduled_for", "sent_at")
    list_filter = ("category", "status")
    search_fields = ("recipient", "subject", "reference")
