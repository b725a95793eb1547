from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """Abnormal login traces and operator account changes the system lead must see at once (ACC-1)."""

    class Kind(models.TextChoices):
        LOCKOUT = "lockout", _("ログインIDのロック")
        STAFF_PASSWORD_CHANGED = "staff_password_changed", _("運用者パスワード変更")
        LOCKOUT_RELEASED = "lockout_released", _("ロックの解除")
        SESSIONS_ENDED = "sessions_ended", _("セッションの強制終了")
        PASSWORD_RESET_FORCED = "password_reset_forced", _("パスワード再設定の依頼")
        ADDRESS_REFUSED = "address_refused", _("許可されていない接続元からのアクセス")
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("二段階認証の登録")
        RECOVERY_CODE_USED = "recovery_code_used", _("リカバリーコードの使用")

    kind = models.CharField(_("種別"), max_length=40, choices=Kind.choices, db_index=True)
    login_id = models.CharField(_("ログインID"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("ユーザー"),
    )
    institution = models.ForeignKey(
        "members.FinancialInstitution", on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("契約金融機関"),
    )
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)
    detail = models.TextField(_("詳細"), blank=True)
    created_at = models.DateTimeField(_("発生日時"), auto_now_add=True, db_index=True)
    reported_at = models.DateTimeField(_("システム統括への通知日時"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("セキュリティイベント")
        verbose_name_plural = _("セキュリティイベント")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.login_id}"
