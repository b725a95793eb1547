"""Writes an FI admin (or an FI's API key) makes: API keys, and invitations of member users.

The console pages and the bank API call these; the rules (who, which FI, which values) are here once.
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import FinancialInstitution, MemberCompany, Role, User
from members.services import user_create

from .models import API_KEY_NAME_MAX, BankApiKey

API_KEY_MAX_DAYS = 366
API_KEY_USE_RECORD_SECONDS = 60  # last use is written at most once a minute per key, not on every call


def api_key_expiry_bounds(today: date | None = None) -> tuple[date, date]:
    """The first and last expiry dates a new key may have (Tokyo dates)."""
    today = today or timezone.localdate()
    return today + timedelta(days=1), today + timedelta(days=API_KEY_MAX_DAYS)


@transaction.atomic
def api_key_create(*, institution: FinancialInstitution, name: str, scope: str, expires_on: date,
                   created_by: User) -> tuple[BankApiKey, str]:
    """A new key for `institution`: returns the row and the key itself, which is shown once and never stored.

    The key works through `expires_on` (Tokyo time) and stops at the following midnight.
    """
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("名前を入力してください。")
    elif len(name) > API_KEY_NAME_MAX:
        errors["name"] = _("名前は%(max)d文字以内で入力してください。") % {"max": API_KEY_NAME_MAX}
    if scope not in BankApiKey.Scope.values:
        errors["scope"] = _("権限を選んでください。")
    first, last = api_key_expiry_bounds()
    if not isinstance(expires_on, date) or not first <= expires_on <= last:
        errors["expires_on"] = _("有効期限は %(first)s から %(last)s までの日付を指定してください。") % {
            "first": first.isoformat(), "last": last.isoformat()}
    if errors:
        raise ValidationError(errors)
    expiry = timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min))
    return BankApiKey.objects.create_key(institution=institution, name=name, scope=scope, expiry_date=expiry,
                                         created_by=created_by)


@transaction.atomic
def api_key_revoke(*, api_key: BankApiKey, revoked_by: User) -> BankApiKey:
    """Revoke for good (it cannot be undone): the next call with this key answers 401."""
    if not api_key.revoked:
        api_key.revoked, api_key.revoked_at, api_key.revoked_by = True, timezone.now(), revoked_by
        api_key.save(update_fields=["revoked", "revoked_at", "revoked_by"])
    return api_key


def api_key_record_use(*, api_key: BankApiKey, ip_address: str | None) -> None:
    """Note the key's last use, at most once per API_KEY_USE_RECORD_SECONDS (one conditional UPDATE, no write
    on the other calls of the minute)."""
    now = timezone.now()
    since = now - timedelta(seconds=API_KEY_USE_RECORD_SECONDS)
    if api_key.last_used_at is not None and api_key.last_used_at > since:
        return
    (BankApiKey.objects.unscoped("the calling key's own row").filter(pk=api_key.pk)
     .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=since))
     .update(last_used_at=now, last_used_ip=ip_address or None))


@transaction.atomic
def member_user_invite(*, company: MemberCompany, username: str, email: str, full_name: str) -> User:
    """Create a member user without a password and email them the one-time link to set one (USR-1: one named
    person per ID; the admin never types or sees a password): the same invitation as an approved application's
    first user (members.join.invitations, INVITATION_EXPIRY_HOURS)."""
    from members.join.invitations import invitation_send

    if company.status != MemberCompany.Status.ACTIVE:
        raise ValidationError({"company": _("利用停止中の会員企業にはユーザーを招待できません。")})
    user = user_create(username=username, email=email, full_name=full_name, role=Role.MEMBER, password=None,
                       company=company)
    invitation_send(user=user)
    return user
