from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = _("運用")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.CalendarOverride, models.MaintenanceWindow, models.Incident, models.IncidentEntry):
            auditlog.register(model)

        from bigadvance.page_state import watch_page_models

        watch_page_models()
