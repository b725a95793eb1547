from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("サポートデスク")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ops.signals import incident_step_reached

        from . import models
        from .services.incidents import on_incident_step

        incident_step_reached.connect(on_incident_step, dispatch_uid="support.incident_relay")
        auditlog.register(models.Ticket)
        auditlog.register(models.CannedReply)
