"""Celery task: forget the records of sessions that expired without a logout (thin, idempotent)."""

from celery import shared_task

from ops.tasks.retry import RETRY

from .sessions import sessions_prune


@shared_task(**RETRY)
def sessions_prune_task() -> int:
    return sessions_prune()
