"""DRF permission classes: the API asks the same policies (members.policies) as pages and the admin.

The API (/api/) is the banks' machine interface: FI admins of a running contract, by session or token.
Members, the service company's staff and anonymous callers are refused (401 without credentials, else 403).
It is the default for every endpoint (REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from members.policies import may_use_bank_api


class BankApiAccess(BasePermission):
    message = _("この API は契約金融機関の管理者だけが利用できます。")

    def has_permission(self, request, view) -> bool:
        return may_use_bank_api(request.user)


class ObjectPolicy(BasePermission):
    """Per object, the view's `object_policy` (e.g. `members.policies.may_manage_account`) decides.

    Objects should come from `Model.objects.visible_to(request.user)`, so another tenant's id is a 404; this
    class then decides what the caller may do to an object it can see.
    """

    message = _("この操作を行う権限がありません。")

    def has_object_permission(self, request, view, obj) -> bool:
        return bool(view.object_policy(request.user, obj))
