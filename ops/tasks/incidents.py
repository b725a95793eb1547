"""Tasks for incidents and monitoring. Thin: ids in, one service call, retried with backoff, safe to rerun."""

from celery import shared_task

from ops.services import monitoring as monitoring_services
from ops.tasks.retry import RETRY

__all__ = [
    "heartbeat_task", "run_health_checks_task",
]

@shared_task(**RETRY)
def run_health_checks_task() -> int:
    return len(monitoring_services.health_checks_run())


@shared_task(**RETRY)
def heartbeat_task() -> None:
    """Run by the worker on beat's schedule: a fresh row proves both are alive (the `worker` check)."""
    monitoring_services.heartbeat_record(name="worker")


