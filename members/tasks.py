"""Celery tasks for members. Thin: ids in, one service call, retried with backoff, idempotent."""

from celery import shared_task

from members.deals.tasks import deals_remind_and_expire_task  # noqa: F401 - registered with the worker here
from members.matching import needs
from ops.tasks.retry import RETRY

__all__ = ["needs_expire_task"]


@shared_task(**RETRY)
def needs_expire_task() -> int:
    return needs.needs_expire_past_deadline()
