"""Posting versioned service documents (DOC-1) and telling the FIs about them."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ops.notifications import notification_send

from .models import FinancialInstitution, Role, ServiceDocument, User

BANNER_DAYS = 14


def _fi_admin_addresses() -> list[str]:
    return list(User.objects.filter(role=Role.FI_ADMIN, is_active=True,
                                    institution__status=FinancialInstitution.Status.ACTIVE)
                .values_list("email", flat=True))


@transaction.atomic
def document_post(*, kind: str, version: str, body: str, change_summary: str, posted_by: User | None = None,
                  posted_at: datetime | None = None, notify: bool = True) -> ServiceDocument:
    """Post a new version; it applies from now. FI admins are emailed after commit (DOC-1)."""
    document = ServiceDocument(kind=kind, version=version.strip(), body=body, change_summary=change_summary.strip(),
                               posted_by=posted_by, posted_at=posted_at or timezone.now())
    document.full_clean()
    document.save()
    if notify:
        notification_send(template="document_posted", recipients=_fi_admin_addresses(),
                          context={"document": document}, category="document", reference=f"document:{document.pk}")
    return document


def current_documents() -> list[ServiceDocument]:
    """The version of each document in force now: the latest posted."""
    now = timezone.now()
    latest = []
    for kind in ServiceDocument.Kind:
        document = ServiceDocument.objects.filter(kind=kind, posted_at__lte=now).order_by("-posted_at").first()
        if document:
            latest.append(document)
    return latest


def document_history(kind: str) -> QuerySet[ServiceDocument]:
    if kind not in ServiceDocument.Kind.values:
        raise Http404
    return ServiceDocument.objects.filter(kind=kind, posted_at__lte=timezone.now()).order_by("-posted_at")


def document_banners(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    since = timezone.now() - timedelta(days=BANNER_DAYS)
    recent = ServiceDocument.objects.filter(posted_at__gte=since, posted_at__lte=timezone.now())
    return [{"level": "info", "url": reverse("documents:detail", args=[d.pk]),
             "text": _("%(document)s ver. %(version)s を掲示しました（%(date)s から適用）。") % {
                 "document": d.get_kind_display(), "version": d.version,
                 "date": timezone.localtime(d.posted_at).strftime("%Y-%m-%d")}}
            for d in recent.order_by("-posted_at")]
