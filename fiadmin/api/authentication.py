"""`Authorization: Api-Key <key>`: an FI's system calls the bank API as that FI, not as a person.

The principal of such a call is an `ApiClient`. It holds the FI-admin role of the key's FI without being an
account (no row in the user table, `pk` None), so every read is scoped by the one existing rule:
`Model.objects.visible_to(principal)` returns exactly what that FI's admins see (members/tenancy.py), and
`members.policies` answer for it as for them. What only a key has: `is_api_key`, its `scope` (read or
read-write, fiadmin/api/permissions.py) and its own throttle bucket. A key of an FI whose contract ended is
refused like its admins (`members.policies.sign_in_refusal`).
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from members.models import Role
from members.policies import sign_in_refusal

from ..models import BankApiKey
from ..services import api_key_record_use

KEYWORD = "Api-Key"


class ApiClient:
    """The caller of an API request made with an FI's key."""

    role = Role.FI_ADMIN  # sees what the FI's admins see: one tenancy rule for both
    is_api_key = True
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None
    company = None
    company_id = None

    def __init__(self, api_key: BankApiKey) -> None:
        self.api_key = api_key

    @cached_property
    def institution(self):
        return self.api_key.institution

    @property
    def institution_id(self) -> int:
        return self.api_key.institution_id

    @property
    def scope(self) -> str:
        return self.api_key.scope

    @property
    def username(self) -> str:
        return f"api-key:{self.api_key.prefix}"

    @property
    def full_name(self) -> str:
        return self.api_key.name

    def get_username(self) -> str:
        return self.username

    def __str__(self) -> str:
        return f"{self.api_key.name} ({self.username})"


class ApiKeyAuthentication(BaseAuthentication):
    """Finds the key by its prefix, checks its hash, then refuses a revoked or expired key, or one whose FI's
    contract ended, each with its own code (only the holder of the right key learns which)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Authorization ヘッダーは「Api-Key <キー>」の形で指定してください。"), code="malformed_api_key")
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("API キーが正しくありません。"), code="invalid_api_key") from exc
        api_key = self._matching_key(key)
        if api_key.revoked:
            raise exceptions.AuthenticationFailed(_("この API キーは無効化されています。"), code="api_key_revoked")
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("この API キーは有効期限が切れています。"), code="api_key_expired")
        client = ApiClient(api_key)
        refusal = sign_in_refusal(client)
        if refusal:
            raise exceptions.AuthenticationFailed(refusal, code="contract_ended")
        api_key_record_use(api_key=api_key, ip_address=request.META.get("REMOTE_ADDR"))
        return client, api_key

    def authenticate_header(self, request) -> str:
        return KEYWORD

    @staticmethod
    def _matching_key(key: str) -> BankApiKey:
        prefix, dot, _secret = key.partition(".")
        keys = (BankApiKey.objects.unscoped("an API key is looked up by its prefix before its FI is known")
                .select_related("institution", "institution__security_settings"))  # the allow-list, no extra query
        api_key = keys.filter(prefix=prefix).first() if dot and prefix else None
        if api_key is None or not api_key.is_valid(key):
            raise exceptions.AuthenticationFailed(_("API キーが正しくありません。"), code="invalid_api_key")
        return api_key
