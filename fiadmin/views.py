"""The FI admin console: thin views over members' selectors, always scoped to the admin's own FI."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members import selectors
from members.permissions import Audience, audience_required


@audience_required(Audience.CONSOLE)
def account_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.accounts_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "fiadmin/account_list.html", {"page": page})


@audience_required(Audience.CONSOLE)
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    return render(request, "fiadmin/account_detail.html",
                  {"account": selectors.account_for(request.user, account_id)})
