"""Recommendations: for each member company, the open needs of other companies most relevant to it, with the
reasons in words. Computed by a Celery job (members.matching.recommendations) and stored; a dismissed one
(興味なし) keeps its row so that it never comes back."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.tenancy import TenantModel, TenantQuerySet


class RecommendationQuerySet(TenantQuerySet):
    institution_path = "company__institution"
    company_path = "company"

    def shown(self):
        """Not dismissed, and the need still open and published (it may have closed since the last run)."""
        from .needs import Need

        return self.filter(dismissed_at__isnull=True,
                           need__in=Need.objects.published_for_matching().values("pk"))


class Recommendation(TenantModel, models.Model):
    company = models.ForeignKey("members.MemberCompany", on_delete=models.CASCADE, related_name="recommendations",
                                verbose_name=_("会員企業"))
    need = models.ForeignKey("members.Need", on_delete=models.CASCADE, related_name="+", verbose_name=_("ニーズ"))
    score = models.FloatField(_("スコア"), default=0.0)
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    computed_at = models.DateTimeField(_("計算日時"))
    dismissed_at = models.DateTimeField(_("興味なしにした日時"), null=True, blank=True)
    dismissed_by = models.ForeignKey("members.User", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("興味なしにしたユーザー"))

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("おすすめ")
        verbose_name_plural = _("おすすめ")
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["company", "need"], name="unique_recommendation")]
        indexes = [models.Index(fields=["company", "dismissed_at", "-score"], name="recommendation_shown")]

    def __str__(self) -> str:
        return f"{self.company_id} ← {self.need_id} ({self.score:.2f})"
