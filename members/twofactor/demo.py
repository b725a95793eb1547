"""Demo two-factor devices (demo only): the staff accounts and みらい信用組合's admin, whose bank asks its admins
for two-factor login, get an authenticator app with a fixed, published secret, so `make run` works with any
authenticator app or `python manage.py demo_totp LOGIN_ID`. Idempotent."""

from base64 import b32decode

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import FinancialInstitution, InstitutionSettings, User

DEMO_DEVICE_NAME = "demo authenticator"
# Published in README: never use these outside the demo.
DEMO_SECRETS = {
    "support": "BIGADVANCEDEMOSUPPORT2FA",
    "syslead": "BIGADVANCEDEMOSYSLEAD2FA",
    "operator": "BIGADVANCEDEMOOPERATOR2F",
    "demo-kumiai-admin": "BIGADVANCEDEMOKUMIAI2FAA",
}
TWO_FACTOR_BANK_CODE = "2201"  # みらい信用組合


def demo_key(login_id: str) -> str | None:
    secret = DEMO_SECRETS.get(login_id.lower())
    return b32decode(secret).hex() if secret else None


@transaction.atomic
def seed() -> None:
    bank = FinancialInstitution.objects.filter(code=TWO_FACTOR_BANK_CODE).first()
    if bank is not None:
        InstitutionSettings.objects.unscoped("demo seed").update_or_create(
            institution=bank, defaults={"two_factor_required": True})
    for login_id in DEMO_SECRETS:
        user = User.objects.unscoped("demo seed").filter(username__iexact=login_id).first()
        if user is not None and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=demo_key(login_id), confirmed=True)
