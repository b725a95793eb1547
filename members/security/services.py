"""What an FI admin does to its FI's settings and to one of its people's accounts; each change is audited in
its own transaction (SecurityEvent for account actions, the data trail for settings)."""

import logging

from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.models import SecurityEvent
from ops.notifications import notification_send

from ..models import FinancialInstitution, InstitutionSettings, User
from .addresses import networks_clean
from .lockouts import failures_clear
from .sessions import sessions_end

logger = logging.getLogger(__name__)
REFUSAL_EVENT_SECONDS = 300  # one event per account, address and area in this time; every refusal is logged


def _event(kind: str, *, account: User, actor: User | None, detail: str, ip_address: str | None = None,
           institution: FinancialInstitution | None = None) -> SecurityEvent:
    by = f" by {actor.username}" if actor is not None else ""
    return SecurityEvent.objects.create(kind=kind, login_id=account.username, user=account,
                                        institution=institution or account.institution, ip_address=ip_address,
                                        detail=f"{detail}{by}")


@transaction.atomic
def institution_settings_update(*, institution: FinancialInstitution, actor: User, keep_address: str | None,
                                allowed_networks: str, session_timeout_minutes: int | None, single_session: bool,
                                two_factor_required: bool) -> InstitutionSettings:
    """Save an FI's settings. From the console `keep_address` is the admin's own address: an allow-list that
    leaves it out is refused, as saving it would lock them out. Operators (Django admin) pass None."""
    networks = networks_clean(allowed_networks)
    row = (InstitutionSettings.objects.unscoped("an FI's own settings, by its admin").select_for_update()
           .filter(institution=institution).first() or InstitutionSettings(institution=institution))
    row.allowed_networks, row.session_timeout_minutes = networks, session_timeout_minutes
    row.single_session, row.two_factor_required = single_session, two_factor_required
    row.full_clean()
    if keep_address is not None and not row.allows_address(keep_address):
        raise ValidationError({"allowed_networks": _(
            "現在の接続元（%(address)s）が含まれていないため、保存すると管理画面を利用できなくなります。"
            "この IP アドレスを含めてください。") % {"address": keep_address}})
    row.save()
    return row


@transaction.atomic
def account_sessions_end(*, account: User, actor: User, keep_session_key: str | None = None) -> int:
    """"Log out everywhere": every session of the account ends (the acting admin's own one stays)."""
    count = sessions_end(user=account, keep_session_key=keep_session_key)
    _event(SecurityEvent.Kind.SESSIONS_ENDED, account=account, actor=actor, detail=f"{count} sessions ended")
    return count


@transaction.atomic
def account_lockout_release(*, account: User, actor: User) -> int:
    """Release a lockout before its cool-off ends; the person can sign in at once."""
    released = failures_clear(account)
    _event(SecurityEvent.Kind.LOCKOUT_RELEASED, account=account, actor=actor, detail="lockout released")
    return released


@transaction.atomic
def account_password_reset_force(*, account: User, actor: User, protocol: str, domain: str) -> SecurityEvent:
    """The password stops working now, every session ends, and the person is emailed a link to set a new one."""
    account.set_unusable_password()
    account.save(update_fields=["password"])
    sessions_end(user=account)
    event = _event(SecurityEvent.Kind.PASSWORD_RESET_FORCED, account=account, actor=actor,
                   detail="password disabled and reset link sent")
    notification_send(
        template="password_reset_forced", recipients=[account.email], category="password_reset",
        reference=f"password_reset_forced:{event.pk}",
        context={"user": account, "protocol": protocol, "domain": domain,
                 "uid": urlsafe_base64_encode(force_bytes(account.pk)),
                 "token": default_token_generator.make_token(account), "institution": account.institution})
    return event


def address_refusal_record(*, institution: FinancialInstitution, ip_address: str | None, path: str,
                           user: User | None = None, caller: str = "") -> None:
    """A request from outside the FI's allow-list (SEC-1): one log line each, one SecurityEvent per caller,
    address and area (console or API) every few minutes, so a busy script cannot flood the table. The caller
    is an account, or (`caller`) an API key's name."""
    area = "api" if path.startswith("/api/") else "console"
    who = user.username if user is not None else caller
    logger.warning("address refused login_id=%s institution=%s ip=%s area=%s", who, institution.code, ip_address,
                   area)
    try:
        first = cache.add(f"security:address-refused:{institution.pk}:{who}:{ip_address}:{area}", 1,
                          REFUSAL_EVENT_SECONDS)
    except Exception:
        first = True  # the cache is down: record every refusal rather than none
    if first:
        SecurityEvent.objects.create(kind=SecurityEvent.Kind.ADDRESS_REFUSED, login_id=who[:150], user=user,
                                     institution=institution, ip_address=ip_address,
                                     detail=f"{area} request refused: address not in the allow-list")
