from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CANNED_TITLE_MAX = 100
CANNED_BODY_MAX = 5000


class CannedReply(models.Model):
    """A reply text the desk reuses (定型文). The service company's own data: no FI owns it."""

    title = models.CharField(_("名前"), max_length=CANNED_TITLE_MAX, unique=True,
                             error_messages={"unique": _("同じ名前の定型文が既にあります。")})
    body = models.TextField(_("本文"), max_length=CANNED_BODY_MAX)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("定型文")
        verbose_name_plural = _("定型文")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
