"""商談 in the portal: requesting a deal from a need, the list, a deal's page with its timeline, the receiver's
answer, the meeting and the outcome, and the deal room. Thin: reads in members.deals.selectors, writes in
members.deals.services / room, decisions in members.deals.policies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.deals import policies, room, selectors, services
from members.deals.forms import DealRequestForm, OutcomeForm, ReasonForm, RoomMessageForm
from members.matching import selectors as matching_selectors
from members.models import Deal

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def deal_request(request: HttpRequest, need_id: int) -> HttpResponse:
    need = matching_selectors.need_for(request.user, need_id)
    form = DealRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deal = services.deal_request(need=need, actor=request.user, message=form.cleaned_data["message"],
                                         preferred_dates=form.preferred_dates())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("商談を申し込みました。お取引の金融機関の確認後、相手の会社に届きます。"))
            return redirect("portal:deal_detail", deal.pk)
    return render(request, "members/deals/request_form.html", {
        "form": form, "need": need, "may_request": policies.may_request_deal(request.user, need)})


@audience_required(Audience.PORTAL)
def deal_list(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "")
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.deals_for(request.user, group=group, q=q), selectors.PAGE_SIZE).get_page(
        request.GET.get("page"))
    for deal in page:
        deal.counterpart = deal.counterpart_of(request.user.company_id)
        deal.next_step = selectors.next_step(request.user, deal)
    return render(request, "members/deals/list.html", {
        "page": page, "group": group, "q": q, "groups": [(key, label) for key, (label, _q) in
                                                         selectors.STATUS_GROUPS.items()]})


def _detail(request: HttpRequest, deal: Deal, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    room_messages = selectors.room_messages(user, deal)
    context = {
        "deal": deal, "is_requester": deal.requester_company_id == user.company_id,
        "counterpart": deal.counterpart_of(user.company_id),
        "timeline": selectors.deal_timeline(user, deal), "room_messages": room_messages,
        "next_step": selectors.next_step(user, deal),
        "may_answer": policies.may_answer(user, deal), "may_withdraw": policies.may_withdraw(user, deal),
        "may_mark_met": policies.may_mark_met(user, deal),
        "may_record_outcome": policies.may_record_outcome(user, deal),
        "may_read_room": policies.may_read_room(user, deal), "may_post": policies.may_post_in_room(user, deal),
        "decline_form": forms.get("decline_form") or ReasonForm(prefix="decline"),
        "withdraw_form": forms.get("withdraw_form") or ReasonForm(prefix="withdraw"),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "message_form": forms.get("message_form") or RoomMessageForm(),
    }
    response = render(request, "members/deals/detail.html", context, status=status)
    if request.method == "GET" and room_messages and room_messages[-1].pk > deal.last_read:
        room.deal_room_mark_read(deal=deal, user=user)
    return response


@audience_required(Audience.PORTAL)
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _detail(request, selectors.deal_for(request.user, deal_id))


def _act(request: HttpRequest, deal_id: int, action, success: str, *, form_class=None, form_name="",
         prefix=None, values=None) -> HttpResponse:
    """Run one step with the posted form; errors go back beside their field on the deal's page."""
    deal = selectors.deal_for(request.user, deal_id)
    form = form_class(request.POST, request.FILES or None, prefix=prefix) if form_class else None
    if form is None or form.is_valid():
        try:
            action(deal=deal, actor=request.user, **(values(form) if values else {}))
        except ValidationError as exc:
            if form is None:
                for message in exc.messages:
                    messages.error(request, message)
                return redirect("portal:deal_detail", deal.pk)
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return redirect("portal:deal_detail", deal.pk)
    return _detail(request, deal, status=400, **{form_name: form})


@audience_required(Audience.PORTAL)
@require_POST
def deal_accept(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _act(request, deal_id, services.deal_accept, _("商談を承諾しました。商談ルームでやり取りを始めましょう。"))


@audience_required(Audience.PORTAL)
@require_POST
def deal_decline(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _act(request, deal_id, services.deal_decline, _("商談をお断りしました。"), form_class=ReasonForm,
                form_name="decline_form", prefix="decline", values=lambda form: {"reason": form.cleaned_data["reason"]})


@audience_required(Audience.PORTAL)
@require_POST
def deal_withdraw(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _act(request, deal_id, services.deal_withdraw, _("商談を取り下げました。"), form_class=ReasonForm,
                form_name="withdraw_form", prefix="withdraw",
                values=lambda form: {"reason": form.cleaned_data["reason"]})


@audience_required(Audience.PORTAL)
@require_POST
def deal_met(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _act(request, deal_id, services.deal_mark_met, _("面談済みにしました。結果が決まったら登録してください。"))


@audience_required(Audience.PORTAL)
@require_POST
def deal_outcome(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _act(request, deal_id, services.deal_record_outcome, _("結果を登録しました。"), form_class=OutcomeForm,
                form_name="outcome_form",
                values=lambda form: {"outcome": form.cleaned_data["outcome"], "note": form.cleaned_data["note"]})


@audience_required(Audience.PORTAL)
@require_POST
def deal_message(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _act(request, deal_id, room.deal_message_post, _("メッセージを送信しました。"), form_class=RoomMessageForm,
                form_name="message_form",
                values=lambda form: {"body": form.cleaned_data["body"], "upload": form.cleaned_data["file"]})


@audience_required(Audience.PORTAL, Audience.CONSOLE)
def deal_attachment(request: HttpRequest, deal_id: int, attachment_id: int) -> HttpResponse:
    """A deal-room file, for the two companies and their banks' admins only; for anyone else a 404."""
    attachment = selectors.attachment_for(request.user, deal_id, attachment_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
