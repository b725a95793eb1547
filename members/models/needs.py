"""ニーズ: what a member company wants (to sell, to buy, a partner, advice), seen by members of every bank.

A need is open until its company closes it or its deadline passes (then it is expired; beat marks it, and
every read treats a past deadline as expired already). A deal request refers to one need.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bigadvance.choices import FastChoiceDisplay
from members.matching import industries
from members.matching.fields import TokenVectorField, TokenVectorIndex
from members.matching.regions import JIS_ORDER, PREFECTURE_CHOICES
from members.tenancy import TenantModel, TenantQuerySet

NEED_TITLE_MAX = 80
NEED_BODY_MAX = 4000


def today_in_tokyo():
    return timezone.localdate()


def _open_q() -> Q:
    """Open and not past its deadline (today's deadline still counts as open)."""
    return Q(status=Need.Status.OPEN) & (Q(deadline__isnull=True) | Q(deadline__gte=today_in_tokyo()))


class NeedQuerySet(TenantQuerySet):
    """Needs are tenant data (members/tenancy.py) with a platform-wide part: the open needs of published
    companies, which members of every bank see."""

    institution_path = "company__institution"
    company_path = "company"

    def open(self):
        return self.filter(_open_q())

    def published_for_matching(self):
        """Open needs of published, running companies of FIs under contract."""
        return self.filter(_open_q(), company__is_published=True, company__status="active",
                           company__institution__status="active")._mark_platform_wide()

    def readable_by(self, user):
        """What a user may open: the platform-wide needs and, by role, its own (a member: its company's)."""
        return self.published_for_matching() | self.visible_to(user)

    def with_regions(self):
        """Prefetch the targeted prefectures: parts of needs this queryset already scoped."""
        return self.prefetch_related(models.Prefetch(
            "regions", queryset=NeedRegion.objects.unscoped("the regions of needs scoped by the outer query")))

    def editable_by(self, user):
        """Needs the user may change: a member, those of its own company; nobody else any."""
        from members.policies import is_member

        return self.visible_to(user) if is_member(user) else self.none()


class Need(FastChoiceDisplay, TenantModel, models.Model):
    class Kind(models.TextChoices):
        SELL = "sell", _("売りたい")
        BUY = "buy", _("買いたい")
        PARTNER = "partner", _("協業したい")
        CONSULT = "consult", _("相談したい")

    class Status(models.TextChoices):
        OPEN = "open", _("募集中")
        CLOSED = "closed", _("募集終了")
        EXPIRED = "expired", _("期限切れ")

    company = models.ForeignKey("members.MemberCompany", on_delete=models.CASCADE, related_name="needs",
                                verbose_name=_("会員企業"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("投稿者"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("タイトル"), max_length=NEED_TITLE_MAX)
    body = models.TextField(_("内容"), validators=[MaxLengthValidator(NEED_BODY_MAX)])
    industry = models.CharField(_("関連する業種"), max_length=2, choices=industries.CHOICES, blank=True)
    is_nationwide = models.BooleanField(_("全国が対象"), default=True)
    budget_min = models.PositiveIntegerField(_("予算の下限（万円）"), null=True, blank=True)
    budget_max = models.PositiveIntegerField(_("予算の上限（万円）"), null=True, blank=True)
    deadline = models.DateField(_("募集期限"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = TokenVectorField()
    match_terms = models.JSONField(editable=False, blank=True, default=dict)  # for recommendations

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ニーズ")
        verbose_name_plural = _("ニーズ")
        ordering = ["-created_at", "-pk"]
        indexes = [
            TokenVectorIndex(fields=["search_vector"], name="need_search_gin", fastupdate=False),
            models.Index(fields=["status", "deadline"], name="need_status_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                name="need_budget_range",
                condition=Q(budget_min__isnull=True) | Q(budget_max__isnull=True) | Q(budget_min__lte=models.F("budget_max")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def effective_status(self) -> str:
        """The status a person should see: an open need past its deadline is already expired."""
        if self.status == self.Status.OPEN and self.deadline and self.deadline < today_in_tokyo():
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(self.Status(self.effective_status).label)

    @property
    def is_open(self) -> bool:
        return self.effective_status == self.Status.OPEN

    @property
    def target_prefectures(self) -> list[str]:
        """The targeted prefectures in JIS order (from the prefetched regions)."""
        return sorted((region.prefecture for region in self.regions.all()), key=lambda name: JIS_ORDER.get(name, 99))

    @property
    def industry_major(self) -> str:
        return industries.major_of(self.industry)


class NeedRegionQuerySet(TenantQuerySet):
    institution_path = "need__company__institution"
    company_path = "need__company"


class NeedRegion(TenantModel, models.Model):
    """A prefecture a need targets (when it is not nationwide)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="regions", verbose_name=_("ニーズ"))
    prefecture = models.CharField(_("都道府県"), max_length=10, choices=PREFECTURE_CHOICES)

    objects = NeedRegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("対象地域")
        verbose_name_plural = _("対象地域")
        constraints = [models.UniqueConstraint(fields=["need", "prefecture"], name="unique_need_region")]
        indexes = [models.Index(fields=["prefecture", "need"], name="need_region_prefecture")]

    def __str__(self) -> str:
        return self.prefecture


class NeedBookmarkQuerySet(TenantQuerySet):
    """A bookmark is personal: its user sees it, nobody else (not even the FI)."""

    institution_path = "user__institution"
    company_path = "user__company"

    def member_rows(self, user) -> Q:
        return Q(user_id=user.pk)

    def fi_admin_rows(self, user) -> None:
        return None


class NeedBookmark(TenantModel, models.Model):
    """気になる: a member user's bookmark on a need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("ニーズ"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_bookmarks",
                             verbose_name=_("ユーザー"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    objects = NeedBookmarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("気になる")
        verbose_name_plural = _("気になる")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["need", "user"], name="unique_need_bookmark")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.need_id}"
