"""The API in a browser: a refused or missing resource shows the same Japanese 403/404 page as every other
page, instead of DRF's English browsable page (which also lists the API's structure)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from rest_framework.renderers import BrowsableAPIRenderer

ERROR_TEMPLATES = {401: "403.html", 403: "403.html", 404: "404.html"}


class JapaneseErrorBrowsableAPIRenderer(BrowsableAPIRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        response, request = renderer_context.get("response"), renderer_context.get("request")
        template = ERROR_TEMPLATES.get(getattr(response, "status_code", None))
        if template is None or request is None:
            return super().render(data, accepted_media_type, renderer_context)
        if not request.user.is_authenticated:
            context = {"reason": _("ログインしてからご利用ください。")}
        else:
            detail = data.get("detail") if isinstance(data, dict) else None
            context = {"reason": str(detail)} if detail and response.status_code != 404 else {}
        return render_to_string(template, context, request=request._request)
