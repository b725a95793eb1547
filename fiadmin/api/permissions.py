"""Who reaches the bank API, asked of the same policies (members.policies) as pages and the admin.

`BankApiAccess` is the default permission of every endpoint (REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]):
- the caller is an FI's API key or an FI admin of a running contract (session or token); members, the
  service company's staff and anonymous callers are refused (401 without credentials, else 403);
- the caller's address is allowed by its FI (`api_ip_allowed`, SEC-1);
- a write (POST, PUT, PATCH, DELETE) needs a read-write key; an FI admin's own session or token may write
  what the admin may change in the console anyway.
Objects come from `Model.objects.visible_to(request.user)`: another FI's id is a 404, as a missing one.
"""

import logging

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from members.policies import may_use_bank_api

from ..models import BankApiKey

logger = logging.getLogger("fiadmin.api")


def api_ip_allowed(request, institution) -> bool:
    """Whether `institution`'s IP allow-list (bank settings, SEC-1) lets this call in. The refusal is recorded
    as a security event naming the key (or the admin), as for the console."""
    from members.security.middleware import institution_address_refusal

    api_key = getattr(request.user, "api_key", None)
    if api_key is not None:
        return institution_address_refusal(request, institution, caller=f"key:{api_key.prefix}") is None
    return institution_address_refusal(request, institution, user=request.user, caller="api") is None


class BankApiAccess(BasePermission):
    message = _("この API は契約金融機関の API キーと管理者だけが利用できます。")
    code = "not_a_bank_principal"

    def has_permission(self, request, view) -> bool:
        principal = request.user
        if not may_use_bank_api(principal):
            return False
        if not api_ip_allowed(request, principal.institution):
            logger.warning("bank API call refused by the IP allow-list institution=%s principal=%s ip=%s",
                           principal.institution_id, principal.get_username(), request.META.get("REMOTE_ADDR"))
            self.message, self.code = _("この接続元からは利用できません（IP アドレス制限）。"), "ip_not_allowed"
            return False
        api_key = getattr(principal, "api_key", None)
        if request.method not in SAFE_METHODS and api_key is not None and api_key.scope != BankApiKey.Scope.READ_WRITE:
            self.message, self.code = _("この API キーは読み取り専用です。変更には読み取りと変更の権限を持つキーが必要です。"), \
                "insufficient_scope"
            return False
        return True
