"""補助金・助成金 in the portal: the searchable catalogue and one programme. Thin over members.subsidies.selectors."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.matching import industries
from members.matching.regions import REGIONS
from members.prefectures import PREFECTURES
from members.subsidies import selectors

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def subsidy_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.from_params(request.GET)
    results = selectors.subsidies_search(filters)
    company = request.user.company
    return render(request, "members/subsidies/list.html", {
        "filters": filters, "results": results, "statuses": selectors.STATUSES, "sorts": selectors.SORTS,
        "regions": [name for name, _prefectures in REGIONS], "prefectures": PREFECTURES,
        "industry_groups": industries.MAJOR_GROUPS, "company": company,
        "mine_params": selectors.company_filter_params(company)})


@audience_required(Audience.PORTAL)
def subsidy_detail(request: HttpRequest, subsidy_id: int) -> HttpResponse:
    subsidy = selectors.subsidy_for(subsidy_id)
    return render(request, "members/subsidies/detail.html", {
        "subsidy": subsidy, "institution": request.user.institution})
