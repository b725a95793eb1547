from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailLog(models.Model):
    """One row per recipient of every email the platform sends (the outbox), delivered by the worker.

    pending: waiting for its time (`scheduled_for`: now, a held moment or the next retry); sent; failed: every
    attempt failed (EMAIL_MAX_ATTEMPTS), kept until an operator retries or cancels it; cancelled: given up.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")
        CANCELLED = "cancelled", _("送信取消")

    category = models.CharField(_("種別"), max_length=60, db_index=True)
    template = models.CharField(_("テンプレート"), max_length=120)
    recipient = models.EmailField(_("宛先"))
    subject = models.CharField(_("件名"), max_length=255)
    body = models.TextField(_("本文"), blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, db_index=True)
    error = models.TextField(_("エラー"), blank=True)
    reference = models.CharField(_("参照"), max_length=120, blank=True, db_index=True)
    # Extra headers of this message (threading: Message-ID, In-Reply-To, References; Reply-To, Auto-Submitted).
    headers = models.JSONField(_("追加ヘッダー"), default=dict, blank=True)
    scheduled_for = models.DateTimeField(_("送信予定日時"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("送信試行回数"), default=0)
    locked_until = models.DateTimeField(_("送信処理中（期限）"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("メール送信記録")
        verbose_name_plural = _("メール送信記録")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
