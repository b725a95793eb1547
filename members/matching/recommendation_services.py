"""Writes for recommendations: refresh (the Celery job's work), schedule, dismiss (興味なし)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import MemberCompany, Recommendation, User

from .recommendations import Corpus, company_docs, per_company

logger = logging.getLogger(__name__)


def _companies():
    return MemberCompany.objects.unscoped("the recommendation job serves every running company")


def recommendations_refresh(*, company_ids: list[int]) -> int:
    """Recompute and store the recommendations of these companies; a dismissed need stays dismissed.
    Each company is written in its own short transaction; returns the rows stored."""
    started = timezone.now()  # a change after this moment asks for another run
    corpus = Corpus.load()
    return sum(_store(company.pk, corpus, company, started) for company in company_docs(company_ids))


def recommendations_refresh_requested(*, company_id: int) -> int:
    """The job queued after a change: a no-op when a run since the request has already covered it, so
    several quick changes cost one computation."""
    company = _companies().filter(pk=company_id).values("recommendations_requested_at",
                                                        "recommendations_computed_at").first()
    if company is None:
        return 0
    requested, computed = company["recommendations_requested_at"], company["recommendations_computed_at"]
    if computed is not None and (requested is None or computed >= requested):
        return 0
    return recommendations_refresh(company_ids=[company_id])


@transaction.atomic
def _store(company_id: int, corpus: Corpus, company, started) -> int:
    rows = Recommendation.objects.unscoped("the recommendation job rewrites one company's rows").filter(
        company_id=company_id)
    dismissed = set(rows.filter(dismissed_at__isnull=False).values_list("need_id", flat=True))
    now = timezone.now()
    best = corpus.recommend(company, exclude=dismissed, limit=per_company())
    rows.filter(dismissed_at__isnull=True).delete()
    Recommendation.objects.bulk_create([
        Recommendation(company_id=company_id, need_id=need_id, score=score, reasons=reasons, computed_at=now)
        for need_id, score, reasons in best])
    _companies().filter(pk=company_id).update(recommendations_computed_at=started)
    return len(best)


def recommendations_refresh_all(*, chunk_size: int | None = None) -> int:
    """Nightly: queue one job per chunk of running companies (each chunk loads the needs once)."""
    from members.tasks import recommendations_refresh_chunk_task

    chunk_size = chunk_size or settings.RECOMMENDATIONS_CHUNK_SIZE
    ids = list(_companies().filter(status=MemberCompany.Status.ACTIVE, institution__status="active")
               .order_by("pk").values_list("pk", flat=True))
    chunks = [ids[start:start + chunk_size] for start in range(0, len(ids), chunk_size)]
    for chunk in chunks:
        recommendations_refresh_chunk_task.delay(chunk)
    return len(chunks)


def recommendations_refresh_soon(*, company_id: int) -> None:
    """After a company's profile or needs change: recompute its list shortly after the commit. If the broker
    cannot take the job, the change still stands and the nightly run catches up."""
    _companies().filter(pk=company_id).update(recommendations_requested_at=timezone.now())

    def enqueue() -> None:
        from members.tasks import recommendations_refresh_company_task

        try:
            recommendations_refresh_company_task.apply_async(
                (company_id,), countdown=settings.RECOMMENDATIONS_REFRESH_DELAY_SECONDS)
        except Exception:  # the broker is down: never fail the person's request for it
            logger.exception("could not queue the recommendation refresh of company %s", company_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def recommendation_dismiss(*, recommendation_id, actor: User) -> Recommendation:
    """興味なし: the member's company never sees this need recommended again."""
    try:
        recommendation = Recommendation.objects.visible_to(actor).select_for_update().get(pk=recommendation_id)
    except (Recommendation.DoesNotExist, ValueError, TypeError) as exc:
        raise ValidationError(_("このおすすめは見つかりません。")) from exc
    if recommendation.dismissed_at is None:
        recommendation.dismissed_at, recommendation.dismissed_by = timezone.now(), actor
        recommendation.save(update_fields=["dismissed_at", "dismissed_by"])
    return recommendation
