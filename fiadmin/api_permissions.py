"""DRF permission classes: the API asks the same policies (members.policies) as pages and the admin.

The API (/api/) is the banks' machine interface: FI admins of a running contract, by session or token.
Members, the service company's staff and anonymous callers are refused (401 without credentials, else 403).
It is the default for every endpoint (REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]). An endpoint on objects
takes them from `Model.objects.visible_to(request.user)` (another tenant's id is a 404) and asks the matching
policy (e.g. `members.policies.may_manage_account`) in `has_object_permission`.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from members.policies import may_use_bank_api


class BankApiAccess(BasePermission):
    message = _("この API は契約金融機関の管理者だけが利用できます。")

    def has_permission(self, request, view) -> bool:
        return may_use_bank_api(request.user)

