"""The bank's side of the desk, in the console (/console/inquiries/): an FI admin opens inquiries, follows them,
adds to them, and confirms the answer solved it (SUP-4) or says it did not. Only its own FI's tickets, never
the desk's internal notes (support.selectors / members.tenancy)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import Audience, audience_required

from . import forms, policies, selectors
from .services import tickets as services
from .views import _add_errors, file_response

console_required = audience_required(Audience.CONSOLE)
STATUS_GROUPS = [("", _("すべて")), ("open", _("対応中")), ("waiting", _("完了確認待ち")), ("closed", _("完了"))]


@console_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in dict(STATUS_GROUPS) else ""
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.console_inquiries(request.user, status=status, q=q), selectors.PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "support/console_list.html", {
        "page": page, "status": status, "q": q, "groups": STATUS_GROUPS,
        "waiting": selectors.console_waiting_count(request.user),
        "may_open": policies.may_open_inquiry(request.user)})


@console_required
def inquiry_new(request: HttpRequest) -> HttpResponse:
    form = forms.InquiryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_open(actor=request.user, subject=data["subject"], body=data["body"],
                                          uploads=[data["file"]] if data["file"] else [])
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("お問い合わせを受け付けました（受付番号 %(ref)s）。受付のお知らせをメールでお送りしました。")
                             % {"ref": ticket.reference})
            return redirect("console:inquiry_detail", ticket.pk)
    return render(request, "support/console_form.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request: HttpRequest, ticket, *, status: int = 200, **forms_in) -> HttpResponse:
    user = request.user
    return render(request, "support/console_detail.html", {
        "ticket": ticket, "timeline": selectors.timeline(user, ticket),
        "may_write": policies.may_write_to(user, ticket) and not ticket.is_paused,
        "may_confirm": policies.may_confirm(user, ticket),
        "message_form": forms_in.get("message_form") or forms.AdminMessageForm(),
        "reopen_form": forms_in.get("reopen_form") or forms.ReopenForm(),
    }, status=status)


@console_required
def inquiry_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _detail(request, selectors.ticket_for(request.user, ticket_id))


@console_required
@require_POST
def inquiry_message(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_for(request.user, ticket_id)
    form = forms.AdminMessageForm(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            services.ticket_add_message(ticket=ticket, actor=request.user, body=form.cleaned_data["body"],
                                        uploads=[form.cleaned_data["file"]] if form.cleaned_data["file"] else [])
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("サポートデスクへ送信しました。"))
            return redirect("console:inquiry_detail", ticket.pk)
    return _detail(request, selectors.ticket_for(request.user, ticket_id), status=400, message_form=form)


@console_required
def inquiry_confirm(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Confirm-close (SUP-4): a page that says what completing means, then the admin's POST closes it."""
    ticket = selectors.ticket_for(request.user, ticket_id)
    if request.method == "POST":
        try:
            services.ticket_confirm(ticket=ticket, actor=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("解決を確認し、お問い合わせを完了しました。ありがとうございました。"))
        return redirect("console:inquiry_detail", ticket.pk)
    if not policies.may_confirm(request.user, ticket):
        messages.error(request, _("回答済みのお問い合わせのみ、完了を確認できます。"))
        return redirect("console:inquiry_detail", ticket.pk)
    return render(request, "support/console_confirm.html", {"ticket": ticket})


@console_required
@require_POST
def inquiry_reopen(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """"Not solved": the desk works the ticket again, the reason beside the question."""
    ticket = selectors.ticket_for(request.user, ticket_id)
    form = forms.ReopenForm(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            services.ticket_reopen(ticket=ticket, actor=request.user, reason=form.cleaned_data["reason"],
                                   uploads=[form.cleaned_data["file"]] if form.cleaned_data["file"] else [])
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("「解決していない」とサポートデスクへ伝え、対応を再開しました。"))
            return redirect("console:inquiry_detail", ticket.pk)
    return _detail(request, selectors.ticket_for(request.user, ticket_id), status=400, reopen_form=form)


@console_required
def inquiry_attachment(request: HttpRequest, ticket_id: int, attachment_id: int) -> HttpResponse:
    return file_response(selectors.attachment_for(request.user, ticket_id, attachment_id))
