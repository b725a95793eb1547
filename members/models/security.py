"""An FI's own security settings (SEC-1 allow-list, session rules, two-factor login) and the open sessions of
every account (where and when they signed in, so an FI admin can end them)."""

import ipaddress
from functools import cached_property

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..tenancy import TenantModel, TenantQuerySet
from .identity import FinancialInstitution

SESSION_TIMEOUT_MIN_MINUTES = 15
SESSION_TIMEOUT_MAX_MINUTES = 480  # the platform's own limit (SESSION_COOKIE_AGE, 8 h)


class InstitutionSettingsQuerySet(TenantQuerySet):
    institution_path = "institution"
    company_path = None  # FI data: members see none


class InstitutionSettings(TenantModel, models.Model):
    """One row per FI that changed a default; an FI without one has the defaults (`for_institution`).

    Read on every request of its admins and members through the account's own row (members.auth loads it with
    `select_related`), so enforcing it costs no query.
    """

    institution = models.OneToOneField(
        FinancialInstitution, on_delete=models.CASCADE, primary_key=True, related_name="security_settings",
        verbose_name=_("契約金融機関"),
    )
    allowed_networks = models.TextField(
        _("管理画面・API の接続元 IP アドレス"), blank=True,
        help_text=_("1行に1つ、IP アドレスまたは CIDR（例: 203.0.113.0/24）。空欄ならどこからでも利用できます。"),
    )
    session_timeout_minutes = models.PositiveSmallIntegerField(
        _("セッションタイムアウト（分）"), null=True, blank=True,
        validators=[MinValueValidator(SESSION_TIMEOUT_MIN_MINUTES), MaxValueValidator(SESSION_TIMEOUT_MAX_MINUTES)],
        help_text=_("操作がないまま、この時間が過ぎるとログアウトします。空欄なら480分（8時間）です。"),
    )
    single_session = models.BooleanField(
        _("同時ログインを1つに限る"), default=False,
        help_text=_("新しくログインすると、同じログインIDの以前のセッションを終了します（ID の共有を防ぎます）。"),
    )
    two_factor_required = models.BooleanField(
        _("管理者に二段階認証を求める"), default=False,
        help_text=_("この金融機関の管理者は、ログインのたびに認証アプリの確認コードを入力します。"),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = InstitutionSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("金融機関の設定")
        verbose_name_plural = _("金融機関の設定")

    def __str__(self) -> str:
        return str(self.institution)

    @classmethod
    def for_institution(cls, institution: FinancialInstitution | None) -> "InstitutionSettings":
        """The FI's settings, or the defaults (unsaved) when it never changed them. No query when the FI was
        loaded with `select_related("security_settings")`."""
        if institution is None:
            return cls()
        try:
            return institution.security_settings
        except cls.DoesNotExist:
            return cls(institution=institution)

    @cached_property
    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(line, strict=False) for line in self.allowed_networks.split()]

    def allows_address(self, address: str | None) -> bool:
        """No list: every address. A list: only addresses inside it (an unknown address is outside)."""
        if not self.allowed_networks.strip():
            return True
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self.networks if network.version == ip.version)

    @property
    def session_timeout_seconds(self) -> int:
        if self.session_timeout_minutes:
            return self.session_timeout_minutes * 60
        return settings.SESSION_COOKIE_AGE


class UserSessionQuerySet(TenantQuerySet):
    institution_path = "user__institution"
    company_path = None  # only an FI's admins see its people's sessions


class UserSession(TenantModel, models.Model):
    """A signed-in session of one account: where and when it started, when it was last used (to the nearest
    few minutes). The session itself lives in the session store; ending it deletes both."""

    session_key = models.CharField(_("セッションキー"), max_length=40, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions",
                             verbose_name=_("ユーザー"))
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)
    device = models.CharField(_("端末"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("ログイン日時"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("最終アクセス"))
    expires_at = models.DateTimeField(_("有効期限"), db_index=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("ログイン中のセッション")
        verbose_name_plural = _("ログイン中のセッション")
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "expires_at"], name="usersession_user_expiry")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.device} {self.ip_address or '-'}"
