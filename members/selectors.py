"""Reads on companies and accounts (always scoped to the acting user's FI) and on service documents."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bigadvance.page_state import page_state

from .models import MemberCompany, ServiceDocument, User
from .permissions import get_for_user_or_404, scope_to_user


def companies_for(user) -> QuerySet[MemberCompany]:
    return scope_to_user(MemberCompany.objects.all(), user).annotate(user_count=Count("users")).order_by("name")


def company_for(user, company_id) -> MemberCompany:
    return get_for_user_or_404(MemberCompany.objects.all(), user, pk=company_id)


def accounts_for(user) -> QuerySet[User]:
    return scope_to_user(User.objects.select_related("company"), user).order_by("role", "username")


def account_for(user, account_id) -> User:
    return get_for_user_or_404(User.objects.select_related("company"), user, pk=account_id)


DOCUMENT_BANNER_DAYS = 14


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


def _recent_documents() -> list[ServiceDocument]:
    since = timezone.now() - timedelta(days=DOCUMENT_BANNER_DAYS)  # later postings too: they apply soon
    return list(ServiceDocument.objects.filter(posted_at__gte=since).only("id", "kind", "version", "posted_at")
                .order_by("-posted_at"))


def document_banners(user) -> list[dict]:
    """Banners for versions posted in the last DOCUMENT_BANNER_DAYS, kept per process for a few seconds."""
    if not user.is_authenticated:
        return []
    try:
        documents = page_state.get("document-banners", _recent_documents, ttl=settings.BANNER_CACHE_SECONDS)
    except DatabaseError:
        return []
    now = timezone.now()
    since = now - timedelta(days=DOCUMENT_BANNER_DAYS)
    return [{"level": "info", "url": reverse("documents:detail", args=[d.pk]),
             "text": _("%(document)s ver. %(version)s を掲示しました（%(date)s から適用）。") % {
                 "document": d.get_kind_display(), "version": d.version,
                 "date": timezone.localtime(d.posted_at).strftime("%Y-%m-%d")}}
            for d in documents if since <= d.posted_at <= now]
