from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bigadvance.choices import FastChoiceDisplay
from bigadvance.tokyo import format_tokyo


class MaintenanceWindow(FastChoiceDisplay, models.Model):
    """A planned (or emergency) stop: the weekly Monday window (OPS-2), a release (OPS-3) or ad hoc (OPS-4)."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("定期メンテナンス")
        RELEASE = "release", _("リリース作業")
        ADHOC = "adhoc", _("臨時メンテナンス")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("予定")
        IN_PROGRESS = "in_progress", _("実施中")
        COMPLETED = "completed", _("完了")
        CANCELLED = "cancelled", _("中止")

    class Scope(models.TextChoices):
        WHOLE = "whole", _("サービス全体")
        FEATURES = "features", _("一部機能")

    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.SCHEDULED,
                              db_index=True)
    starts_at = models.DateTimeField(_("開始日時"), db_index=True)
    ends_at = models.DateTimeField(_("終了予定日時"), db_index=True)
    scope = models.CharField(_("影響範囲"), max_length=10, choices=Scope.choices, default=Scope.WHOLE)
    features = models.JSONField(_("対象機能"), default=list, blank=True)
    stops_service = models.BooleanField(
        _("サービスを停止する"), default=True,
        help_text=_("オンの間は利用者にメンテナンス画面（HTTP 503）を表示します。"),
    )
    message = models.TextField(_("お知らせ文"))
    is_emergency = models.BooleanField(_("緊急"), default=False)
    emergency_reason = models.TextField(_("緊急の理由"), blank=True)
    announced_at = models.DateTimeField(_("告知日時"), null=True, blank=True)
    announcement_sent_at = models.DateTimeField(_("告知メール送信日時"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("リマインド送信日時"), null=True, blank=True)
    start_notice_sent_at = models.DateTimeField(_("開始通知日時"), null=True, blank=True)
    end_notice_sent_at = models.DateTimeField(_("終了通知日時"), null=True, blank=True)
    started_at = models.DateTimeField(_("実開始日時"), null=True, blank=True)
    completed_at = models.DateTimeField(_("実終了日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("中止日時"), null=True, blank=True)
    cancel_reason = models.TextField(_("中止の理由"), blank=True)
    cancel_notice_sent_at = models.DateTimeField(_("中止通知日時"), null=True, blank=True)
    weekly_date = models.DateField(_("定期メンテナンス日"), null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("登録者"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("メンテナンス")
        verbose_name_plural = _("メンテナンス")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="maintenance_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_tokyo(self.starts_at)}"

    @property
    def scope_text(self) -> str:
        """"Whole service", or the names of the listed features."""
        from ops.features import feature_labels

        return "、".join(feature_labels(self.features)) if self.features else str(self.get_scope_display())
