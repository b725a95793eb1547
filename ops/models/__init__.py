from .calendar import CalendarOverride
from .emails import EmailLog
from .incidents import Incident, IncidentEntry
from .maintenance import MaintenanceWindow
from .monitoring import HealthCheckResult, Heartbeat

__all__ = [
    "CalendarOverride", "EmailLog", "HealthCheckResult", "Heartbeat", "Incident", "IncidentEntry",
    "MaintenanceWindow",
]
