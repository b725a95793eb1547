"""Reads on terms acceptance: a person's own, a bank's people's (FI admins), rates per version (operators).

Each read costs a fixed number of queries whatever the number of people or versions.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from members.models import FinancialInstitution, MemberCompany, Role, ServiceDocument, TermsAcceptance, User
from members.models.identity import STAFF_ROLES
from members.policies import may_operate_platform

from .state import TERMS, current_terms


def terms_accepted_by(user: User, document_id: int) -> bool:
    return TermsAcceptance.objects.unscoped("a person's own acceptance").filter(
        user=user, document_id=document_id).exists()


def acceptances_visible_to(user) -> QuerySet[TermsAcceptance]:
    """An FI admin: the acceptances of its FI's admins and members, newest first; anyone else: none."""
    return (TermsAcceptance.objects.visible_to(user).select_related("user", "user__company", "document")
            .order_by("-accepted_at"))


def accounts_with_current_acceptance(user) -> QuerySet[User]:
    """The accounts `user` may see, each with `terms_accepted_at`: when it accepted the version in force
    (None: not yet). For the console's user list."""
    current = current_terms()
    accepted_at = (TermsAcceptance.objects.unscoped("the acceptance of an account the outer query scoped")
                   .filter(user=OuterRef("pk"), document_id=current.id if current else None)
                   .values("accepted_at")[:1])
    return (User.objects.visible_to(user).select_related("company")
            .annotate(terms_accepted_at=Subquery(accepted_at)).order_by("role", "username"))


def _must_accept() -> Q:
    """Accounts that can sign in now: every one of them must accept the terms in force."""
    running_tenant = Q(institution__status=FinancialInstitution.Status.ACTIVE) & (
        Q(role=Role.FI_ADMIN) | Q(role=Role.MEMBER, company__status=MemberCompany.Status.ACTIVE))
    return Q(is_active=True) & (Q(role__in=STAFF_ROLES) | running_tenant)


@dataclass(frozen=True)
class VersionRate:
    document_id: int
    version: str
    posted_at: datetime
    is_current: bool
    accepted: int
    accounts: int

    @property
    def percent(self) -> float:
        return 100.0 * self.accepted / self.accounts if self.accounts else 0.0


@dataclass(frozen=True)
class InstitutionRate:
    name: str
    accepted: int
    accounts: int

    @property
    def percent(self) -> float:
        return 100.0 * self.accepted / self.accounts if self.accounts else 0.0


def acceptance_rates(user) -> tuple[list[VersionRate], list[InstitutionRate]]:
    """For operators: of the accounts that can sign in today, how many accepted each version, and per FI
    (the service company's own staff as one row) for the version in force. Counts only: no person's row."""
    if not may_operate_platform(user):
        raise PermissionDenied(_("この画面を利用する権限がありません。"))
    accounts = User.objects.unscoped("operators count every FI's accounts for acceptance rates").filter(_must_accept())
    total = accounts.count()
    accepted = dict(TermsAcceptance.objects.unscoped("operators count acceptances per version")
                    .filter(user__in=accounts.values("pk")).values("document")
                    .annotate(n=Count("pk")).values_list("document", "n"))
    current = current_terms()
    versions = [
        VersionRate(document_id=pk, version=version, posted_at=posted_at, is_current=current is not None
                    and pk == current.id, accepted=accepted.get(pk, 0), accounts=total)
        for pk, version, posted_at in ServiceDocument.objects.filter(kind=TERMS).order_by("-posted_at", "-pk")
        .values_list("pk", "version", "posted_at")
    ]
    institutions: list[InstitutionRate] = []
    if current is not None:
        rows = (accounts.values("institution_id", "institution__name")
                .annotate(n=Count("pk", distinct=True),
                          done=Count("terms_acceptances", filter=Q(terms_acceptances__document_id=current.id),
                                     distinct=True))
                .order_by("institution__code"))
        institutions = [InstitutionRate(name=row["institution__name"] or _("運営会社（スタッフ）"),
                                        accepted=row["done"], accounts=row["n"]) for row in rows]
    return versions, institutions
