"""Celery tasks for members. Thin: ids in, one service call, retried with backoff, idempotent."""

from celery import shared_task

from members.deals.tasks import deals_remind_and_expire_task  # noqa: F401 - registered with the worker here
from members.matching import needs, recommendation_services
from members.notices.tasks import digests_send_task, notices_email_due_task  # noqa: F401 - registered here too
from members.security.tasks import sessions_prune_task  # noqa: F401 - registered with the worker here
from ops.tasks.retry import RETRY

__all__ = [
    "needs_expire_task", "recommendations_refresh_all_task", "recommendations_refresh_chunk_task",
    "recommendations_refresh_company_task",
]


@shared_task(**RETRY)
def needs_expire_task() -> int:
    return needs.needs_expire_past_deadline()


@shared_task(**RETRY)
def recommendations_refresh_company_task(company_id: int) -> int:
    return recommendation_services.recommendations_refresh_requested(company_id=company_id)


@shared_task(**RETRY)
def recommendations_refresh_chunk_task(company_ids: list[int]) -> int:
    return recommendation_services.recommendations_refresh(company_ids=company_ids)


@shared_task(**RETRY)
def recommendations_refresh_all_task() -> int:
    return recommendation_services.recommendations_refresh_all()
