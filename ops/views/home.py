from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.permissions import Audience, audience_required
from ops.selectors.overview import operations_overview


@audience_required(Audience.OPERATIONS)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "ops/home.html", operations_overview())
