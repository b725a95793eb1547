"""Identity and tenancy: the financial institutions (tenants), their member companies and every account."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from bigadvance.choices import FastChoiceDisplay
from members.field_rules import kana_validator, to_katakana, validate_founded_year
from members.matching import industries
from members.prefectures import PREFECTURE_CHOICES

from ..tenancy import TenantModel, TenantQuerySet
from .profiles import CompanyProfile, CompanyProfileQueries


class FinancialInstitution(models.Model):
    class Kind(models.TextChoices):
        BANK = "bank", _("銀行")
        SHINKIN = "shinkin", _("信用金庫")
        CREDIT_UNION = "credit_union", _("信用組合")

    class Status(models.TextChoices):
        ACTIVE = "active", _("契約中")
        TERMINATED = "terminated", _("契約終了")

    code = models.CharField(
        _("金融機関コード"), max_length=4, unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("金融機関コードは4桁の数字です。"))],
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("業態"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("契約状態"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    terminated_at = models.DateTimeField(_("契約終了日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("契約金融機関")
        verbose_name_plural = _("契約金融機関")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class MaintenanceContactQuerySet(TenantQuerySet):
    institution_path = "institution"
    company_path = None  # FI data: members see none


class MaintenanceContact(TenantModel, models.Model):
    """An address an FI designated for maintenance and outage notices (OPS-4)."""

    institution = models.ForeignKey(
        FinancialInstitution, on_delete=models.CASCADE, related_name="maintenance_contacts",
        verbose_name=_("契約金融機関"),
    )
    name = models.CharField(_("担当者・部署名"), max_length=100)
    email = models.EmailField(_("メールアドレス"))

    objects = MaintenanceContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("メンテナンス連絡先")
        verbose_name_plural = _("メンテナンス連絡先")
        constraints = [
            models.UniqueConstraint(fields=["institution", "email"], name="unique_contact_per_institution"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class MemberCompanyQuerySet(CompanyProfileQueries, TenantQuerySet):
    institution_path = "institution"
    company_path = "pk"

    def published_for_matching(self) -> "MemberCompanyQuerySet":
        """Published profiles of running companies of running FIs: every member of every bank sees these."""
        return self.filter(
            is_published=True, status=MemberCompany.Status.ACTIVE,
            institution__status=FinancialInstitution.Status.ACTIVE,
        )._mark_platform_wide()


class MemberCompany(FastChoiceDisplay, TenantModel, CompanyProfile):
    """A business customer of one FI. Its profile is seen platform-wide only when published."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("利用中")
        SUSPENDED = "suspended", _("利用停止")

    institution = models.ForeignKey(
        FinancialInstitution, on_delete=models.PROTECT, related_name="companies", verbose_name=_("契約金融機関"),
    )
    name = models.CharField(_("会社名"), max_length=120)
    name_kana = models.CharField(_("会社名（カナ）"), max_length=120, blank=True, validators=[kana_validator],
                                 help_text=_("カタカナで入力します（ひらがな・半角カナは自動でカタカナにします）。"))
    industry = models.CharField(_("業種"), max_length=60, choices=industries.CHOICES)
    prefecture = models.CharField(_("都道府県"), max_length=10, choices=PREFECTURE_CHOICES)
    city = models.CharField(_("市区町村"), max_length=60, blank=True)
    representative = models.CharField(_("代表者"), max_length=60, blank=True)
    employees = models.PositiveIntegerField(_("従業員数"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("創業年"), null=True, blank=True,
                                                    validators=[validate_founded_year])
    description = models.TextField(_("事業内容"), blank=True)
    is_published = models.BooleanField(_("マッチングに公開"), default=False)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    status = models.CharField(_("利用状態"), max_length=20, choices=Status.choices, default=Status.ACTIVE)

    objects = MemberCompanyQuerySet.as_manager()

    class Meta(CompanyProfile.Meta):
        verbose_name = _("会員企業")
        verbose_name_plural = _("会員企業")
        ordering = ["institution_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="unique_company_name_per_institution"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None) -> None:
        self.name_kana = to_katakana(self.name_kana)  # accept how people type kana, then validate
        super().clean_fields(exclude=exclude)


class Role(models.TextChoices):
    MEMBER = "member", _("会員企業ユーザー")
    FI_ADMIN = "fi_admin", _("金融機関管理者")
    SUPPORT = "support", _("サポート担当")
    SYSTEM_LEAD = "system_lead", _("システム統括")
    OPERATOR = "operator", _("運用担当")


STAFF_ROLES = (Role.SUPPORT, Role.SYSTEM_LEAD, Role.OPERATOR)

login_id_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$",
    _("ログインIDは英数字と . _ @ - の3〜64文字で、英数字で始めてください。"),
)


class AccountQuerySet(TenantQuerySet):
    """Accounts are tenant data: a member sees its company's accounts, an FI admin its FI's."""

    institution_path = "institution"
    company_path = "company"

    def staff(self) -> "AccountQuerySet":
        """The service company's own accounts (support, system lead, operators): platform data, no tenant's."""
        return self.filter(role__in=STAFF_ROLES, institution__isnull=True)._mark_platform_wide()


class AccountManager(UserManager.from_queryset(AccountQuerySet)):
    """Applies the password rules (PWD-1) here too, so `createsuperuser` cannot bypass them."""

    def _create_user(self, username, email, password, **extra_fields):
        if password is not None:
            from django.contrib.auth.password_validation import validate_password

            validate_password(password, self.model(username=username, email=email or "", **extra_fields))
        return super()._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.OPERATOR)
        return super().create_superuser(username, email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.unscoped("signing in by login ID").get(username__iexact=username)


class User(FastChoiceDisplay, TenantModel, AbstractUser):
    """One account is one named person (USR-1); an FI manages the IDs of its admins and members."""

    username = models.CharField(
        _("ログインID"), max_length=64, unique=True, validators=[login_id_validator],
        error_messages={"unique": _("このログインIDは既に使われています。")},
    )
    email = models.EmailField(
        _("メールアドレス"), unique=True, error_messages={"unique": _("このメールアドレスは既に使われています。")},
    )
    full_name = models.CharField(_("氏名"), max_length=100)
    role = models.CharField(_("権限"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    institution = models.ForeignKey(
        FinancialInstitution, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("契約金融機関"),
    )
    company = models.ForeignKey(
        MemberCompany, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("会員企業"),
    )

    REQUIRED_FIELDS = ["email", "full_name"]
    objects = AccountManager()

    class Meta:
        verbose_name = _("ユーザー")
        verbose_name_plural = _("ユーザー")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="unique_login_id_ci",
                                    violation_error_message=_("このログインIDは既に使われています。")),
            models.UniqueConstraint(Lower("email"), name="unique_email_ci",
                                    violation_error_message=_("このメールアドレスは既に使われています。")),
            models.CheckConstraint(
                name="role_matches_tenant",
                condition=(
                    models.Q(role=Role.MEMBER, institution__isnull=False, company__isnull=False)
                    | models.Q(role=Role.FI_ADMIN, institution__isnull=False, company__isnull=True)
                    | models.Q(role__in=STAFF_ROLES, institution__isnull=True, company__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})"

    def clean(self) -> None:
        super().clean()
        if self.role == Role.MEMBER:
            if not self.company_id:
                raise ValidationError({"company": _("会員企業ユーザーには会員企業が必要です。")})
            self.institution_id = self.company.institution_id
        elif self.role == Role.FI_ADMIN:
            if not self.institution_id:
                raise ValidationError({"institution": _("金融機関管理者には契約金融機関が必要です。")})
            self.company = None
        else:
            self.institution = None
            self.company = None
        if self.email:
            self.email = self.email.strip().lower()
        others = User.objects.unscoped("login ID and email are unique platform-wide").exclude(pk=self.pk)
        if self.username and others.filter(username__iexact=self.username).exists():
            raise ValidationError({"username": _("このログインIDは既に使われています。")})
        if self.email and others.filter(email__iexact=self.email).exists():
            raise ValidationError({"email": _("このメールアドレスは既に使われています。")})

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_fi_admin(self) -> bool:
        return self.role == Role.FI_ADMIN
