"""Enrolment, verification and recovery codes.

One authenticator app (a TOTP device) per person; enrolling a new one replaces the old. Recovery codes are a
django-otp static device whose tokens hold a keyed hash of each code (never the code): ten single-use codes,
shown once at enrolment or when replaced.
"""

import secrets
import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import SecurityEvent

from ..models import User
from .signals import keeping_session

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read from paper, typed by hand
RECOVERY_CODE_GROUPS = 3
RECOVERY_CODE_GROUP_LENGTH = 4  # 12 characters of 32 kinds: 60 bits
DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"


def normalize(code: str) -> str:
    """What people type: full-width characters, spaces and hyphens, either letter case."""
    text = unicodedata.normalize("NFKC", code or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def is_totp_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def _recovery_hash(code: str) -> str:
    """A keyed hash of the normalised code, 16 hex characters (StaticToken's field): a copy of the database
    alone gives no usable code. Changing SECRET_KEY makes the codes invalid (new ones are issued at will)."""
    return salted_hmac("members.twofactor.recovery-code", normalize(code)).hexdigest()[:16]


def _new_recovery_code() -> str:
    groups = ("".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_GROUP_LENGTH))
              for _ in range(RECOVERY_CODE_GROUPS))
    return "-".join(groups)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def device_for_enrolment(user: User) -> TOTPDevice:
    """The app being enrolled: the same secret on every visit until it is confirmed by a code."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return pending or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def recovery_codes_remaining(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def throttle_wait(device) -> int | None:
    """Seconds to wait before the device takes another code (django-otp doubles the wait after each wrong
    code, on top of the lockout), or None. A code sent while waiting is not tried and counts nowhere."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1


def totp_verify(*, device: TOTPDevice, code: str) -> bool:
    return bool(device.verify_token(normalize(code)))


@transaction.atomic
def recovery_code_use(*, user: User, code: str) -> StaticDevice | None:
    """The device of a matching unused code, which is used up; None for any other code."""
    token = (StaticToken.objects.select_for_update()
             .filter(device__user=user, device__confirmed=True, token=_recovery_hash(code))
             .select_related("device").first())
    if token is None:
        return None
    device = token.device
    token.delete()
    device.set_last_used_timestamp(commit=True)
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.RECOVERY_CODE_USED, login_id=user.username, user=user,
                                 institution=user.institution, detail=f"{recovery_codes_remaining(user)} codes left")
    return device


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new codes; the old ones stop working. Returns the codes: the only time they exist in clear."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=_recovery_hash(code)) for code in codes])
    return codes


@transaction.atomic
def totp_enrol(*, user: User, device: TOTPDevice, code: str, keep_session_key: str | None = None) -> list[str] | None:
    """Confirm the app being enrolled with a code it shows; it replaces any earlier app, and the person's other
    sessions end (a lost phone's). Returns the new recovery codes, or None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not totp_verify(device=device, code=code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    with keeping_session(keep_session_key):
        for old in TOTPDevice.objects.filter(user=user).exclude(pk=device.pk):
            old.delete()
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.TWO_FACTOR_ENROLLED, login_id=user.username, user=user,
                                 institution=user.institution, detail="authenticator app enrolled")
    return recovery_codes_replace(user=user)
