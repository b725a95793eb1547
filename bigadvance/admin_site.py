"""The Django admin site: a signed-in member or FI admin who opens /admin/ gets the Japanese 403 page, as
everywhere else, instead of the admin's own login form ("you are authenticated as ... but ...")."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("管理画面は運用担当者だけが利用できます。"))


class BigAdvanceAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise _refuse()
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        if request.method == "GET" and request.user.is_authenticated and not self.has_permission(request):
            raise _refuse()
        return super().login(request, extra_context)


class BigAdvanceAdminConfig(AdminConfig):
    default_site = "bigadvance.admin_site.BigAdvanceAdminSite"
