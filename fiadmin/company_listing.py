"""The console's member companies list: search, filters, sort, pages and the CSV download (reads only).

Scoped by `visible_to(user)` (the admin's own bank); the search is the matching issue's Japanese search over
the same `search_text` columns. A page costs a fixed number of queries whatever the number of rows.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bigadvance.tokyo import format_tokyo
from members.matching import industries
from members.matching.listing import _industry_q
from members.matching.regions import JIS_ORDER
from members.matching.search import search
from members.matching.text import parse_query
from members.models import MemberCompany

PAGE_SIZE = 50
SORTS = {
    "name": (gettext_lazy("会社名順"), ("name_kana", "name", "pk")),
    "new": (gettext_lazy("登録の新しい順"), ("-created_at", "-pk")),
    "old": (gettext_lazy("登録の古い順"), ("created_at", "pk")),
    "users": (gettext_lazy("ユーザー数の多い順"), ("-user_count", "name", "pk")),
}
CSV_CHUNK_ROWS = 1000


@dataclass
class CompanyFilters:
    q: str = ""
    status: str = ""
    industry: str = ""
    prefecture: str = ""
    sort: str = "name"
    page: str = "1"

    @classmethod
    def from_params(cls, params) -> "CompanyFilters":
        """Unknown values are ignored, never an error (the URL may be typed or old)."""
        status, industry, prefecture = params.get("status", ""), params.get("industry", ""), params.get(
            "prefecture", "")
        return cls(
            q=" ".join(params.get("q", "").split())[:200],
            status=status if status in MemberCompany.Status.values else "",
            industry=industry if industry in industries.MAJOR_LABEL or industry in industries.DIVISION_LABEL else "",
            prefecture=prefecture if prefecture in JIS_ORDER else "",
            sort=params.get("sort") if params.get("sort") in SORTS else "name",
            page=params.get("page", "1"),
        )


def companies_filtered(user, filters: CompanyFilters) -> QuerySet[MemberCompany]:
    rows = search(MemberCompany.objects.visible_to(user), parse_query(filters.q))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.industry:
        rows = rows.filter(_industry_q(filters.industry))
    if filters.prefecture:
        rows = rows.filter(prefecture=filters.prefecture)
    return rows.annotate(user_count=Count("users")).order_by(*SORTS[filters.sort][1])


def companies_page(user, filters: CompanyFilters) -> Page:
    return Paginator(companies_filtered(user, filters), PAGE_SIZE).get_page(filters.page)


def companies_by_status(user) -> dict[str, int]:
    counts = dict(MemberCompany.objects.visible_to(user).order_by().values_list("status").annotate(n=Count("pk")))
    return {label: counts.get(value, 0) for value, label in MemberCompany.Status.choices}


def _cell(value) -> str:
    """Text Excel would run as a formula (=, +, -, @ first) is written as text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def companies_csv_rows(user, filters: CompanyFilters) -> Iterator[str]:
    """CSV lines for Excel: a UTF-8 BOM, Japanese headers, then the filtered rows read in chunks.
    The headers and labels are translated now, in the request's language, not when the response is streamed."""
    header = [_("会社名"), _("会社名（カナ）"), _("法人番号"), _("業種"), _("都道府県"), _("市区町村"), _("代表者"),
              _("従業員数"), _("利用状態"), _("マッチングに公開"), _("ユーザー数"), _("登録日")]
    published = {True: _("公開"), False: _("非公開")}
    statuses = {value: str(label) for value, label in MemberCompany.Status.choices}
    industry_labels = {value: str(label) for value, label in MemberCompany._meta.get_field("industry").flatchoices}
    return _csv_lines(companies_filtered(user, filters), header, published, statuses, industry_labels)


def _csv_lines(rows: QuerySet, header: list[str], published: dict, statuses: dict,
               industry_labels: dict) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for company in rows.iterator(chunk_size=CSV_CHUNK_ROWS):
        yield writer.writerow([_cell(value) for value in (
            company.name, company.name_kana, company.corporate_number,
            industry_labels.get(company.industry, company.industry), company.prefecture, company.city,
            company.representative, "" if company.employees is None else company.employees,
            statuses.get(company.status, company.status), published[bool(company.is_published)],
            company.user_count, format_tokyo(company.created_at, "%Y-%m-%d"))])
