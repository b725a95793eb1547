"""Writes on terms acceptance (DOC-2)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import ServiceDocument, TermsAcceptance, User

from .state import current_terms


@transaction.atomic
def terms_accept(*, user: User, document: ServiceDocument, ip_address: str | None) -> TermsAcceptance:
    """Record that `user` accepts `document`, which must be the operating terms in force now. Accepting the
    same version again changes nothing (the first acceptance stays)."""
    current = current_terms()
    if document.kind != ServiceDocument.Kind.OPERATING_TERMS or current is None or current.id != document.pk:
        raise ValidationError(_("運営規約が更新されました。最新の版をご確認のうえ、あらためて同意してください。"),
                              code="terms_outdated")
    existing = TermsAcceptance.objects.unscoped("a person's own acceptance").filter(user=user, document=document)
    acceptance = existing.first()
    if acceptance is not None:
        return acceptance
    try:
        with transaction.atomic():
            return TermsAcceptance.objects.create(user=user, document=document, accepted_at=timezone.now(),
                                                  ip_address=ip_address or None)
    except IntegrityError:  # the same person accepted in another tab at the same moment
        return existing.get()

