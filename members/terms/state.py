"""Which operating-terms version is in force, from this process's memory (no query per request)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, Subquery
from django.utils import timezone

from bigadvance.page_state import page_state
from members.models import ServiceDocument

TERMS = ServiceDocument.Kind.OPERATING_TERMS
# Only a safety net: every save or delete of a ServiceDocument turns the page state in every process, and a
# version posted for later is in the list already (chosen by the clock when its time comes).
TERMS_STATE_TTL_SECONDS = 300


@dataclass(frozen=True)
class TermsVersion:
    id: int
    version: str
    posted_at: datetime


def _load() -> tuple[TermsVersion, ...]:
    """The version in force now and those posted for later, oldest first (one query)."""
    now = timezone.now()
    in_force = (ServiceDocument.objects.filter(kind=TERMS, posted_at__lte=now).order_by("-posted_at", "-pk")
                .values("pk")[:1])
    rows = (ServiceDocument.objects.filter(Q(pk=Subquery(in_force)) | Q(posted_at__gt=now), kind=TERMS)
            .order_by("posted_at", "pk").values_list("pk", "version", "posted_at"))
    return tuple(TermsVersion(*row) for row in rows)


def current_terms() -> TermsVersion | None:
    """The operating terms in force now, or None before any version is posted."""
    versions = page_state.get("operating-terms", _load, ttl=TERMS_STATE_TTL_SECONDS)
    now = timezone.now()
    in_force = [version for version in versions if version.posted_at <= now]
    return in_force[-1] if in_force else None


def current_terms_document() -> ServiceDocument | None:
    """The full document in force (its body), for the pages that show it."""
    terms = current_terms()
    return ServiceDocument.objects.filter(pk=terms.id).first() if terms else None
