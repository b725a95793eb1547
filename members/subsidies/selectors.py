"""Reads of the subsidy catalogue for members: the searchable list, one programme, those matching a company.

The catalogue is platform-wide: every member sees every published programme. Each read costs a fixed number
of queries whatever the number of rows (targets are prefetched, states are computed in Python).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.matching import industries
from members.matching.regions import JIS_ORDER, REGIONS
from members.matching.text import Query, highlight, parse_query
from members.models import MemberCompany, Subsidy

PAGE_SIZE = 20
CLOSING_SOON_DAYS = 14
HOME_LIMIT = 6
STATUSES = {"open": _("受付中"), "upcoming": _("受付前"), "all": _("すべて（受付終了を含む）")}
SORTS = {"deadline": _("締切が近い順"), "new": _("新着順")}
REGION_PREFECTURES = dict(REGIONS)
CONSULTATION_NEW_PATH = "/portal/consultations/new/"


def consultation_url(subsidy: Subsidy) -> str:
    """"銀行に相談する": a new consultation with the member's bank, prefilled with the programme."""
    try:
        base = reverse("portal:consultation_create")
    except NoReverseMatch:  # the consultations page is not installed yet: its agreed address
        base = CONSULTATION_NEW_PATH
    return base + "?" + urlencode({"category": "subsidy", "subject": subsidy.title, "subsidy": subsidy.pk})


def decorate(subsidy: Subsidy, today: date) -> Subsidy:
    """Add what pages show of a programme on `today`: its state, days left, whether it closes soon."""
    if subsidy.starts_on > today:
        subsidy.state, subsidy.state_label = "upcoming", _("受付前")
    elif subsidy.ends_on is not None and subsidy.ends_on < today:
        subsidy.state, subsidy.state_label = "closed", _("受付終了")
    else:
        subsidy.state, subsidy.state_label = "open", _("受付中")
    subsidy.days_left = subsidy.days_left_on(today) if subsidy.state != "closed" else None
    subsidy.closing_soon = (subsidy.state == "open" and subsidy.days_left is not None
                            and subsidy.days_left <= CLOSING_SOON_DAYS)
    subsidy.consult_url = consultation_url(subsidy)
    return subsidy


@dataclass
class Filters:
    q: str = ""
    region: str = ""
    prefecture: str = ""
    industry: str = ""
    status: str = "open"
    sort: str = "deadline"
    page: str = "1"

    @classmethod
    def from_params(cls, params) -> "Filters":
        """The URL's filters; a value that is not one of the choices is ignored, never an error."""
        region, prefecture, industry = params.get("region", ""), params.get("prefecture", ""), params.get("industry", "")
        return cls(
            q=" ".join(params.get("q", "").split())[:200],
            region=region if region in REGION_PREFECTURES else "",
            prefecture=prefecture if prefecture in JIS_ORDER else "",
            industry=industry if industry in industries.MAJOR_LABEL or industry in industries.DIVISION_LABEL else "",
            status=params.get("status") if params.get("status") in STATUSES else "open",
            sort=params.get("sort") if params.get("sort") in SORTS else "deadline",
            page=params.get("page", "1"),
        )

    @property
    def query(self) -> Query:
        return parse_query(self.q)

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.region or self.prefecture or self.industry or self.status != "open")


@dataclass
class Results:
    page: Page
    query: Query
    today: date

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _filtered(filters: Filters, today: date) -> QuerySet:
    rows = Subsidy.objects.published()
    if filters.status == "open":
        rows = rows.open_on(today)
    elif filters.status == "upcoming":
        rows = rows.upcoming_on(today)
    if filters.prefecture:
        rows = rows.for_prefectures([filters.prefecture])
    elif filters.region:
        rows = rows.for_prefectures(REGION_PREFECTURES[filters.region])
    if filters.industry:
        rows = rows.for_industry(filters.industry)
    for term in filters.query.terms:
        rows = rows.filter(search_text__contains=term)
    return rows


def _ordered(rows: QuerySet, filters: Filters, today: date) -> QuerySet:
    if filters.sort == "new":
        return rows.order_by("-created_at", "-pk")
    closed_last = Case(When(ends_on__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField())
    return rows.annotate(closed=closed_last).order_by("closed", F("ends_on").asc(nulls_last=True), "starts_on", "pk")


def subsidies_search(filters: Filters, *, today: date | None = None) -> Results:
    today = today or timezone.localdate()
    query = filters.query
    rows = _ordered(_filtered(filters, today), filters, today).with_targets()
    page = Paginator(rows, PAGE_SIZE).get_page(filters.page)
    for subsidy in page:
        decorate(subsidy, today)
        subsidy.snippet = highlight(subsidy.summary, query) if query else None
        subsidy.title_marked = highlight(subsidy.title, query, width=200) if query else None
    return Results(page=page, query=query, today=today)


def subsidy_for(subsidy_id, *, today: date | None = None) -> Subsidy:
    """A published programme, else the 404 of a missing one."""
    try:
        subsidy = Subsidy.objects.published().with_targets().get(pk=subsidy_id)
    except (Subsidy.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return decorate(subsidy, today or timezone.localdate())


@dataclass
class CompanySubsidies:
    rows: list[Subsidy]
    total: int
    closing_soon: int
    list_url_params: str


def subsidies_for_company(company: MemberCompany, *, today: date | None = None,
                          limit: int = HOME_LIMIT) -> CompanySubsidies:
    """Open programmes for the company's prefecture (or nationwide) and industry (or every industry), the
    soonest deadline first; those closing within CLOSING_SOON_DAYS are flagged `closing_soon`."""
    today = today or timezone.localdate()
    matching = (Subsidy.objects.published().open_on(today).for_prefectures([company.prefecture])
                .for_industry(company.industry))
    rows = [decorate(subsidy, today) for subsidy in
            matching.order_by(F("ends_on").asc(nulls_last=True), "starts_on", "pk")[:limit]]
    counts = matching.aggregate(total=Count("pk"), soon=Count(
        "pk", filter=Q(ends_on__lte=today + timedelta(days=CLOSING_SOON_DAYS))))
    return CompanySubsidies(rows=rows, total=counts["total"], closing_soon=counts["soon"],
                            list_url_params=company_filter_params(company))


def company_filter_params(company: MemberCompany) -> str:
    """The list's filters for the company's prefecture and industry, as a query string."""
    return urlencode({key: value for key, value in (("prefecture", company.prefecture),
                                                    ("industry", company.industry)) if value})
