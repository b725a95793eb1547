"""Keep a company's search columns in step with every save, whichever path wrote it (console, admin, demo)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import MemberCompany


@receiver(post_save, sender=MemberCompany, dispatch_uid="matching-index-company")
def reindex_company(sender, instance: MemberCompany, raw: bool = False, **kwargs) -> None:
    if not raw:
        from .services import index_company

        index_company(instance)
