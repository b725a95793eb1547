from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailLog(models.Model):
    """One row per recipient of every email the platform sends."""

    class Status(models.TextChoices):
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    category = models.CharField(_("種別"), max_length=60, db_index=True)
    template = models.CharField(_("テンプレート"), max_length=120)
    recipient = models.EmailField(_("宛先"))
    subject = models.CharField(_("件名"), max_length=255)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices)
    error = models.TextField(_("エラー"), blank=True)
    reference = models.CharField(_("参照"), max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("メール送信記録")
        verbose_name_plural = _("メール送信記録")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
