"""商談 (deals): a member company asks another for a meeting about one of its needs; both banks approve, the
receiver accepts, the two companies meet in a deal room and record an outcome.

Who sees a deal is decided by the parties and by how far the request has travelled (a request reaches the
receiving side only after its own bank let it through, as Linkers for BANK does):
- the requesting company and its bank: from the start;
- the receiver's bank: once the requester's bank approved (`receiver_bank_reached_at`);
- the receiving company: once every bank approved (`receiver_reached_at`).
Nobody else sees it: another company, another bank's admin and the service company's staff get a 404.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..tenancy import TenantModel, TenantQuerySet

DEAL_MESSAGE_MAX = 2000
DEAL_REASON_MAX = 1000
DEAL_NOTE_MAX = 2000
ROOM_MESSAGE_MAX = 4000
ATTACHMENT_NAME_MAX = 200


def deal_party_q(user, prefix: str = "") -> Q | None:
    """The deals `user` takes part in, as a Q over `prefix` (e.g. "deal__" from a deal's child rows)."""
    from ..policies import is_fi_admin, is_member

    if is_member(user):
        return (Q(**{f"{prefix}requester_company_id": user.company_id})
                | Q(**{f"{prefix}receiver_company_id": user.company_id,
                       f"{prefix}receiver_reached_at__isnull": False}))
    if is_fi_admin(user):
        return (Q(**{f"{prefix}requester_institution_id": user.institution_id})
                | Q(**{f"{prefix}receiver_institution_id": user.institution_id,
                       f"{prefix}receiver_bank_reached_at__isnull": False}))
    return None


class DealQuerySet(TenantQuerySet):
    institution_path = "requester_institution"
    company_path = "requester_company"

    def member_rows(self, user) -> Q | None:
        return deal_party_q(user)

    def fi_admin_rows(self, user) -> Q | None:
        return deal_party_q(user)

    def open(self):
        return self.filter(status__in=Deal.OPEN_STATUSES)

    def waiting(self):
        return self.filter(status__in=Deal.WAITING_STATUSES)


class DealChildQuerySet(TenantQuerySet):
    """Rows of a deal (timeline, messages, attachments): seen by whoever sees the deal."""

    institution_path = "deal__requester_institution"
    company_path = "deal__requester_company"

    def member_rows(self, user) -> Q | None:
        return deal_party_q(user, "deal__")

    def fi_admin_rows(self, user) -> Q | None:
        return deal_party_q(user, "deal__")


class DealStatus(models.TextChoices):
    REQUESTED = "requested", _("金融機関の承認待ち")
    REQUESTER_BANK_APPROVED = "requester_bank_approved", _("申込先の金融機関の承認待ち")
    BANKS_APPROVED = "banks_approved", _("申込先の回答待ち")
    ACCEPTED = "accepted", _("商談中")
    MET = "met", _("面談済み・結果待ち")
    COMPLETED = "completed", _("結果登録済み")
    DECLINED = "declined", _("お断り")
    REFUSED = "refused", _("金融機関が見送り")
    WITHDRAWN = "withdrawn", _("取り下げ")
    EXPIRED = "expired", _("期限切れ")


# Waiting for someone's answer: reminded once, then expired (DEAL_REMINDER_BUSINESS_DAYS).
WAITING_STATUSES = (DealStatus.REQUESTED, DealStatus.REQUESTER_BANK_APPROVED, DealStatus.BANKS_APPROVED)
# A request still in progress: one per company and need.
OPEN_STATUSES = WAITING_STATUSES + (DealStatus.ACCEPTED, DealStatus.MET)
# The deal room is open (the receiver accepted); it stays readable afterwards.
ROOM_STATUSES = (DealStatus.ACCEPTED, DealStatus.MET, DealStatus.COMPLETED)


class Deal(TenantModel, models.Model):
    Status = DealStatus

    class Outcome(models.TextChoices):
        WON = "won", _("成約")
        LOST = "lost", _("不成約")
        CONTINUING = "continuing", _("継続")

    WAITING_STATUSES = WAITING_STATUSES
    OPEN_STATUSES = OPEN_STATUSES
    ROOM_STATUSES = ROOM_STATUSES

    need = models.ForeignKey("members.Need", on_delete=models.PROTECT, related_name="deals", verbose_name=_("ニーズ"))
    requester_company = models.ForeignKey("members.MemberCompany", on_delete=models.PROTECT,
                                          related_name="deals_requested", verbose_name=_("申込元の会社"))
    requester_institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT,
                                              related_name="+", verbose_name=_("申込元の金融機関"))
    receiver_company = models.ForeignKey("members.MemberCompany", on_delete=models.PROTECT,
                                         related_name="deals_received", verbose_name=_("申込先の会社"))
    receiver_institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT,
                                             related_name="+", verbose_name=_("申込先の金融機関"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("申込者"))
    message = models.TextField(_("メッセージ"), validators=[MaxLengthValidator(DEAL_MESSAGE_MAX)])
    preferred_at_1 = models.DateTimeField(_("希望日時（第1希望）"))
    preferred_at_2 = models.DateTimeField(_("希望日時（第2希望）"), null=True, blank=True)
    preferred_at_3 = models.DateTimeField(_("希望日時（第3希望）"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=30, choices=Status.choices, default=Status.REQUESTED)
    waiting_since = models.DateTimeField(_("回答待ちの開始日時"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("督促日時"), null=True, blank=True)
    receiver_bank_reached_at = models.DateTimeField(_("申込先の金融機関に届いた日時"), null=True, blank=True)
    receiver_reached_at = models.DateTimeField(_("申込先に届いた日時"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("承諾日時"), null=True, blank=True)
    met_at = models.DateTimeField(_("面談日時"), null=True, blank=True)
    outcome = models.CharField(_("結果"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("結果の補足"), blank=True, validators=[MaxLengthValidator(DEAL_REASON_MAX)])
    outcome_at = models.DateTimeField(_("結果の登録日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    closed_reason = models.TextField(_("理由"), blank=True, validators=[MaxLengthValidator(DEAL_REASON_MAX)])
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        verbose_name = _("商談")
        verbose_name_plural = _("商談")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "waiting_since"], name="deal_status_waiting")]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "requester_company"], condition=Q(status__in=OPEN_STATUSES),
                name="one_open_deal_per_company_and_need",
                violation_error_message=_("このニーズには既に進行中の商談申込があります。"),
            ),
            models.CheckConstraint(name="deal_between_two_companies",
                                   condition=~Q(requester_company=models.F("receiver_company"))),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.requester_company_id} → {self.receiver_company_id}"

    @property
    def is_cross_bank(self) -> bool:
        return self.requester_institution_id != self.receiver_institution_id

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def room_is_open(self) -> bool:
        return self.status in self.ROOM_STATUSES

    @property
    def preferred_dates(self) -> list:
        return [moment for moment in (self.preferred_at_1, self.preferred_at_2, self.preferred_at_3) if moment]

    def counterpart_of(self, company_id: int):
        return self.receiver_company if company_id == self.requester_company_id else self.requester_company


