"""Per request, for a signed-in account: the FI's IP allow-list on the console and the API (SEC-1), then the
session's last use (written at most once per interval, members.security.sessions).

Both read only what the request already loaded: the account comes with its FI's settings (members.auth), so
an account without restrictions pays no query here.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from ..models import InstitutionSettings, Role
from .addresses import client_ip
from .services import address_refusal_record
from .sessions import session_touch

ALLOW_LIST_PREFIXES = ("/console/", "/api/")


def address_refusal(request: HttpRequest, user) -> str | None:
    """Why this request may not reach the console or the API from its address (a Japanese sentence), or None.
    Recorded when refused. Also asked by the API's token authentication (members.auth)."""
    if user.role != Role.FI_ADMIN or user.institution_id is None:  # only FI admins reach the console and API
        return None
    return institution_address_refusal(request, user.institution, user=user)


def institution_address_refusal(request: HttpRequest, institution, *, user=None, caller: str = "") -> str | None:
    """The same for a caller known only by its FI (an API key): `caller` names it in the record."""
    rules = InstitutionSettings.for_institution(institution)
    ip_address = client_ip(request)
    if rules.allows_address(ip_address):
        return None
    address_refusal_record(user=user, caller=caller, institution=institution, ip_address=ip_address,
                           path=request.path)
    return _("この接続元（IP アドレス %(address)s）からは利用できません。金融機関で許可された場所からご利用ください。") % {
        "address": ip_address or "-"}


class AccountSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if request.path.startswith(ALLOW_LIST_PREFIXES):
                reason = address_refusal(request, user)
                if reason is not None:
                    return self._refused(request, reason)
            session_touch(request)
        return self.get_response(request)

    @staticmethod
    def _refused(request: HttpRequest, reason: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason, "code": "address_not_allowed"}, status=403,
                                json_dumps_params={"ensure_ascii": False})
        from ..views.auth import permission_denied

        return permission_denied(request, PermissionDenied(reason))
