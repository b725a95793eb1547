"""Reads on companies and accounts (always through `visible_to(user)`, members/tenancy.py) and on documents."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bigadvance.page_state import page_state

from .models import MaintenanceContact, MemberCompany, ServiceDocument, User
from .models.profiles import SEARCH_COLUMNS
from .permissions import get_for_user_or_404

_company_search_columns = [f"company__{column}" for column in SEARCH_COLUMNS]


def companies_for(user) -> QuerySet[MemberCompany]:
    """An FI admin: its FI's companies; a member: its own company; anyone else: none."""
    return MemberCompany.objects.visible_to(user).defer(*SEARCH_COLUMNS).order_by("name")


def company_for(user, company_id) -> MemberCompany:
    return get_for_user_or_404(MemberCompany.objects.all(), user, pk=company_id)


def published_companies() -> QuerySet[MemberCompany]:
    """Profiles published for matching, of every bank: what every member may browse."""
    return MemberCompany.objects.published_for_matching().select_related("institution").order_by("name")


def accounts_for(user) -> QuerySet[User]:
    """An FI admin: its FI's accounts; a member: its own company's; anyone else: none."""
    return (User.objects.visible_to(user).select_related("company").defer(*_company_search_columns)
            .order_by("role", "username"))


def account_for(user, account_id) -> User:
    return get_for_user_or_404(User.objects.select_related("company"), user, pk=account_id)


def company_accounts(user, company: MemberCompany) -> QuerySet[User]:
    """The accounts of `company` this user may see."""
    return accounts_for(user).filter(company=company).order_by("username")


def contacts_for(user) -> QuerySet[MaintenanceContact]:
    """An FI admin: its FI's maintenance-notice contacts; anyone else: none."""
    return MaintenanceContact.objects.visible_to(user).order_by("name", "email")


def contact_for(user, contact_id) -> MaintenanceContact:
    return get_for_user_or_404(MaintenanceContact.objects.all(), user, pk=contact_id)


def colleagues_of(user) -> QuerySet[User]:
    """The active accounts of a member's own company (the portal home)."""
    return (User.objects.visible_to(user).filter(company_id=user.company_id, is_active=True).only("full_name")
            .order_by("full_name"))


DOCUMENT_BANNER_DAYS = 14


def current_documents() -> list[ServiceDocument]:
    """The version of each document in force now (the latest posted), in the order of the kinds; from the
    per-process document state, so the documents page makes no query of its own."""
    now = timezone.now()
    in_force: dict[str, ServiceDocument] = {}
    for document in _document_state():  # newest first
        if document.posted_at <= now:
            in_force.setdefault(document.kind, document)
    return [in_force[kind] for kind in ServiceDocument.Kind.values if kind in in_force]


def document_history(kind: str) -> QuerySet[ServiceDocument]:
    if kind not in ServiceDocument.Kind.values:
        raise Http404
    return ServiceDocument.objects.filter(kind=kind, posted_at__lte=timezone.now()).order_by("-posted_at")


def _load_document_state() -> list[ServiceDocument]:
    """In one query, newest first: each kind's version in force now, and every version posted in the last
    DOCUMENT_BANNER_DAYS or to apply later. Whatever the clock says until the next change, the versions in
    force and the banners are among these."""
    now = timezone.now()
    in_force = (ServiceDocument.objects.filter(kind=OuterRef("kind"), posted_at__lte=now)
                .order_by("-posted_at").values("pk")[:1])
    return list(ServiceDocument.objects
                .filter(Q(pk=Subquery(in_force)) | Q(posted_at__gte=now - timedelta(days=DOCUMENT_BANNER_DAYS)))
                .only("id", "kind", "version", "posted_at").order_by("-posted_at"))


def _document_state() -> list[ServiceDocument]:
    """Kept per process (bigadvance/page_state.py); every save of a document reloads it."""
    return page_state.get("documents", _load_document_state, ttl=settings.BANNER_CACHE_SECONDS)


def document_banners(user) -> list[dict]:
    """Banners for versions posted in the last DOCUMENT_BANNER_DAYS, kept per process for a few seconds."""
    if not user.is_authenticated:
        return []
    try:
        documents = _document_state()
    except DatabaseError:
        return []
    now = timezone.now()
    since = now - timedelta(days=DOCUMENT_BANNER_DAYS)
    return [{"level": "info", "url": reverse("documents:detail", args=[d.pk]),
             "text": _("%(document)s ver. %(version)s を掲示しました（%(date)s から適用）。") % {
                 "document": d.get_kind_display(), "version": d.version,
                 "date": timezone.localtime(d.posted_at).strftime("%Y-%m-%d")}}
            for d in documents if since <= d.posted_at <= now]
