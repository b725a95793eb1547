"""The portal's help page (SUP-1): the member's bank is its contact for everything; the platform operator
takes no inquiries from members, so no portal page offers a way to reach it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "members/help.html")