class DealBankDecisionQuerySet(TenantQuerySet):
    """A bank's decision and its internal note: only that bank's admins see them, never members."""

    institution_path = "institution"
    company_path = None


class DealBankDecision(TenantModel, models.Model):
    class Side(models.TextChoices):
        REQUESTER = "requester", _("申込元")
        RECEIVER = "receiver", _("申込先")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("承認")
        REFUSED = "refused", _("見送り")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="bank_decisions", verbose_name=_("商談"))
    institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("金融機関"))
    side = models.CharField(_("立場"), max_length=20, choices=Side.choices)
    decision = models.CharField(_("判断"), max_length=20, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("判断した人"))
    decided_at = models.DateTimeField(_("判断日時"))
    note = models.TextField(_("行内メモ"), blank=True, validators=[MaxLengthValidator(DEAL_NOTE_MAX)])

    objects = DealBankDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("商談の金融機関承認")
        verbose_name_plural = _("商談の金融機関承認")
        ordering = ["decided_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["deal", "side"], name="one_decision_per_deal_side")]

    def __str__(self) -> str:
        return f"#{self.deal_id} {self.side} {self.decision}"


class DealEvent(TenantModel, models.Model):
    """One step of a deal's timeline, as both parties see it (no internal note here)."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("商談を申し込みました")
        BANK_APPROVED = "bank_approved", _("金融機関が承認しました")
        BANK_REFUSED = "bank_refused", _("金融機関が見送りました")
        ACCEPTED = "accepted", _("申込先が承諾しました")
        DECLINED = "declined", _("申込先がお断りしました")
        WITHDRAWN = "withdrawn", _("取り下げました")
        MET = "met", _("面談しました")
        OUTCOME = "outcome", _("結果を登録しました")
        REMINDED = "reminded", _("回答の督促を送りました")
        EXPIRED = "expired", _("回答がなく期限切れになりました")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events", verbose_name=_("商談"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("操作した人"))
    actor_name = models.CharField(_("操作した会社・金融機関"), max_length=120, blank=True)
    outcome = models.CharField(_("結果"), max_length=20, choices=Deal.Outcome.choices, blank=True)
    reason = models.TextField(_("理由・補足"), blank=True)
    at = models.DateTimeField(_("日時"))

    objects = DealChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("商談の経過")
        verbose_name_plural = _("商談の経過")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.deal_id} {self.kind}"


class DealMessage(TenantModel, models.Model):
    """A message in the deal room (text, a file, or both)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="messages", verbose_name=_("商談"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("送信者"))
    author_company = models.ForeignKey("members.MemberCompany", on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("送信した会社"))
    body = models.TextField(_("本文"), blank=True, validators=[MaxLengthValidator(ROOM_MESSAGE_MAX)])
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    objects = DealChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("商談メッセージ")
        verbose_name_plural = _("商談メッセージ")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["deal", "id"], name="deal_message_deal_id")]

    def __str__(self) -> str:
        return f"#{self.deal_id} message {self.pk}"


