"""Company pages in the portal: the own profile (edit), any visible company's page and logo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.matching import listing, selectors, services
from members.matching.forms import ProfileForm

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def profile_edit(request: HttpRequest) -> HttpResponse:
    company = selectors.own_company(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_profile_update(
                company=company, actor=request.user, values=form.profile_values(),
                logo=form.cleaned_data.get("logo"), remove_logo=form.cleaned_data.get("remove_logo", False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("プロフィールを保存しました。"))
            return redirect("portal:company_detail", company.pk)
    return render(request, "members/profile_form.html", {"form": form, "company": company})


@audience_required(Audience.PORTAL)
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = selectors.company_for(request.user, company_id)
    return render(request, "members/company_detail.html", {
        "company": company, "contacts": selectors.contact_details(company, request.user),
        "is_own": company.pk == request.user.company_id, "needs": selectors.company_needs(request.user, company),
    })


def logo_response(company) -> HttpResponse:
    if not company.logo:
        raise Http404
    response = FileResponse(company.logo.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@audience_required(Audience.PORTAL)
def company_logo(request: HttpRequest, company_id: int) -> HttpResponse:
    return logo_response(selectors.company_for(request.user, company_id))


@audience_required(Audience.PORTAL)
def company_list(request: HttpRequest) -> HttpResponse:
    filters = listing.Filters.from_params(request.GET)
    return render(request, "members/company_list.html", {
        "filters": filters, "results": listing.companies_search(request.user, filters), "sorts": listing.SORTS})
