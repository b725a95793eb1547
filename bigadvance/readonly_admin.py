"""Django admin for workflow rows: shown, never written there.

Incidents, emails, security events and monitoring results change only through their services, which apply
the rules (who may act, what is sent, what is audited). An admin that could add, edit or delete them would
bypass every rule, so these admins only show the rows; the change view answers read-only and a POST is
refused with 403.
"""

from django.contrib import admin


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
