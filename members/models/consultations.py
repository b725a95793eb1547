"""相談 (consultations): a member company's threads with its own bank, the member's one support channel (SUP-1).

A consultation belongs to one company and the bank the company had when it opened it. Who sees it
(`Consultation.objects.visible_to`): the company's members and that bank's admins; another company,
another bank's admin and the service company's staff get a 404. Messages come from either side; each
person's read marker says how far they have read, so both sides get unread counts.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..tenancy import TenantModel, TenantQuerySet

CONSULTATION_SUBJECT_MAX = 100
CONSULTATION_MESSAGE_MAX = 4000
ATTACHMENT_NAME_MAX = 200


class ConsultationQuerySet(TenantQuerySet):
    institution_path = "institution"
    company_path = "company"

    def open(self):
        return self.exclude(status=Consultation.Status.CLOSED)


class ConsultationChildQuerySet(TenantQuerySet):
    """Messages and files of a consultation: seen by whoever sees the consultation."""

    institution_path = "consultation__institution"
    company_path = "consultation__company"


class Consultation(TenantModel, models.Model):
    class Category(models.TextChoices):
        FINANCING = "financing", _("資金繰り")
        SUCCESSION = "succession", _("事業承継")
        SALES = "sales", _("販路開拓")
        SUBSIDY = "subsidy", _("補助金")
        IT_DX = "it_dx", _("IT・DX")
        OTHER = "other", _("その他")

    class Status(models.TextChoices):
        WAITING_BANK = "waiting_bank", _("金融機関の回答待ち")
        ANSWERED = "answered", _("回答あり")
        CLOSED = "closed", _("完了")

    company = models.ForeignKey("members.MemberCompany", on_delete=models.PROTECT, related_name="consultations",
                                verbose_name=_("会員企業"))
    institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("相談先の金融機関"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("相談者"))
    category = models.CharField(_("相談の分類"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("件名"), max_length=CONSULTATION_SUBJECT_MAX)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.WAITING_BANK)
    # When the bank's answer has been awaited since (the member wrote last); None when the bank answered or
    # the thread is closed. The console counts overdue threads from it in business days.
    waiting_since = models.DateTimeField(_("回答待ちの開始日時"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("最終更新日時"))
    closed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("完了にした人"))
    created_at = models.DateTimeField(_("相談日時"), auto_now_add=True)
    # The bank's admin in charge (the console's inbox); members never see it.
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("担当者"))

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談")
        verbose_name_plural = _("相談")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["institution", "status", "waiting_since"], name="consultation_bank_waiting"),
            models.Index(fields=["company", "last_message_at"], name="consultation_company_recent"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ConsultationMessage(TenantModel, models.Model):
    class Side(models.TextChoices):
        MEMBER = "member", _("会員企業")
        BANK = "bank", _("金融機関")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="messages",
                                     verbose_name=_("相談"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("送信者"))
    side = models.CharField(_("送信側"), max_length=10, choices=Side.choices)
    # The name shown beside the message, kept as written then (a person may leave or be renamed).
    author_name = models.CharField(_("送信者名"), max_length=120)
    body = models.TextField(_("本文"), blank=True, validators=[MaxLengthValidator(CONSULTATION_MESSAGE_MAX)])
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    objects = ConsultationChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談メッセージ")
        verbose_name_plural = _("相談メッセージ")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "side", "id"], name="consultation_message_side")]

    def __str__(self) -> str:
        return f"#{self.consultation_id} message {self.pk}"


def consultation_attachment_path(instance, filename: str) -> str:
    # Never the uploader's name on disk: a random name under the thread, served only by the checked view.
    return f"consultation-attachments/{instance.consultation_id}/{uuid.uuid4().hex}"


class ConsultationAttachment(TenantModel, models.Model):
    """A file in a consultation, stored privately and served only through a permission-checked view."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments",
                                     verbose_name=_("相談"))
    message = models.ForeignKey(ConsultationMessage, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("メッセージ"))
    file = models.FileField(_("ファイル"), upload_to=consultation_attachment_path, max_length=200)
    original_name = models.CharField(_("ファイル名"), max_length=ATTACHMENT_NAME_MAX)
    content_type = models.CharField(_("種類"), max_length=120)
    size = models.PositiveBigIntegerField(_("サイズ"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    objects = ConsultationChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談の添付ファイル")
        verbose_name_plural = _("相談の添付ファイル")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ConsultationReadMarkerQuerySet(TenantQuerySet):
    """A person's own read markers."""

    institution_path = "consultation__institution"
    company_path = None

    def member_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)

    def fi_admin_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)


class ConsultationReadMarker(TenantModel, models.Model):
    """How far one person has read a consultation: messages after `last_read_message_id` are unread."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="read_markers",
                                     verbose_name=_("相談"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("ユーザー"))
    last_read_message_id = models.PositiveBigIntegerField(_("最後に読んだメッセージ"), default=0)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ConsultationReadMarkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談の既読位置")
        verbose_name_plural = _("相談の既読位置")
        constraints = [models.UniqueConstraint(fields=["consultation", "user"],
                                               name="one_read_marker_per_user_and_consultation")]

    def __str__(self) -> str:
        return f"#{self.consultation_id} {self.user_id}: {self.last_read_message_id}"


CONSULTATION_NOTE_MAX = 2000


class ConsultationNoteQuerySet(TenantQuerySet):
    """Internal notes: only the bank's admins see them, never members (no company path)."""

    institution_path = "consultation__institution"
    company_path = None


class ConsultationNote(TenantModel, models.Model):
    """A bank's internal note on a consultation (who called whom, what to check), never shown to the member."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notes",
                                     verbose_name=_("相談"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("記入者"))
    author_name = models.CharField(_("記入者名"), max_length=120)
    body = models.TextField(_("行内メモ"), validators=[MaxLengthValidator(CONSULTATION_NOTE_MAX)])
    created_at = models.DateTimeField(_("記入日時"), auto_now_add=True)

    objects = ConsultationNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談の行内メモ")
        verbose_name_plural = _("相談の行内メモ")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.consultation_id} note {self.pk}"
