"""Security alert tasks. Thin: one service call, safe to rerun (a digest reports each event once)."""

from celery import shared_task

from ops.tasks.retry import RETRY

from . import services


@shared_task(**RETRY)
def security_alerts_send_task() -> int:
    return services.security_alerts_send()
