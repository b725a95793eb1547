"""Who accepted which version of the operating terms (運営規約), when and from where (DOC-2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.tenancy import TenantModel, TenantQuerySet


class TermsAcceptanceQuerySet(TenantQuerySet):
    """Tenant data through the person: an FI admin sees its FI's people's acceptances; members see none (their
    colleagues' addresses are not theirs to read); the service company's own staff belong to no tenant
    (operators see counts only)."""

    institution_path = "user__institution"
    company_path = None


class TermsAcceptance(TenantModel, models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="terms_acceptances",
                             verbose_name=_("ユーザー"))
    document = models.ForeignKey("members.ServiceDocument", on_delete=models.PROTECT, related_name="acceptances",
                                 verbose_name=_("運営規約の版"))
    accepted_at = models.DateTimeField(_("同意日時"))
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)

    objects = TermsAcceptanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("運営規約への同意")
        verbose_name_plural = _("運営規約への同意")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="one_acceptance_per_user_and_version"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.document_id}"
