from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bigadvance.choices import FastChoiceDisplay


class Incident(FastChoiceDisplay, models.Model):
    """A fault (INC-1..4). The system lead owns the record and the communication, not the fixers."""

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("重要障害")
        INCIDENT = "incident", _("インシデント")

    class Status(models.TextChoices):
        DETECTED = "detected", _("検知")
        CONFIRMED = "confirmed", _("状況確認")
        RECOVERING = "recovering", _("調査・復旧")
        RECOVERY_CONFIRMED = "recovery_confirmed", _("復旧確認")
        CLOSED = "closed", _("クローズ")

    title = models.CharField(_("件名"), max_length=200)
    severity = models.CharField(_("重要度"), max_length=10, choices=Severity.choices, db_index=True)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DETECTED,
                              db_index=True)
    public_message = models.TextField(_("金融機関向けの説明"), blank=True)
    affects_all_institutions = models.BooleanField(_("全金融機関に影響"), default=True)
    affected_institutions = models.ManyToManyField("members.FinancialInstitution", blank=True,
                                                   related_name="incidents", verbose_name=_("影響する金融機関"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="owned_incidents", verbose_name=_("連絡責任者（システム統括）"))
    source_check = models.CharField(_("検知した監視項目"), max_length=60, blank=True, db_index=True)
    detected_at = models.DateTimeField(_("検知日時"))
    closed_at = models.DateTimeField(_("クローズ日時"), null=True, blank=True)
    fi_notice_due_at = models.DateTimeField(_("金融機関への通知予定"), null=True, blank=True)
    fi_notified_at = models.DateTimeField(_("金融機関への通知日時"), null=True, blank=True)
    # Nothing reaches the banks before the system lead releases the incident (INC-3); see incident_release.
    released_at = models.DateTimeField(_("金融機関への公開日時"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("公開したシステム統括"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("障害")
        verbose_name_plural = _("障害")
        ordering = ["-detected_at"]

    def __str__(self) -> str:
        return f"[{self.get_severity_display()}] {self.title}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class IncidentEntry(FastChoiceDisplay, models.Model):
    """One line of an incident's timeline: who recorded what, when, and who may read it."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("社内のみ")
        HELD = "held", _("公開待ち（システム統括の公開まで保留）")
        INSTITUTIONS = "institutions", _("金融機関にも公開")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries",
                                 verbose_name=_("障害"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("記録者"))
    status = models.CharField(_("状態"), max_length=20, choices=Incident.Status.choices, blank=True)
    text = models.TextField(_("内容"))
    visibility = models.CharField(_("公開範囲"), max_length=15, choices=Visibility.choices,
                                  default=Visibility.INTERNAL)
    created_at = models.DateTimeField(_("記録日時"), db_index=True)

    class Meta:
        verbose_name = _("障害対応記録")
        verbose_name_plural = _("障害対応記録")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
