from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bigadvance.choices import FastChoiceDisplay


class ServiceDocument(FastChoiceDisplay, models.Model):
    """One posted version of a platform document (DOC-1). A version applies from the moment it is posted."""

    class Kind(models.TextChoices):
        SERVICE_SPECIFICATION = "specification", _("サービス仕様書")
        OPERATING_TERMS = "terms", _("Big Advance運営規約")
        LICENSE_AGREEMENT = "license", _("ソフトウェア使用許諾契約書")

    kind = models.CharField(_("文書"), max_length=20, choices=Kind.choices)
    version = models.CharField(_("版"), max_length=20)
    body = models.TextField(_("本文"))
    change_summary = models.TextField(_("変更内容"))
    posted_at = models.DateTimeField(_("掲示日時"), db_index=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("掲示者"))

    class Meta:
        verbose_name = _("サービス文書")
        verbose_name_plural = _("サービス文書")
        ordering = ["kind", "-posted_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="unique_document_version",
                                    violation_error_message=_("この版は既に掲示されています。")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ver. {self.version}"
