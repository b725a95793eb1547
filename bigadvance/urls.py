from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from fiadmin.api import docs as api_docs
from members.views import auth
from members.views import terms as terms_views
from ops import health
from ops.views.status import status_page

admin.site.site_header = _("Big Advance 運用管理")
admin.site.site_title = _("Big Advance 運用管理")
admin.site.index_title = _("運用管理")

handler403 = "members.views.auth.permission_denied"

urlpatterns = [
    path("", auth.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("members.auth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("documents/", include("members.document_urls")),
    path("join/", include("members.join_urls")),
    path("terms/", include("members.terms_urls")),
    path("status/", status_page, name="status"),
    path("portal/", include("members.urls")),
    path("deal-files/", include("members.deal_file_urls")),
    path("consultation-files/", include("members.consultation_file_urls")),
    path("c/", include("members.homepage_urls")),
    path("console/", include("fiadmin.urls")),
    path("desk/", include("support.urls")),
    path("operations/terms/", terms_views.acceptance_rates, name="operations_terms"),
    path("operations/", include("ops.urls")),
    path("api/v1/", include(("fiadmin.api.urls", "api"))),
    path("api/schema/", api_docs.SchemaView.as_view(), name="api-schema"),
    path("api/docs/", api_docs.api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
]
