"""Email delivery in the worker. Thin: ids in, one service call, safe to rerun (a row is sent at most once)."""

from celery import shared_task

from ops.services import emails as services
from ops.tasks.retry import RETRY

__all__ = ["emails_deliver_task"]


@shared_task(**RETRY)
def emails_deliver_task(ids: list[int]) -> int:
    return services.emails_deliver(ids=ids)
