"""A member's email preferences: per kind of notification, at once or in a daily digest (10:00, business days).

No row means "at once". A digest user's notifications wait as `DigestItem`s until the next digest run
(members/notify.py); each item remembers the subject line its own email would have had and where to look.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..tenancy import TenantModel, TenantQuerySet


class NotificationKind(models.TextChoices):
    DEAL = "deal", _("商談の進捗")
    CONSULTATION = "consultation", _("金融機関からの相談への回答")
    NOTICE = "notice", _("お知らせ")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("その都度メールで受け取る")
    DIGEST = "digest", _("1日1回まとめて受け取る（営業日の10:00）")


class OwnRowsQuerySet(TenantQuerySet):
    """Rows that belong to one person: each person sees only their own."""

    institution_path = "user__institution"
    company_path = None

    def member_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)

    def fi_admin_rows(self, user) -> Q | None:
        return Q(user_id=user.pk)


class NotificationPreference(TenantModel, models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("ユーザー"))
    kind = models.CharField(_("通知の種類"), max_length=20, choices=NotificationKind.choices)
    delivery = models.CharField(_("受け取り方"), max_length=20, choices=Delivery.choices,
                                default=Delivery.IMMEDIATE)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("メール通知の設定")
        verbose_name_plural = _("メール通知の設定")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class DigestItem(TenantModel, models.Model):
    """One notification waiting for the user's next digest email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("ユーザー"))
    kind = models.CharField(_("通知の種類"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("件名"), max_length=255)
    link = models.CharField(_("リンク先"), max_length=200, blank=True)
    reference = models.CharField(_("参照"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("発生日時"), auto_now_add=True)
    sent_at = models.DateTimeField(_("まとめて送信した日時"), null=True, blank=True)

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("まとめて送る通知")
        verbose_name_plural = _("まとめて送る通知")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["user", "created_at"], condition=Q(sent_at__isnull=True),
                                name="digest_item_pending")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.title}"
