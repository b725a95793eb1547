"""Maintenance mode (OPS-5): while a window stops the service, users get a 503 maintenance page.

The request never reaches a view, so nothing submitted during a stop is half-written: the user sends it
again after the window. Probes, static files, the login and logout pages and the platform's operators
pass, so the operators can work through the stop.

Maintenance mode fails closed: when the windows cannot be read (the database is down, which is exactly
when a database maintenance runs), the last state this process knew holds; with none known, every page
answers the maintenance page. That page is rendered from its own context only (no layout, no session, no
user), so it needs no database.
"""

import math
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from members.permissions import can_operate_platform
from ops.selectors.maintenance import MaintenanceStateUnknown, ServiceStop, service_stop

ALWAYS_OPEN_PATHS = ("/healthz", "/readyz")
UNKNOWN_STATE_RETRY_AFTER = 60  # seconds: when nothing is known, ask clients to come back soon
SECRET_FIELD_PARTS = ("password", "token", "csrf", "secret")


def returned_input(request: HttpRequest) -> list[tuple[str, str]]:
    """What a form posted during the stop carried, minus secrets, so the user can copy it and lose nothing."""
    if request.method != "POST" or request.path.startswith("/api/"):
        return []
    try:
        fields = request.POST.lists()
    except Exception:  # an unreadable body is refused like any other; there is nothing to hand back
        return []
    return [(name, "\n".join(values)) for name, values in fields
            if not any(part in name.lower() for part in SECRET_FIELD_PARTS) and any(v.strip() for v in values)]


def _token_user(request: HttpRequest):
    """The API's token user; DRF authenticates tokens only inside its views, after this middleware."""
    from rest_framework.authentication import TokenAuthentication
    from rest_framework.exceptions import AuthenticationFailed

    try:
        result = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return result[0] if result else None


# The state cannot be read and was never known: a stop of the whole service with no known end.
UNKNOWN_STOP = ServiceStop(window_id=None, ends_at=None, message="")


class MaintenanceModeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._always_open(request.path):
            return self.get_response(request)
        try:
            stop: ServiceStop | None = service_stop(path=request.path)
        except MaintenanceStateUnknown:
            stop = UNKNOWN_STOP
        if stop is None or self._is_operator(request):
            return self.get_response(request)
        return self._maintenance_response(request, stop)

    @staticmethod
    def _always_open(path: str) -> bool:
        return (
            path in ALWAYS_OPEN_PATHS
            or path.startswith(settings.STATIC_URL)
            or path in (reverse("login"), reverse("logout"))
        )

    @staticmethod
    def _is_operator(request: HttpRequest) -> bool:
        try:
            if can_operate_platform(request.user):
                return True
            if request.path.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META:
                user = _token_user(request)
                return user is not None and user.is_active and can_operate_platform(user)
        except DatabaseError:  # no session or user can be read: nobody is known to be an operator
            return False
        return False

    @staticmethod
    def _maintenance_response(request: HttpRequest, stop: ServiceStop) -> HttpResponse:
        ends_at = stop.ends_at
        if ends_at is None:
            retry_after = UNKNOWN_STATE_RETRY_AFTER
        else:
            retry_after = max(1, math.ceil((ends_at - timezone.now()).total_seconds()))
        detail = _("ただいまメンテナンス中のため、サービスを停止しています。終了までしばらくお待ちください。")
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": detail, "retry_after": retry_after, "ends_at": ends_at.isoformat() if ends_at else None},
                status=503, json_dumps_params={"ensure_ascii": False},
            )
        else:
            # No request context: the layout's session, user and banners would need the database.
            page = render_to_string("ops/maintenance_page.html", {
                "detail": detail, "message": stop.message, "ends_at": ends_at,
                "returned_input": returned_input(request),
            })
            response = HttpResponse(page, status=503)
        response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        return response
