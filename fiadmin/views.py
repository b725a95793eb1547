"""The FI admin console: thin views over members' selectors, always scoped to the admin's own FI."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bigadvance.pagination import Paginator
from members import selectors
from members.permissions import Audience, audience_required


@audience_required(Audience.CONSOLE)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "fiadmin/home.html", selectors.console_overview(request.user))


@audience_required(Audience.CONSOLE)
def company_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.company_list_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "fiadmin/company_list.html", {"page": page})


@audience_required(Audience.CONSOLE)
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = selectors.company_for(request.user, company_id)
    return render(request, "fiadmin/company_detail.html",
                  {"company": company, "accounts": selectors.company_accounts(request.user, company)})


@audience_required(Audience.CONSOLE)
def account_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.account_list_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "fiadmin/account_list.html", {"page": page})


@audience_required(Audience.CONSOLE)
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    return render(request, "fiadmin/account_detail.html",
                  {"account": selectors.account_for(request.user, account_id)})
