"""Deal approvals in the console: requests waiting for this bank (approve or refuse with an internal note), every
deal involving this bank's members with filters and CSV, and a read-only deal page with its room. Thin over
members.deals (selectors scoped by `visible_to`, services that check the bank's turn)."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from members.deals import policies, selectors, services
from members.models import Deal
from members.models.deals import DEAL_NOTE_MAX, DEAL_REASON_MAX
from members.permissions import Audience, audience_required

PAGE_SIZE = 50
CSV_MAX_ROWS = 50000


class ApproveForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("行内メモ（会員企業には表示されません）"), required=False,
                           max_length=DEAL_NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(ApproveForm):
    reason = forms.CharField(label=gettext_lazy("見送る理由（申込元の会社に表示されます）"), max_length=DEAL_REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": gettext_lazy("見送る理由を入力してください。")})
    field_order = ["reason", "note"]


def _filtered(request: HttpRequest):
    status = request.GET.get("status", "")
    outcome = request.GET.get("outcome", "")
    q = request.GET.get("q", "").strip()[:100]
    deals = selectors.deals_for(request.user, q=q)
    if status in Deal.Status.values:
        deals = deals.filter(status=status)
    if outcome in Deal.Outcome.values:
        deals = deals.filter(outcome=outcome)
    return deals, {"status": status, "outcome": outcome, "q": q}


@audience_required(Audience.CONSOLE)
def deal_list(request: HttpRequest) -> HttpResponse:
    deals, filters = _filtered(request)
    page = Paginator(deals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fiadmin/deals/list.html", {
        "waiting": list(selectors.deals_awaiting_bank(request.user)[:100]), "page": page, "filters": filters,
        "statuses": Deal.Status.choices, "outcomes": Deal.Outcome.choices})


@audience_required(Audience.CONSOLE)
def deal_csv(request: HttpRequest) -> HttpResponse:
    """Every deal of the filter as CSV, UTF-8 with BOM so that Excel opens it in Japanese."""
    deals, _filters = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deals-{timezone.localdate():%Y%m%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("番号"), _("申込日時"), _("ニーズ"), _("申込元の会社"), _("申込元の金融機関"), _("申込先の会社"),
                     _("申込先の金融機関"), _("状態"), _("結果")])
    for deal in deals.order_by("pk")[:CSV_MAX_ROWS].iterator(chunk_size=2000):
        writer.writerow([deal.pk, timezone.localtime(deal.created_at).strftime("%Y-%m-%d %H:%M"),
                         _safe(deal.need.title), _safe(deal.requester_company.name),
                         deal.requester_institution.name, _safe(deal.receiver_company.name),
                         deal.receiver_institution.name, deal.get_status_display(), deal.get_outcome_display()])
    return response


def _safe(text: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @) is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _detail(request: HttpRequest, deal: Deal, *, status: int = 200, approve_form=None, refuse_form=None):
    user = request.user
    return render(request, "fiadmin/deals/detail.html", {
        "deal": deal, "timeline": selectors.deal_timeline(user, deal),
        "decisions": selectors.bank_decisions(user, deal), "room_messages": selectors.room_messages(user, deal),
        "may_read_room": policies.may_read_room(user, deal), "may_post": False,
        "may_decide": policies.may_decide_as_bank(user, deal),
        "approve_form": approve_form or ApproveForm(prefix="approve"),
        "refuse_form": refuse_form or RefuseForm(prefix="refuse")}, status=status)


@audience_required(Audience.CONSOLE)
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _detail(request, selectors.deal_for(request.user, deal_id))


@audience_required(Audience.CONSOLE)
@require_POST
def deal_approve(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = selectors.deal_for(request.user, deal_id)
    form = ApproveForm(request.POST, prefix="approve")
    if form.is_valid():
        try:
            services.deal_approve_by_bank(deal=deal, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("商談の申込を承認しました。"))
            return redirect("console:deal_list")
    return _detail(request, deal, status=400, approve_form=form)


@audience_required(Audience.CONSOLE)
@require_POST
def deal_refuse(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = selectors.deal_for(request.user, deal_id)
    form = RefuseForm(request.POST, prefix="refuse")
    if form.is_valid():
        try:
            services.deal_refuse_by_bank(deal=deal, actor=request.user, reason=form.cleaned_data["reason"],
                                         note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("商談の申込を見送りました。申込元の会社に理由をお知らせします。"))
            return redirect("console:deal_list")
    return _detail(request, deal, status=400, refuse_form=form)
