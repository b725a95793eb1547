from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("会員・金融機関")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, signals  # noqa: F401
        from .matching import signals as matching_signals  # noqa: F401
        from .security import signals as security_signals  # noqa: F401
        from .twofactor import signals as twofactor_signals  # noqa: F401

        auditlog.register(models.FinancialInstitution)
        auditlog.register(models.MaintenanceContact)
        auditlog.register(models.MemberCompany, exclude_fields=["search_text", "search_vector", "match_terms"])
        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        auditlog.register(models.Subsidy, exclude_fields=["search_text"])
        auditlog.register(models.MembershipApplication)
        # Issue 8: who published, scheduled, pinned or withdrew a notice; who closed a consultation.
        auditlog.register(models.Notice, exclude_fields=["email_cursor", "emailed_at"])
        auditlog.register(models.Consultation, include_fields=["status", "closed_at", "closed_by"])
        auditlog.register(models.InstitutionSettings)
