"""Inquiries from FI admins (SUP-1..4): the ticket, its timeline, its files, and the SLA warnings sent.

Who sees a ticket: the FI admins of its FI (`institution`), never another FI's, never a member; the support
staff and the system lead see every ticket (the desk). Internal notes and internal events are the desk's only:
`TicketEntry.objects.visible_to(fi_admin)` never returns them, so no page of the console can show one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.tenancy import TenantModel, TenantQuerySet

SUBJECT_MAX = 200
BODY_MAX = 20_000
ATTACHMENT_NAME_MAX = 200
REFERENCE_FORMAT = "BA-{:06d}"


class Channel(models.TextChoices):
    WEB = "web", _("管理画面")
    EMAIL = "email", _("メール")
    PHONE = "phone", _("電話")


class Priority(models.TextChoices):
    URGENT = "urgent", _("緊急")
    HIGH = "high", _("高")
    NORMAL = "normal", _("通常")
    LOW = "low", _("低")


class TicketStatus(models.TextChoices):
    NEW = "new", _("新規")
    FIRST_RESPONDED = "first_responded", _("一次回答済み")
    IN_PROGRESS = "in_progress", _("対応中")
    ANSWERED = "answered", _("回答済み")
    WAITING_CONFIRMATION = "waiting_confirmation", _("完了確認待ち")
    CLOSED = "closed", _("完了")


class ReplyKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("一次回答")
    UPDATE = "update", _("経過連絡")
    ANSWER = "answer", _("回答")


def _desk_scope(queryset: TenantQuerySet, user):
    """Support staff and the system lead work every FI's tickets; everyone else goes by the tenancy rules."""
    from support.policies import may_work_desk

    return queryset._scoped("desk") if may_work_desk(user) else None


class TicketQuerySet(TenantQuerySet):
    institution_path = "institution"
    company_path = None  # members never see the desk's tickets (SUP-1)

    def visible_to(self, user):
        desk = _desk_scope(self, user)
        return desk if desk is not None else super().visible_to(user)

    def open(self):
        return self.exclude(status=TicketStatus.CLOSED)


class Ticket(TenantModel, models.Model):
    PAUSED = (TicketStatus.ANSWERED, TicketStatus.WAITING_CONFIRMATION)  # waiting for the admin: no SLA clock
    ANSWERED_STATES = PAUSED

    institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT,
                                    related_name="support_tickets", verbose_name=_("契約金融機関"))
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_tickets",
                                  verbose_name=_("問い合わせた管理者"))
    subject = models.CharField(_("件名"), max_length=SUBJECT_MAX)
    channel = models.CharField(_("受付方法"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("状態"), max_length=25, choices=TicketStatus.choices, default=TicketStatus.NEW,
                              db_index=True)
    priority = models.CharField(_("優先度"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    received_at = models.DateTimeField(_("受付日時"), db_index=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("電話を受けた担当者"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="assigned_tickets", verbose_name=_("担当者"))
    escalated_at = models.DateTimeField(_("システム統括へのエスカレーション日時"), null=True, blank=True)
    expected_answer_on = models.DateField(_("回答予定日"), null=True, blank=True)
    # SLA (SUP-3, CAL-2): due instants in business time; the answer clock stops while waiting for the admin.
    first_response_due_at = models.DateTimeField(_("一次回答期限"), null=True, blank=True, db_index=True)
    first_responded_at = models.DateTimeField(_("初回応答日時"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("回答期限"), null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    paused_since = models.DateTimeField(_("管理者の確認待ち開始"), null=True, blank=True)
    paused_minutes = models.PositiveIntegerField(_("確認待ちの営業時間（分）"), default=0)
    confirmation_requested_at = models.DateTimeField(_("完了確認の依頼日時"), null=True, blank=True)
    confirmation_reminded_at = models.DateTimeField(_("完了確認の催促日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("完了を確認した管理者"))
    incident = models.ForeignKey("ops.Incident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="support_tickets", verbose_name=_("関連する障害"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("お問い合わせ")
        verbose_name_plural = _("お問い合わせ")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["institution", "status"], name="ticket_institution_status")]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        """受付番号, also the tag in every email subject that threads replies: BA-000123."""
        return REFERENCE_FORMAT.format(self.pk or 0)

    @property
    def is_open(self) -> bool:
        return self.status != TicketStatus.CLOSED

    @property
    def is_paused(self) -> bool:
        return self.status in self.PAUSED


class TicketChildQuerySet(TenantQuerySet):
    """Rows of a ticket: the desk sees them all; the ticket's FI admins only what is not internal."""

    institution_path = "ticket__institution"
    company_path = None
    internal_path = "is_internal"

    def visible_to(self, user):
        desk = _desk_scope(self, user)
        return desk if desk is not None else super().visible_to(user)

    def fi_admin_rows(self, user) -> Q | None:
        return Q(ticket__institution=user.institution_id) & Q(**{self.internal_path: False})


class TicketEntry(TenantModel, models.Model):
    """One line of a ticket's timeline: a message, a reply, an internal note or an event."""

    class Kind(models.TextChoices):
        INQUIRY = "inquiry", _("お問い合わせ")
        ADMIN_MESSAGE = "admin_message", _("管理者からの連絡")
        REPLY = "reply", _("サポートデスクからの連絡")
        NOTE = "note", _("社内メモ")
        EVENT = "event", _("記録")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="entries", verbose_name=_("お問い合わせ"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    reply_kind = models.CharField(_("連絡の種類"), max_length=20, choices=ReplyKind.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("記録者"))
    channel = models.CharField(_("経路"), max_length=10, choices=Channel.choices, blank=True)
    body = models.TextField(_("内容"), blank=True)
    is_internal = models.BooleanField(_("社内のみ"), default=False)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(_("日時"), default=timezone.now, db_index=True)

    objects = TicketChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("お問い合わせの経過")
        verbose_name_plural = _("お問い合わせの経過")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class TicketAttachmentQuerySet(TicketChildQuerySet):
    internal_path = "entry__is_internal"


def attachment_path(instance, filename: str) -> str:
    # Never the sender's name on disk: a random name under the ticket, served only by the checked views.
    return f"support-attachments/{instance.ticket_id}/{uuid.uuid4().hex}"


class TicketAttachment(TenantModel, models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments",
                               verbose_name=_("お問い合わせ"))
    entry = models.ForeignKey(TicketEntry, on_delete=models.CASCADE, related_name="attachments",
                              verbose_name=_("経過"))
    file = models.FileField(_("ファイル"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("ファイル名"), max_length=ATTACHMENT_NAME_MAX)
    content_type = models.CharField(_("種類"), max_length=120)
    size = models.PositiveBigIntegerField(_("サイズ"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    objects = TicketAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("お問い合わせの添付ファイル")
        verbose_name_plural = _("お問い合わせの添付ファイル")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class SlaWarning(models.Model):
    """A warning the desk was sent about one SLA target of one ticket, so each is sent once per due time."""

    class Target(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("一次回答")
        ANSWER = "answer", _("回答")

    class Level(models.TextChoices):
        NEAR = "near", _("期限間近")
        BREACHED = "breached", _("期限超過")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+", verbose_name=_("お問い合わせ"))
    target = models.CharField(_("目標"), max_length=20, choices=Target.choices)
    level = models.CharField(_("段階"), max_length=10, choices=Level.choices)
    due_at = models.DateTimeField(_("期限"))
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("SLA警告")
        verbose_name_plural = _("SLA警告")
        constraints = [models.UniqueConstraint(fields=["ticket", "target", "level", "due_at"],
                                               name="one_sla_warning_per_due")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.target} {self.level}"
