"""The API's OpenAPI description (`/api/schema/`) and its documentation page (`/api/docs/`).

Both are for those who may call the API: the schema for FI API keys and FI admins (JSON; `?format=yaml` for
YAML), the page for FI admins signed in to the console. The page is Swagger UI served from static files
(drf-spectacular-sidecar, no CDN) and started by a static script (static/fiadmin/api-docs.js): no inline
script or style, so it runs under the site's Content-Security-Policy as every other page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from members.permissions import Audience, audience_required

from .permissions import BankApiAccess


class SchemaView(SpectacularAPIView):
    """JSON first, so an error (401/403) answers JSON like every other API URL."""

    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    permission_classes = [BankApiAccess]
    renderer_classes = [JSONRenderer, OpenApiYamlRenderer]


@audience_required(Audience.CONSOLE)
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "fiadmin/api_docs.html", {"schema_url": reverse("api-schema")})
