"""Demo maintenance windows: the coming weekly slots and one announced ad-hoc window (idempotent)."""

from datetime import datetime, timedelta

from django.utils import timezone

from ops.calendar import TOKYO, add_business_days
from ops.models import MaintenanceWindow
from ops.services.maintenance import maintenance_schedule, maintenance_weekly_generate

DEMO_ADHOC_MESSAGE = "ストレージ機器の交換のため、サービスを停止します。ご不便をおかけしますが、ご理解のほどお願いいたします。"


def seed() -> None:
    maintenance_weekly_generate()
    already = MaintenanceWindow.objects.filter(
        kind=MaintenanceWindow.Kind.ADHOC, message=DEMO_ADHOC_MESSAGE,
        status__in=[MaintenanceWindow.Status.SCHEDULED, MaintenanceWindow.Status.IN_PROGRESS],
    ).exists()
    if already:
        return
    day = add_business_days(timezone.localdate(), 6)
    starts_at = datetime(day.year, day.month, day.day, 20, 0, tzinfo=TOKYO)
    maintenance_schedule(kind=MaintenanceWindow.Kind.ADHOC, starts_at=starts_at,
                         ends_at=starts_at + timedelta(hours=2), message=DEMO_ADHOC_MESSAGE)
