"""API keys of the FIs (the bank API, fiadmin/api/): shown once, stored hashed, scoped, revocable, expiring.

The key itself is `prefix.secret`; djangorestframework-api-key generates it and keeps only the prefix (to
find the row) and a SHA-512 hash of the whole key (a key is random and long, so a fast hash is safe, unlike a
password). Keys are FI data: an FI's admins see and manage their own FI's keys only (members/tenancy.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

from members.tenancy import TenantModel, TenantQuerySet

API_KEY_NAME_MAX = 50


class BankApiKeyQuerySet(TenantQuerySet):
    institution_path = "institution"
    company_path = None  # FI data: members see none

    def active(self):
        now = timezone.now()
        return self.filter(revoked=False).filter(models.Q(expiry_date__isnull=True) | models.Q(expiry_date__gt=now))


class BankApiKeyManager(BaseAPIKeyManager.from_queryset(BankApiKeyQuerySet)):
    def get_usable_keys(self):
        return self.unscoped("an API key is looked up by its prefix before its FI is known").filter(revoked=False)


class BankApiKey(TenantModel, AbstractAPIKey):
    class Scope(models.TextChoices):
        READ = "read", _("読み取りのみ")
        READ_WRITE = "read_write", _("読み取りと変更")

    name = models.CharField(_("名前"), max_length=API_KEY_NAME_MAX,
                            help_text=_("どのシステムの鍵か分かる名前（例: 融資支援システム連携）。"))
    expiry_date = models.DateTimeField(_("有効期限"), null=True, blank=True)
    institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT,
                                    related_name="api_keys", verbose_name=_("契約金融機関"))
    scope = models.CharField(_("権限"), max_length=20, choices=Scope.choices, default=Scope.READ)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("作成者"))
    revoked_at = models.DateTimeField(_("無効化日時"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("無効化した人"))
    last_used_at = models.DateTimeField(_("最終利用日時"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("最終利用元IPアドレス"), null=True, blank=True)

    objects = BankApiKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API キー")
        verbose_name_plural = _("API キー")
        ordering = ["-created"]

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    @property
    def state(self) -> str:
        if self.revoked:
            return "revoked"
        return "expired" if self.has_expired else "active"

    def get_state_display(self) -> str:
        return str({"revoked": _("無効化済み"), "expired": _("期限切れ"), "active": _("有効")}[self.state])
