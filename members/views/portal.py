from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def home(request: HttpRequest) -> HttpResponse:
    company = request.user.company
    colleagues = company.users.filter(is_active=True).order_by("full_name")
    return render(request, "members/portal_home.html", {"company": company, "colleagues": colleagues})
