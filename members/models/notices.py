"""お知らせ (notices) to member companies, from the operator or from a bank.

Who receives a notice:
- from the operator (`institution` None): every member of every bank (`audience` all), or the members of the
  banks listed in `NoticeInstitution` (`audience` chosen);
- from a bank (`institution` set): every member company of that bank, or the companies listed in
  `NoticeCompany`. A bank's notice never reaches another bank's members, whatever its rows say: the bank's
  own id is part of the rule.
A member sees a notice only from its `publish_at` on (scheduled notices stay hidden until then) and not after it
was withdrawn. A bank's admins see their own bank's notices in every state; operators reach notices through
`unscoped` on the operations pages. Read or unread is per person (`NoticeRead`).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..tenancy import TenantModel, TenantQuerySet

NOTICE_TITLE_MAX = 100
NOTICE_BODY_MAX = 4000


def notice_recipient_q(*, institution_id: int | None, company_id: int | None, prefix: str = "") -> Q:
    """The notices addressed to a member of `company_id` at bank `institution_id` (published or not)."""
    institutions = NoticeInstitution.objects.filter(notice=OuterRef(f"{prefix}pk"), institution_id=institution_id)
    companies = (NoticeCompany.objects.unscoped("the outer notice query is scoped")
                 .filter(notice=OuterRef(f"{prefix}pk"), company_id=company_id))
    from_operator = Q(**{f"{prefix}institution__isnull": True}) & (
        Q(**{f"{prefix}audience": Notice.Audience.ALL}) | Q(Exists(institutions)))
    from_bank = Q(**{f"{prefix}institution_id": institution_id}) & (
        Q(**{f"{prefix}audience": Notice.Audience.ALL}) | Q(Exists(companies)))
    return from_operator | from_bank


def notice_live_q(now=None, prefix: str = "") -> Q:
    return Q(**{f"{prefix}publish_at__lte": now or timezone.now(), f"{prefix}withdrawn_at__isnull": True})


class NoticeQuerySet(TenantQuerySet):
    institution_path = "institution"
    company_path = None

    def member_rows(self, user) -> Q | None:
        if user.institution_id is None or user.company_id is None:
            return None
        return notice_live_q() & notice_recipient_q(institution_id=user.institution_id, company_id=user.company_id)

    def fi_admin_rows(self, user) -> Q | None:
        return Q(institution_id=user.institution_id)

    def live(self):
        return self.filter(notice_live_q())


class Notice(TenantModel, models.Model):
    class Audience(models.TextChoices):
        ALL = "all", _("すべての会員企業")
        CHOSEN = "chosen", _("選んだ宛先")

    class RelayKind(models.TextChoices):
        NONE = "", _("なし")
        MAINTENANCE = "maintenance", _("メンテナンス")
        INCIDENT = "incident", _("障害")

    institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("発信した金融機関"),
                                    help_text=_("空欄は運営事務局からのお知らせです。"))
    audience = models.CharField(_("宛先"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    title = models.CharField(_("件名"), max_length=NOTICE_TITLE_MAX)
    body = models.TextField(_("本文"), validators=[MaxLengthValidator(NOTICE_BODY_MAX)])
    publish_at = models.DateTimeField(_("掲載日時"), db_index=True)
    is_pinned = models.BooleanField(_("上部に固定"), default=False)
    withdrawn_at = models.DateTimeField(_("掲載終了日時"), null=True, blank=True)
    relay_kind = models.CharField(_("転載元"), max_length=20, choices=RelayKind.choices, blank=True, default="")
    relay_id = models.PositiveBigIntegerField(_("転載元の番号"), null=True, blank=True)
    # The email run (notices_email_due): users up to this id were handled; `emailed_at` when all were.
    email_cursor = models.PositiveBigIntegerField(_("メール送信済みのユーザー"), default=0)
    emailed_at = models.DateTimeField(_("メール送信日時"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("登録者"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-is_pinned", "-publish_at", "-pk"]
        indexes = [models.Index(fields=["emailed_at", "publish_at"], name="notice_email_due")]
        constraints = [
            models.UniqueConstraint(fields=["institution", "relay_kind", "relay_id"], condition=~Q(relay_kind=""),
                                    name="one_relay_per_bank_and_source",
                                    violation_error_message=_("このお知らせは既に会員企業へ転載済みです。")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def from_operator(self) -> bool:
        return self.institution_id is None

    @property
    def is_published(self) -> bool:
        return self.withdrawn_at is None and self.publish_at <= timezone.now()


class NoticeInstitution(models.Model):
    """A bank whose members an operator's notice addresses (audience chosen)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+", verbose_name=_("お知らせ"))
    institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("金融機関"))

    class Meta:
        verbose_name = _("お知らせの宛先金融機関")
        verbose_name_plural = _("お知らせの宛先金融機関")
        constraints = [models.UniqueConstraint(fields=["notice", "institution"], name="one_notice_institution")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.institution_id}"


class NoticeCompanyQuerySet(TenantQuerySet):
    institution_path = "company__institution"
    company_path = "company"


class NoticeCompany(TenantModel, models.Model):
    """A member company a bank's notice addresses (audience chosen)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+", verbose_name=_("お知らせ"))
    company = models.ForeignKey("members.MemberCompany", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("会員企業"))

    objects = NoticeCompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせの宛先企業")
        verbose_name_plural = _("お知らせの宛先企業")
        constraints = [models.UniqueConstraint(fields=["notice", "company"], name="one_notice_company")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.company_id}"


class NoticeReadQuerySet(TenantQuerySet):
    """A person's own read marks."""

    institution_path = "user__institution"
    company_path = None

    def member_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)

    def fi_admin_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)


class NoticeRead(TenantModel, models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+", verbose_name=_("お知らせ"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("ユーザー"))
    read_at = models.DateTimeField(_("既読日時"), auto_now_add=True)

    objects = NoticeReadQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせの既読")
        verbose_name_plural = _("お知らせの既読")
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="one_read_per_notice_and_user")]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.user_id}"
