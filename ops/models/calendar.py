from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ops.calendar import FIRST_DAY, LAST_DAY, overrides_changed


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

    def clean(self) -> None:
        if self.date and not FIRST_DAY <= self.date <= LAST_DAY:
            raise ValidationError({"date": gettext("日付は%(first)d年から%(last)d年までの間で指定してください。")
                                   % {"first": FIRST_DAY.year, "last": LAST_DAY.year}})


# Every process keeps the overrides in memory: any change, by whatever path, bumps the version after commit.
@receiver([post_save, post_delete], sender=CalendarOverride)
def _calendar_override_changed(**kwargs) -> None:
    transaction.on_commit(overrides_changed)
