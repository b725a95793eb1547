"""Tasks for maintenance windows and notifications. Thin: ids in, one service call, retried with backoff."""

from celery import shared_task

from ops.services import emails as email_services
from ops.services import maintenance as services
from ops.tasks.retry import RETRY

__all__ = [
    "maintenance_advance_states_task", "maintenance_send_reminders_task",
    "maintenance_weekly_generate_task", "notifications_send_due_task",
]

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
    """Beat's every-minute sweep of the whole outbox (held, retried and stranded emails), not only maintenance."""
    return email_services.emails_send_due()
