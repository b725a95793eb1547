"""Tasks for maintenance windows and notifications. Thin: ids in, one service call, retried with backoff."""

from celery import shared_task

from ops import notifications
from ops.services import maintenance as services
from ops.tasks.retry import RETRY

__all__ = [
    "maintenance_advance_states_task", "maintenance_notice_send_task", "maintenance_send_reminders_task",
    "maintenance_weekly_generate_task", "notifications_send_due_task",
]

@shared_task(**RETRY)
def maintenance_notice_send_task(window_id: int, notice: str) -> int:
    return services.maintenance_notice_send(window_id=window_id, notice=notice)


@shared_task(**RETRY)
def maintenance_weekly_generate_task() -> int:
    return len(services.maintenance_weekly_generate())


@shared_task(**RETRY)
def maintenance_advance_states_task() -> dict[str, int]:
    return services.maintenance_advance_states()


@shared_task(**RETRY)
def maintenance_send_reminders_task() -> int:
    return services.maintenance_send_reminders()


@shared_task(**RETRY)
def notifications_send_due_task() -> int:
    return notifications.notifications_send_due()
