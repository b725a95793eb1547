from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..matching.selectors import portal_matching
from ..permissions import Audience, audience_required
from ..selectors import colleagues_of


@audience_required(Audience.PORTAL)
def home(request: HttpRequest) -> HttpResponse:
    company = request.user.company
    colleagues = colleagues_of(request.user)
    return render(request, "members/portal_home.html", {"company": company, "colleagues": colleagues,
                                                        **portal_matching(request.user)})
