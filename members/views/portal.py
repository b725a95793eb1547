from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..home_panels import MAIN, SIDE, home_panels
from ..matching.selectors import own_company
from ..permissions import Audience, audience_required
from ..selectors import colleagues_of


@audience_required(Audience.PORTAL)
def home(request: HttpRequest) -> HttpResponse:
    """The member home: the company at a glance and the panels of members.home_panels, on one screen."""
    company = own_company(request.user)
    panels = home_panels(request.user, company)
    return render(request, "members/portal_home.html", {
        "company": company, "colleagues": colleagues_of(request.user),
        "main_panels": [panel for panel in panels if panel.column == MAIN],
        "side_panels": [panel for panel in panels if panel.column == SIDE]})
