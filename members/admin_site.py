"""The Django admin as the operators' tool: only operators enter (members.policies), and it works across
tenants on purpose, so each admin view runs in `tenancy.system_context` (Django's own lookups there, such as
foreign-key choices, filters and inlines, see every FI's rows). Identity admins still scope explicitly in
`get_queryset` and write only through `members.services` (members/admin.py).

A signed-in member or FI admin who opens /admin/ gets the Japanese 403 page, as everywhere else, instead of
the admin's own login form ("you are authenticated as ... but ...").
"""

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .tenancy import system_view

OPERATORS_ADMIN = "the operators' admin works across tenants"


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("管理画面は運用担当者だけが利用できます。"))


class PlatformAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        from .policies import may_use_operators_admin
        from .twofactor.middleware import second_factor_missing

        return may_use_operators_admin(request.user) and not second_factor_missing(request.user)

    def admin_view(self, view, cacheable=False):
        inner = system_view(OPERATORS_ADMIN)(super().admin_view(view, cacheable))

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                return _second_factor_or_refuse(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        if request.method == "GET" and request.user.is_authenticated and not self.has_permission(request):
            return _second_factor_or_refuse(request)
        return super().login(request, extra_context)


def _second_factor_or_refuse(request):
    """An operator who still owes the second factor gives it first (members.twofactor); anyone else is refused."""
    from .twofactor.middleware import second_factor_missing, verify_redirect

    if second_factor_missing(request.user):
        return verify_redirect(request)
    raise _refuse()


class PlatformAdminConfig(AdminConfig):
    default_site = "members.admin_site.PlatformAdminSite"
