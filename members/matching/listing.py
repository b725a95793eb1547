"""Needs and companies lists: search, filters, facets with counts, sort and pages (reads only).

Every filter stays in the URL. A facet counts the rows that choosing it would show: the other filters apply,
its own does not. Each list costs a fixed number of queries whatever the number of rows.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import MemberCompany, Need, NeedBookmark, NeedRegion, User

from . import industries
from .regions import JIS_ORDER
from .search import search
from .text import Query, highlight, parse_query

PAGE_SIZE = 20
SORTS = {"relevance": _("関連度順"), "new": _("新着順")}
SCOPES = {"all": _("すべてのニーズ"), "mine": _("自社のニーズ"), "bookmarked": _("気になる")}


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Filters:
    q: str = ""
    kind: str = ""
    industry: str = ""
    prefecture: str = ""
    sort: str = "relevance"
    scope: str = "all"
    page: str = "1"

    @classmethod
    def from_params(cls, params) -> "Filters":
        """Read the URL's filters; a value that is not one of the choices is ignored, never an error."""
        kind = params.get("kind", "")
        industry = params.get("industry", "")
        prefecture = params.get("prefecture", "")
        return cls(
            q=" ".join(params.get("q", "").split())[:200],
            kind=kind if kind in Need.Kind.values else "",
            industry=industry if industry in industries.MAJOR_LABEL or industry in industries.DIVISION_LABEL else "",
            prefecture=prefecture if prefecture in JIS_ORDER else "",
            sort=params.get("sort") if params.get("sort") in SORTS else "relevance",
            scope=params.get("scope") if params.get("scope") in SCOPES else "all",
            page=params.get("page", "1"),
        )

    @property
    def query(self) -> Query:
        return parse_query(self.q)


@dataclass
class Results:
    page: Page
    query: Query
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    nationwide: int = 0

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _industry_q(code: str, field_name: str = "industry") -> Q:
    if code in industries.MAJOR_LABEL:
        return Q(**{f"{field_name}__in": industries.DIVISIONS_OF[code]})
    return Q(**{field_name: code})


def _industry_facets(queryset: QuerySet, selected: str) -> list[Facet]:
    per_major: dict[str, int] = {}
    for row in queryset.order_by().values("industry").annotate(n=Count("pk")):
        major = industries.major_of(row["industry"])
        if major:
            per_major[major] = per_major.get(major, 0) + row["n"]
    return [Facet(code, str(label), per_major[code], selected in (code, *industries.DIVISIONS_OF[code]))
            for code, label in industries.MAJOR_CHOICES if per_major.get(code)]


def _page(queryset: QuerySet, number: str) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(number)


def _ordered(queryset: QuerySet, filters: Filters, query: Query) -> QuerySet:
    if query and filters.sort == "relevance":
        return queryset.order_by("-rank", "-created_at", "-pk")
    return queryset.order_by("-created_at", "-pk")


def _need_base(user: User, filters: Filters) -> QuerySet:
    if filters.scope == "mine":
        return Need.objects.editable_by(user)
    if filters.scope == "bookmarked":
        return Need.objects.readable_by(user).filter(bookmarks__user=user)
    return Need.objects.published_for_matching()


def needs_search(user: User, filters: Filters) -> Results:
    query = filters.query
    matched = search(_need_base(user, filters), query)
    by_kind = Q(kind=filters.kind) if filters.kind else Q()
    by_industry = _industry_q(filters.industry) if filters.industry else Q()
    by_prefecture = (Q(is_nationwide=True) | Q(pk__in=NeedRegion.objects.filter(
        prefecture=filters.prefecture).values("need_id"))) if filters.prefecture else Q()

    kinds = dict(matched.filter(by_industry, by_prefecture).order_by().values_list("kind").annotate(n=Count("pk")))
    industry_rows = matched.filter(by_kind, by_prefecture)
    regional_base = matched.filter(by_kind, by_industry)
    per_prefecture = dict(regional_base.filter(is_nationwide=False).order_by().values_list("regions__prefecture")
                          .annotate(n=Count("pk", distinct=True)))
    nationwide = regional_base.filter(is_nationwide=True).count()

    rows = (matched.filter(by_kind, by_industry, by_prefecture)
            .select_related("company").with_regions()
            .annotate(bookmarked=Exists(NeedBookmark.objects.filter(need=OuterRef("pk"), user_id=user.pk))))
    page = _page(_ordered(rows, filters, query), filters.page)
    for need in page:
        need.snippet = highlight(need.body, query)
        need.title_marked = highlight(need.title, query, width=200) if query else None
    return Results(page=page, query=query, nationwide=nationwide, facets={
        "kind": [Facet(value, str(label), kinds[value], value == filters.kind)
                 for value, label in Need.Kind.choices if kinds.get(value)],
        "industry": _industry_facets(industry_rows, filters.industry),
        "prefecture": [Facet(name, name, count + nationwide, name == filters.prefecture)
                       for name, count in sorted(per_prefecture.items(), key=lambda item: JIS_ORDER[item[0]])
                       if name in JIS_ORDER],
    })


def companies_search(user: User, filters: Filters) -> Results:
    query = filters.query
    matched = search(MemberCompany.objects.published_for_matching(), query)
    by_industry = _industry_q(filters.industry) if filters.industry else Q()
    by_prefecture = Q(prefecture=filters.prefecture) if filters.prefecture else Q()
    per_prefecture = dict(matched.filter(by_industry).order_by().values_list("prefecture").annotate(n=Count("pk")))
    rows = matched.filter(by_industry, by_prefecture).select_related("institution")
    page = _page(_ordered(rows, filters, query), filters.page)
    for company in page:
        text = "\n".join(part for part in (company.description, company.products, company.strengths) if part)
        company.snippet = highlight(text, query)
        company.title_marked = highlight(company.name, query, width=200) if query else None
    return Results(page=page, query=query, facets={
        "industry": _industry_facets(matched.filter(by_prefecture), filters.industry),
        "prefecture": [Facet(name, name, per_prefecture[name], name == filters.prefecture)
                       for name in sorted(per_prefecture, key=lambda name: JIS_ORDER.get(name, 99))
                       if name in JIS_ORDER],
    })
