"""Reads for matching: company pages and homepages, always through the role-aware querysets."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from members.models import MemberCompany, Need, NeedBookmark, NeedRegion, Recommendation, Role, User

from .recommendations import reason_text


def _get_or_404(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:  # not yours = missing = malformed
        raise Http404 from exc


def company_for(user: User, company_id) -> MemberCompany:
    """A company page: published companies for every member, unpublished ones for their own people and FI."""
    companies = MemberCompany.objects.published_for_matching() | MemberCompany.objects.visible_to(user)
    return _get_or_404(companies.select_related("institution"), pk=company_id)


def company_for_homepage(slug: str) -> MemberCompany:
    return _get_or_404(MemberCompany.objects.with_public_homepage().select_related("institution"),
                       homepage_slug=slug)


def own_company(user: User) -> MemberCompany:
    return _get_or_404(MemberCompany.objects.visible_to(user).select_related("institution"), pk=user.company_id)


@dataclass(frozen=True)
class ContactDetail:
    label: str
    value: str
    kind: str = "text"


def contact_details(company: MemberCompany, viewer: User | None) -> list[ContactDetail]:
    """The contact details `viewer` may see: all for the company's own people and its own FI, the ones the
    company chose for members of other banks (and for its public homepage, `viewer` None)."""
    insider = viewer is not None and viewer.is_authenticated and (
        viewer.company_id == company.pk
        or (viewer.role in (Role.MEMBER, Role.FI_ADMIN) and viewer.institution_id == company.institution_id))
    details = [
        (_("担当者"), company.contact_person, company.show_contact_person, "text"),
        (_("電話番号"), company.contact_phone, company.show_contact_phone, "tel"),
        (_("メールアドレス"), company.contact_email, company.show_contact_email, "email"),
    ]
    return [ContactDetail(str(label), value, kind) for label, value, shown, kind in details
            if value and (insider or shown)]


def need_for(user: User, need_id) -> Need:
    """A need page: open needs of published companies for every member; all of its own company's needs."""
    queryset = (Need.objects.readable_by(user).select_related("company", "company__institution", "author")
                .with_regions()
                .annotate(bookmarked=Exists(NeedBookmark.objects.filter(need=OuterRef("pk"), user_id=user.pk))))
    return _get_or_404(queryset, pk=need_id)


def need_editable_by(user: User, need_id) -> Need:
    """A need the user may change (its own company's), else 404 like a missing one."""
    return _get_or_404(Need.objects.editable_by(user).select_related("company").with_regions(), pk=need_id)


def own_needs(user: User):
    return Need.objects.editable_by(user).select_related("company").with_regions().order_by("-created_at", "-pk")


def bookmarked_needs(user: User):
    return (Need.objects.readable_by(user).filter(bookmarks__user=user).select_related("company")
            .with_regions().order_by("-bookmarks__created_at"))


COMPANY_PAGE_NEEDS = 10


def company_needs(user: User, company: MemberCompany) -> list[Need]:
    """The needs shown on a company page: those the user may open, newest first."""
    return list(Need.objects.readable_by(user).filter(company=company).select_related("company").with_regions()
                .order_by("-created_at", "-pk")[:COMPANY_PAGE_NEEDS])


# What a recommendation shows (templates/members/includes/recommendations.html): its need, not the need's
# or the poster's whole row (their search columns are the widest).
RECOMMENDATION_COLUMNS = ("reasons", "score", "need__kind", "need__title", "need__body", "need__is_nationwide",
                          "need__company__name")


def recommendations_for(user: User, *, limit: int = 20) -> list[Recommendation]:
    """The member company's current recommendations, best first, each with its reasons in words. A fixed
    number of queries whatever the number of rows."""
    rows = list(Recommendation.objects.visible_to(user).shown().select_related("need", "need__company")
                .only(*RECOMMENDATION_COLUMNS).prefetch_related(Prefetch("need__regions", queryset=NeedRegion.objects.unscoped(
                    "the regions of needs recommended to this user")))
                .order_by("-score", "pk")[:limit])
    for row in rows:
        row.reason_texts = [text for text in map(reason_text, row.reasons) if text]
    return rows


@dataclass(frozen=True)
class RecommendationState:
    computed_at: object
    pending: bool


def recommendation_state(user: User) -> RecommendationState:
    company = user.company  # the member's own company, loaded with the account (members.auth.get_user)
    if company is None:
        raise Http404
    requested, computed = company.recommendations_requested_at, company.recommendations_computed_at
    return RecommendationState(computed, bool(requested and (computed is None or computed < requested)))


PORTAL_HOME_RECOMMENDATIONS = 5