def attachment_path(instance, filename: str) -> str:
    # Never the uploader's name on disk: a random name under the deal, served only by the checked view.
    import uuid

    return f"deal-attachments/{instance.deal_id}/{uuid.uuid4().hex}"


class DealAttachment(TenantModel, models.Model):
    """A file in the deal room, stored privately and served only through a permission-checked view."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("商談"))
    message = models.ForeignKey(DealMessage, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("メッセージ"))
    file = models.FileField(_("ファイル"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("ファイル名"), max_length=ATTACHMENT_NAME_MAX)
    content_type = models.CharField(_("種類"), max_length=120)
    size = models.PositiveBigIntegerField(_("サイズ"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    objects = DealChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("商談の添付ファイル")
        verbose_name_plural = _("商談の添付ファイル")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DealReadMarkerQuerySet(TenantQuerySet):
    """A person's own read markers."""

    institution_path = "deal__requester_institution"
    company_path = None

    def member_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)

    def fi_admin_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)


class DealReadMarker(TenantModel, models.Model):
    """How far one person has read a deal room: messages after `last_read_message_id` are unread."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="read_markers", verbose_name=_("商談"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("ユーザー"))
    last_read_message_id = models.PositiveBigIntegerField(_("最後に読んだメッセージ"), default=0)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = DealReadMarkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("既読位置")
        verbose_name_plural = _("既読位置")
        constraints = [models.UniqueConstraint(fields=["deal", "user"], name="one_read_marker_per_user_and_deal")]

    def __str__(self) -> str:
        return f"#{self.deal_id} {self.user_id}: {self.last_read_message_id}"
