"""The operators see the FIs' API keys (which FI, scope, state, last use) but never create or change one:
keys are created and revoked by each FI's admins in the console (fiadmin/api_key_views.py)."""

from django.contrib import admin
from rest_framework_api_key.models import APIKey

from bigadvance.readonly_admin import ReadOnlyAdmin
from members.admin_site import OPERATORS_ADMIN

from .models import BankApiKey

# The library's own, unscoped key model is not used (its table stays empty): hide its admin.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


@admin.register(BankApiKey)
class BankApiKeyAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "institution", "scope", "revoked", "expiry_date", "last_used_at", "created"]
    list_filter = ["scope", "revoked", "institution"]
    search_fields = ["name", "prefix"]
    fields = ["name", "prefix", "institution", "scope", "created", "created_by", "expiry_date", "revoked",
              "revoked_at", "revoked_by", "last_used_at", "last_used_ip"]

    def get_queryset(self, request):
        return BankApiKey.objects.unscoped(OPERATORS_ADMIN).select_related("institution")
