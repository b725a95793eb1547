"""Celery tasks for notices and the daily digest. Thin: one service call, retried with backoff, idempotent."""

from celery import shared_task

from members import notify
from ops.tasks.retry import RETRY

from . import services


@shared_task(**RETRY)
def notice_email_task(notice_id: int) -> int:
    return services.notice_email(notice_id=notice_id)


@shared_task(**RETRY)
def notices_email_due_task() -> int:
    return services.notices_email_due()


@shared_task(**RETRY)
def digests_send_task() -> int:
    return notify.digests_send()
