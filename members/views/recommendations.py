"""Recommendations in the portal: the list with reasons, 興味なし, and the refresh state (htmx polling)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.matching import recommendation_services, selectors

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    compact = request.GET.get("compact") == "1"  # the portal home's panel, refreshed by htmx
    context = {"recommendations": selectors.recommendations_for(
        request.user, limit=selectors.PORTAL_HOME_RECOMMENDATIONS if compact else 20),
        "state": selectors.recommendation_state(request.user), "compact": compact}
    template = "members/includes/recommendations.html" if request.headers.get("HX-Request") else \
        "members/recommendation_list.html"
    return render(request, template, context)


@audience_required(Audience.PORTAL)
@require_POST
def recommendation_dismiss(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    try:
        recommendation_services.recommendation_dismiss(recommendation_id=recommendation_id, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("「興味なし」にしました。今後このニーズはおすすめに表示しません。"))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("portal:recommendation_list")
