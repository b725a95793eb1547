"""The Django admin as the operators' tool: only operators enter (members.policies), and it works across
tenants on purpose, so each admin view runs in `tenancy.system_context` (Django's own lookups there, such as
foreign-key choices, filters and inlines, see every FI's rows). Identity admins still scope explicitly in
`get_queryset` and write only through `members.services` (members/admin.py).
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig

from .tenancy import system_view

OPERATORS_ADMIN = "the operators' admin works across tenants"


class PlatformAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        from .policies import may_use_operators_admin

        return may_use_operators_admin(request.user)

    def admin_view(self, view, cacheable=False):
        return system_view(OPERATORS_ADMIN)(super().admin_view(view, cacheable))


class PlatformAdminConfig(AdminConfig):
    default_site = "members.admin_site.PlatformAdminSite"
