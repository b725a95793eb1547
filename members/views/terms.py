"""The operating-terms acceptance page every signed-in person passes (DOC-2), and the operators' rates page."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from ..middleware import acceptance_url, remember_acceptance
from ..permissions import Audience, audience_required
from ..terms.forms import TermsAcceptanceForm
from ..terms.selectors import acceptance_rates as rates_for
from ..terms.selectors import terms_accepted_by
from ..terms.services import terms_accept
from ..terms.state import current_terms_document

OUTDATED = _("運営規約が更新されました。最新の版をご確認のうえ、あらためて同意してください。")


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after accepting: the page they asked for, on this site and not this page, else home."""
    safe = candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                         require_https=request.is_secure())
    if safe and not candidate.split("?", 1)[0].endswith(reverse("terms:accept")):
        return candidate
    return reverse("home")


@never_cache
@login_required
def accept(request: HttpRequest) -> HttpResponse:
    document = current_terms_document()
    next_url = _safe_next(request, request.POST.get("next") if request.method == "POST" else request.GET.get("next"))
    if document is None:
        return redirect(next_url)
    if request.method == "POST":
        form = TermsAcceptanceForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["document"] != document.pk:
                    raise ValidationError(OUTDATED)
                terms_accept(user=request.user, document=document, ip_address=get_client_ip_address(request))
            except ValidationError:  # a new version was posted while the page was open: show it
                messages.warning(request, OUTDATED)
                return redirect(acceptance_url(next_url))
            remember_acceptance(request, document.pk)
            return redirect(next_url)
    else:
        if terms_accepted_by(request.user, document.pk):
            remember_acceptance(request, document.pk)
            return redirect(next_url)
        form = TermsAcceptanceForm(initial={"document": document.pk, "next": next_url})
    return render(request, "members/terms_accept.html", {"form": form, "document": document, "next": next_url})


@audience_required(Audience.OPERATIONS)
def acceptance_rates(request: HttpRequest) -> HttpResponse:
    versions, institutions = rates_for(request.user)
    return render(request, "members/terms_rates.html", {"versions": versions, "institutions": institutions})
