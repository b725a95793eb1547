from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """An operator's exception to the national calendar: an extra closed day or an extra open day."""

    date = models.DateField(_("日付"), unique=True)
    is_business_day = models.BooleanField(_("営業日とする"), default=False)
    note = models.CharField(_("理由"), max_length=200)

    class Meta:
        verbose_name = _("営業日の例外")
        verbose_name_plural = _("営業日の例外")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} ({'open' if self.is_business_day else 'closed'})"
