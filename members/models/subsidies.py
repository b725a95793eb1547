"""補助金・助成金: a catalogue of public subsidy programmes the operators keep, shown to every member.

Platform-wide data (like the FI registry): no FI or company owns a row, so the queryset is a plain one and
every member sees every published row. Operators write it through `members.subsidies.services` (the Django
admin and `import_subsidies`). A programme targets the whole country or listed prefectures, and every
industry or listed JSIC codes (a major group letter such as "E" 製造業, or a two-digit division such as "24").
"""

from datetime import date

from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from members.matching import industries
from members.prefectures import PREFECTURE_CHOICES

SUBSIDY_TITLE_MAX = 120
SUBSIDY_ORGANISER_MAX = 100
SUBSIDY_SUMMARY_MAX = 2000
SUBSIDY_AMOUNT_MAX = 200
SUBSIDY_URL_MAX = 500
SUBSIDY_EXTERNAL_ID_MAX = 40

https_url_validator = URLValidator(
    schemes=["https"], message=_("公式サイトのURLは https:// で始まる正しいアドレスを入力してください。"))

INDUSTRY_CODE_CHOICES = [*industries.MAJOR_CHOICES,
                         *((code, label) for code, label in industries.DIVISION_LABEL.items())]


def industry_codes_matching(industry: str) -> list[str]:
    """The target codes that include a company's or a filter's industry: the division and its major group,
    or, for a major group, the group and all of its divisions."""
    if industry in industries.DIVISIONS_OF:
        return [industry, *industries.DIVISIONS_OF[industry]]
    major = industries.major_of(industry)
    return [industry, major] if major else [industry]


class SubsidyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_on(self, day: date):
        """Accepting applications on `day` (the end date is the last day; no end date: open until changed)."""
        return self.filter(Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)))

    def upcoming_on(self, day: date):
        return self.filter(starts_on__gt=day)

    def for_prefectures(self, names: list[str]):
        """Nationwide programmes and those targeting any of `names`."""
        listed = SubsidyPrefecture.objects.filter(subsidy=OuterRef("pk"), prefecture__in=names)
        return self.filter(Q(is_nationwide=True) | Exists(listed))

    def for_industry(self, industry: str):
        """Programmes for every industry and those listing `industry` (a division or a major group)."""
        listed = SubsidyIndustry.objects.filter(subsidy=OuterRef("pk"))
        return self.filter(~Exists(listed) | Exists(listed.filter(code__in=industry_codes_matching(industry))))

    def with_targets(self):
        return self.prefetch_related("prefectures", "industries")


class Subsidy(models.Model):
    external_id = models.CharField(_("管理ID"), max_length=SUBSIDY_EXTERNAL_ID_MAX, blank=True,
                                   help_text=_("取り込み用の識別子。同じ管理IDの行は上書きされます。"))
    title = models.CharField(_("名称"), max_length=SUBSIDY_TITLE_MAX)
    organiser = models.CharField(_("実施機関"), max_length=SUBSIDY_ORGANISER_MAX)
    summary = models.TextField(_("概要"), blank=True, validators=[MaxLengthValidator(SUBSIDY_SUMMARY_MAX)])
    is_nationwide = models.BooleanField(_("全国が対象"), default=True)
    amount_text = models.CharField(_("補助額・補助率"), max_length=SUBSIDY_AMOUNT_MAX, blank=True)
    starts_on = models.DateField(_("受付開始日"))
    ends_on = models.DateField(_("受付終了日"), null=True, blank=True, help_text=_("空欄は随時受付です。"))
    # A CharField: URLField's own validator would repeat the https one's message for an http:// address.
    url = models.CharField(_("公式サイト"), max_length=SUBSIDY_URL_MAX, validators=[https_url_validator])
    is_published = models.BooleanField(_("公開"), default=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = SubsidyQuerySet.as_manager()

    class Meta:
        verbose_name = _("補助金・助成金")
        verbose_name_plural = _("補助金・助成金")
        ordering = ["ends_on", "pk"]
        indexes = [models.Index(fields=["is_published", "ends_on"], name="subsidy_published_ends")]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], condition=~Q(external_id=""),
                                    name="subsidy_unique_external_id",
                                    violation_error_message=_("この管理IDは別の補助金で使われています。")),
            models.UniqueConstraint(fields=["title", "organiser"], name="subsidy_unique_title_organiser",
                                    violation_error_message=_("同じ名称・実施機関の補助金が既に登録されています。")),
            models.CheckConstraint(name="subsidy_period_order",
                                   condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   violation_error_message=_("受付終了日は受付開始日以降の日付にしてください。")),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.organiser}）"

    def is_open_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def days_left_on(self, day: date) -> int | None:
        """Days until the last day of application (0 on the last day); None without an end date."""
        return None if self.ends_on is None else (self.ends_on - day).days

    @property
    def target_prefectures(self) -> list[str]:
        """The targeted prefectures in JIS order (from the prefetched rows)."""
        order = {name: index for index, (name, _label) in enumerate(PREFECTURE_CHOICES)}
        return sorted((row.prefecture for row in self.prefectures.all()), key=lambda name: order.get(name, 99))

    @property
    def target_industry_codes(self) -> list[str]:
        return sorted(row.code for row in self.industries.all())

    @property
    def target_industry_labels(self) -> list[str]:
        return [industries.label_of(code) for code in self.target_industry_codes]


class SubsidyPrefecture(models.Model):
    """A prefecture a programme targets (when it is not nationwide)."""

    subsidy = models.ForeignKey(Subsidy, on_delete=models.CASCADE, related_name="prefectures",
                                verbose_name=_("補助金・助成金"))
    prefecture = models.CharField(_("都道府県"), max_length=10, choices=PREFECTURE_CHOICES)

    class Meta:
        verbose_name = _("対象地域")
        verbose_name_plural = _("対象地域")
        constraints = [models.UniqueConstraint(fields=["subsidy", "prefecture"], name="subsidy_prefecture_once")]
        indexes = [models.Index(fields=["prefecture"], name="subsidy_prefecture_name")]

    def __str__(self) -> str:
        return self.prefecture


class SubsidyIndustry(models.Model):
    """An industry a programme targets: a JSIC major group ("E") or division ("24"). None listed: every one."""

    subsidy = models.ForeignKey(Subsidy, on_delete=models.CASCADE, related_name="industries",
                                verbose_name=_("補助金・助成金"))
    code = models.CharField(_("業種"), max_length=2, choices=INDUSTRY_CODE_CHOICES)

    class Meta:
        verbose_name = _("対象業種")
        verbose_name_plural = _("対象業種")
        constraints = [models.UniqueConstraint(fields=["subsidy", "code"], name="subsidy_industry_once")]
        indexes = [models.Index(fields=["code"], name="subsidy_industry_code")]

    def __str__(self) -> str:
        return industries.label_of(self.code)
