"""Member companies in the console (issue 9 item 2): list, CSV, page, edit, suspend, resume, end membership."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bigadvance.tokyo import tokyo_now
from members import selectors, services
from members.consultations.selectors import consultations_visible_to
from members.matching import industries
from members.matching.regions import JIS_ORDER
from members.models import Deal, MemberCompany, Need
from members.permissions import Audience, audience_required
from members.policies import may_manage_company

from .company_forms import CompanyEditForm, ConfirmForm
from .company_listing import SORTS, CompanyFilters, companies_by_status, companies_csv_rows, companies_page

DETAIL_ROWS = 20


@audience_required(Audience.CONSOLE)
def company_list(request: HttpRequest) -> HttpResponse:
    filters = CompanyFilters.from_params(request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "fiadmin/companies/list.html", {
        "page": companies_page(request.user, filters), "filters": filters, "query_string": params.urlencode(),
        "status_choices": MemberCompany.Status.choices, "industry_choices": industries.MAJOR_CHOICES,
        "prefectures": sorted(JIS_ORDER, key=JIS_ORDER.get),
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "by_status": companies_by_status(request.user),
    })


@audience_required(Audience.CONSOLE)
def company_csv(request: HttpRequest) -> StreamingHttpResponse:
    filters = CompanyFilters.from_params(request.GET)
    response = StreamingHttpResponse(companies_csv_rows(request.user, filters), content_type="text/csv; charset=utf-8")
    name = f"member-companies-{tokyo_now():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _managed_company(request: HttpRequest, company_id: int) -> MemberCompany:
    company = selectors.company_for(request.user, company_id)
    if not may_manage_company(request.user, company):
        raise PermissionDenied
    return company


@audience_required(Audience.CONSOLE)
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = selectors.company_for(request.user, company_id)
    user = request.user
    deals = (Deal.objects.visible_to(user).filter(Q(requester_company=company) | Q(receiver_company=company))
             .select_related("need", "requester_company", "receiver_company").order_by("-created_at", "-pk"))
    return render(request, "fiadmin/companies/detail.html", {
        "company": company,
        "accounts": selectors.company_accounts(user, company)[:100],
        "needs": Need.objects.visible_to(user).filter(company=company).order_by("-created_at", "-pk")[:DETAIL_ROWS],
        "deals": deals[:DETAIL_ROWS],
        "consultations": consultations_visible_to(user).filter(company=company)
        .order_by("-pk")[:DETAIL_ROWS],
        "may_manage": may_manage_company(user, company),
        "confirm_form": ConfirmForm(),
    })


@audience_required(Audience.CONSOLE)
def company_edit(request: HttpRequest, company_id: int) -> HttpResponse:
    company = _managed_company(request, company_id)
    form = CompanyEditForm(request.POST or None, instance=selectors.company_for(request.user, company_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(company=company, **{name: form.cleaned_data[name] for name in form.changed_data})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("会員企業の情報を更新しました。"))
            return redirect("console:company_detail", company.pk)
    return render(request, "fiadmin/companies/edit.html", {"company": company, "form": form})


def _status_change(request: HttpRequest, company_id: int, change, done: str) -> HttpResponse:
    company = _managed_company(request, company_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("確認のチェックを入れてください。"))
        return redirect("console:company_detail", company.pk)
    change(company=company)
    messages.success(request, done)
    return redirect("console:company_detail", company.pk)


@audience_required(Audience.CONSOLE)
@require_POST
def company_suspend(request: HttpRequest, company_id: int) -> HttpResponse:
    return _status_change(request, company_id, services.company_suspend,
                          _("利用を停止しました。この会社のユーザーはログインできず、ニーズは表示されません。"))


@audience_required(Audience.CONSOLE)
@require_POST
def company_resume(request: HttpRequest, company_id: int) -> HttpResponse:
    return _status_change(request, company_id, services.company_reinstate, _("利用を再開しました。"))


@audience_required(Audience.CONSOLE)
@require_POST
def company_end_membership(request: HttpRequest, company_id: int) -> HttpResponse:
    return _status_change(request, company_id, services.company_end_membership,
                          _("退会の手続きをしました（利用停止・非公開・全ユーザー無効）。"))
