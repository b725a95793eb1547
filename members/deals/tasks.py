"""Celery tasks for deals. Thin: one service call, retried with backoff, idempotent."""

from celery import shared_task

from ops.tasks.retry import RETRY

from . import services


@shared_task(**RETRY)
def deals_remind_and_expire_task() -> dict[str, int]:
    return services.deals_remind_and_expire()
