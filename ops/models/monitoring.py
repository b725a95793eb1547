from django.db import models
from django.utils.translation import gettext_lazy as _

from bigadvance.tokyo import format_tokyo


class HealthCheckResult(models.Model):
    """One run of one monitoring check (MON-1), kept as history."""

    check_name = models.CharField(_("監視項目"), max_length=60, db_index=True)
    ok = models.BooleanField(_("正常"))
    detail = models.CharField(_("詳細"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("所要時間（ミリ秒）"), default=0)
    muted = models.BooleanField(_("メンテナンス中のため抑止"), default=False)
    checked_at = models.DateTimeField(_("実行日時"), db_index=True)

    class Meta:
        verbose_name = _("監視結果")
        verbose_name_plural = _("監視結果")
        ordering = ["-checked_at", "check_name"]

    def __str__(self) -> str:
        return f"{self.check_name} {'OK' if self.ok else 'NG'} {format_tokyo(self.checked_at)}"


class Heartbeat(models.Model):
    """Last time a process (the Celery worker, beat) proved it was alive."""

    name = models.CharField(_("プロセス"), max_length=60, unique=True)
    last_seen = models.DateTimeField(_("最終確認日時"))

    class Meta:
        verbose_name = _("ハートビート")
        verbose_name_plural = _("ハートビート")

    def __str__(self) -> str:
        return self.name
