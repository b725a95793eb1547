from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiadminConfig(AppConfig):
    name = "fiadmin"
    verbose_name = _("金融機関管理画面")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import BankApiKey

        # Who created and revoked which key, and when (the key's hash is never part of the trail).
        auditlog.register(BankApiKey, include_fields=["name", "scope", "expiry_date", "revoked", "institution"])
