from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMail(models.Model):
    """One email the intake has taken from the support mailbox, keyed by its Message-ID.

    The row is written in the same transaction as the ticket or reply it produced, so a crash anywhere leaves
    either both or neither; a message whose ID is here is never processed again (exactly once).
    """

    class Outcome(models.TextChoices):
        TICKET_CREATED = "ticket_created", _("新しいお問い合わせ")
        REPLY_ADDED = "reply_added", _("お問い合わせへの返信")
        CONFIRMED = "confirmed", _("完了確認")
        REOPENED = "reopened", _("未解決の連絡（再開）")
        REDIRECTED = "redirected", _("対象外（自動返信）")
        IGNORED = "ignored", _("対象外（返信なし）")
        FAILED = "failed", _("取り込み失敗")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    sender = models.CharField(_("差出人"), max_length=254, blank=True)
    subject = models.CharField(_("件名"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("受信日時"))
    outcome = models.CharField(_("処理結果"), max_length=20, choices=Outcome.choices)
    detail = models.TextField(_("詳細"), blank=True)
    ticket = models.ForeignKey("support.Ticket", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("お問い合わせ"))
    processed_at = models.DateTimeField(_("処理日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("受信メール")
        verbose_name_plural = _("受信メール")
        ordering = ["-processed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"
