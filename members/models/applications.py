"""Membership applications (入会申込): a company asks its own bank to join Big Advance.

applied (the applicant must confirm the email address) → verified (the bank decides) → approved (the company
and its first user exist, the user is invited) or refused (with a reason, emailed). Rules in members/join/.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from members.matching import industries
from members.matching.validators import validate_corporate_number
from members.prefectures import PREFECTURE_CHOICES
from members.tenancy import TenantModel, TenantQuerySet

REFUSAL_REASON_MAX = 1000
EMPLOYEES_MAX = 1_000_000


class MembershipApplicationQuerySet(TenantQuerySet):
    """An FI's data: its admins see its applications; members see none (they are not members yet)."""

    institution_path = "institution"
    company_path = None


class MembershipApplication(TenantModel, models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("メール確認待ち")
        VERIFIED = "verified", _("審査待ち")
        APPROVED = "approved", _("承認済み")
        REFUSED = "refused", _("お断り")

    OPEN_STATUSES = (Status.APPLIED, Status.VERIFIED)

    institution = models.ForeignKey("members.FinancialInstitution", on_delete=models.PROTECT,
                                    related_name="applications", verbose_name=_("申込先の金融機関"))
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    company_name = models.CharField(_("会社名"), max_length=120)
    corporate_number = models.CharField(_("法人番号"), max_length=13, blank=True,
                                        validators=[validate_corporate_number])
    representative = models.CharField(_("代表者"), max_length=60)
    prefecture = models.CharField(_("都道府県"), max_length=10, choices=PREFECTURE_CHOICES)
    city = models.CharField(_("市区町村"), max_length=60)
    street = models.CharField(_("番地・建物名"), max_length=120)
    industry = models.CharField(_("業種"), max_length=60, choices=industries.CHOICES)
    employees = models.PositiveIntegerField(_("従業員数"), validators=[MaxValueValidator(EMPLOYEES_MAX)])
    contact_name = models.CharField(_("ご担当者名"), max_length=100)
    email = models.EmailField(_("メールアドレス"))
    branch_name = models.CharField(_("お取引店"), max_length=60)
    account_confirmed = models.BooleanField(_("お取引店に口座があることの確認"), default=False)
    terms_document = models.ForeignKey("members.ServiceDocument", on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("同意した運営規約"))
    ip_address = models.GenericIPAddressField(_("申込元IPアドレス"), null=True, blank=True)
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    verified_at = models.DateTimeField(_("メール確認日時"), null=True, blank=True)
    decided_at = models.DateTimeField(_("審査日時"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("審査者"))
    refusal_reason = models.TextField(_("お断りの理由"), blank=True,
                                      validators=[MaxLengthValidator(REFUSAL_REASON_MAX)])
    company = models.ForeignKey("members.MemberCompany", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("登録した会員企業"))
    first_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("最初のユーザー"))

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("入会申込")
        verbose_name_plural = _("入会申込")
        ordering = ["-created_at"]
        constraints = [
            # one open application per address: a second one is answered like any other (members/join)
            models.UniqueConstraint(Lower("email"), condition=Q(status__in=["applied", "verified"]),
                                    name="one_open_application_per_email"),
        ]
        indexes = [models.Index(fields=["institution", "status"], name="application_inst_status")]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.get_status_display()})"

    @property
    def address(self) -> str:
        return f"{self.prefecture}{self.city}{self.street}"
