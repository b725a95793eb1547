"""The support desk (/desk/) for support staff and the system lead: the queue, a ticket's page and its actions,
phone calls, canned replies and the mailbox. Thin: reads in support.selectors, writes in support.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import Audience, audience_required

from . import forms, policies, selectors, sla
from .models import Priority, ReplyKind, TicketStatus
from .services import canned as canned_services
from .services import tickets as services

desk_required = audience_required(Audience.DESK)


@desk_required
def home(request: HttpRequest) -> HttpResponse:
    """The queue: filters in the URL (status, FI, priority, breach, assignee), sorted by the next due target."""
    now = timezone.now()
    filters = selectors.QueueFilters.from_query(request.GET)
    page = Paginator(selectors.desk_queue(request.user, filters, now=now), selectors.PAGE_SIZE).get_page(
        request.GET.get("page"))
    horizon = sla.warning_horizon(now)
    for ticket in page:
        ticket.alert = sla.alert_of(ticket, now, horizon)
        ticket.next_due = (ticket.first_response_due_at if ticket.first_responded_at is None
                           else ticket.answer_due_at if ticket.answered_at is None else None)
    return render(request, "support/desk_queue.html", {
        "page": page, "filters": filters, "counts": selectors.queue_counts(request.user, now=now),
        "statuses": [("open", _("未完了すべて")), *[(s.value, s.label) for s in TicketStatus], ("all", _("すべて"))],
        "priorities": Priority.choices, "institutions": selectors.institutions(), "staff": selectors.desk_staff(),
        "failed_mail": selectors.failed_mail_count(),
    })


def _detail(request: HttpRequest, ticket, *, status: int = 200, **forms_in) -> HttpResponse:
    now = timezone.now()
    reply_initial = {}
    canned = selectors.canned_reply(request.GET.get("canned", ""))
    if canned is not None:
        reply_initial["body"] = canned.body
    if ticket.answered_at is None and ticket.expected_answer_on is None and ticket.answer_due_at:
        reply_initial["expected_answer_on"] = timezone.localtime(ticket.answer_due_at).date()
    if ticket.status in (TicketStatus.NEW,):
        reply_initial["kind"] = ReplyKind.FIRST_RESPONSE
    context = {
        "ticket": ticket, "timeline": selectors.timeline(request.user, ticket),
        "clocks": sla.clocks(ticket, now), "alert": sla.alert_of(ticket, now),
        "may_reply": policies.may_reply(request.user, ticket),
        "may_request_confirmation": policies.may_request_confirmation(request.user, ticket),
        "reply_form": forms_in.get("reply_form") or forms.ReplyForm(initial=reply_initial),
        "note_form": forms_in.get("note_form") or forms.NoteForm(),
        "assign_form": forms_in.get("assign_form") or forms.AssignForm(initial={"assignee": ticket.assignee_id}),
        "priority_form": forms_in.get("priority_form") or forms.PriorityForm(initial={"priority": ticket.priority}),
        "escalate_form": forms_in.get("escalate_form") or forms.EscalateForm(),
        "incident_form": forms_in.get("incident_form") or forms.IncidentLinkForm(
            initial={"incident": ticket.incident_id}),
        "canned_replies": selectors.canned_replies(), "selected_canned": canned,
        "used_minutes": sla.business_minutes_used(ticket, now),
    }
    return render(request, "support/desk_ticket.html", context, status=status)


@desk_required
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _detail(request, selectors.ticket_for(request.user, ticket_id))


def _act(request: HttpRequest, ticket_id: int, form_class, form_name: str, action, success: str,
         values) -> HttpResponse:
    """Run one action with its posted form; errors go back beside their field on the ticket's page."""
    ticket = selectors.ticket_for(request.user, ticket_id)
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            action(ticket=ticket, actor=request.user, **values(form.cleaned_data))
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("desk:ticket_detail", ticket.pk)
    return _detail(request, selectors.ticket_for(request.user, ticket_id), status=400, **{form_name: form})


def _add_errors(form, exc: Exception) -> None:
    """A service's refusal beside its field (or at the top of the form)."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@desk_required
@require_POST
def ticket_reply(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _act(request, ticket_id, forms.ReplyForm, "reply_form", services.ticket_reply,
                _("送信しました（営業時間外の場合は次の営業日10時に送信されます）。"),
                lambda d: {"kind": d["kind"], "body": d["body"], "upload": d["file"],
                           "expected_answer_on": d["expected_answer_on"],
                           "request_confirmation": d["request_confirmation"]})


@desk_required
@require_POST
def ticket_note(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _act(request, ticket_id, forms.NoteForm, "note_form", services.ticket_note, _("社内メモを記録しました。"),
                lambda d: {"body": d["body"], "upload": d["file"]})


@desk_required
@require_POST
def ticket_assign(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _act(request, ticket_id, forms.AssignForm, "assign_form", services.ticket_assign,
                _("担当者を変更しました。"), lambda d: {"assignee": d["assignee"]})


@desk_required
@require_POST
def ticket_priority(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _act(request, ticket_id, forms.PriorityForm, "priority_form", services.ticket_set_priority,
                _("優先度を変更しました。期限を計算し直しました。"), lambda d: {"priority": d["priority"]})


@desk_required
@require_POST
def ticket_escalate(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _act(request, ticket_id, forms.EscalateForm, "escalate_form", services.ticket_escalate,
                _("システム統括へエスカレーションしました。"), lambda d: {"note": d["note"]})


@desk_required
@require_POST
def ticket_incident(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _act(request, ticket_id, forms.IncidentLinkForm, "incident_form", services.ticket_link_incident,
                _("障害との関連付けを変更しました。"), lambda d: {"incident": d["incident"]})


@desk_required
@require_POST
def ticket_request_confirmation(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_for(request.user, ticket_id)
    try:
        services.ticket_request_confirmation(ticket=ticket, actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("管理者に完了の確認を依頼しました。"))
    return redirect("desk:ticket_detail", ticket.pk)


def file_response(attachment) -> FileResponse:
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@desk_required
def ticket_attachment(request: HttpRequest, ticket_id: int, attachment_id: int) -> HttpResponse:
    return file_response(selectors.attachment_for(request.user, ticket_id, attachment_id))


@desk_required
def phone_new(request: HttpRequest) -> HttpResponse:
    """Log a call (SUP-2): refused outside business days 10:00-17:00, the reason beside the received time."""
    form = forms.PhoneInquiryForm(request.POST or None, initial={"received_at": timezone.localtime().replace(
        second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_log_phone(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("電話でのお問い合わせを %(ref)s として記録しました。") % {"ref": ticket.reference})
            return redirect("desk:ticket_detail", ticket.pk)
    return render(request, "support/desk_phone_form.html", {"form": form}, status=400 if form.errors else 200)


@desk_required
def canned_list(request: HttpRequest) -> HttpResponse:
    form = forms.CannedReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            canned_services.canned_reply_save(actor=request.user, title=form.cleaned_data["title"],
                                              body=form.cleaned_data["body"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("定型文を登録しました。"))
            return redirect("desk:canned_list")
    return render(request, "support/desk_canned_list.html",
                  {"form": form, "canned_replies": selectors.canned_replies()}, status=400 if form.errors else 200)


@desk_required
def canned_edit(request: HttpRequest, canned_id: int) -> HttpResponse:
    canned = selectors.canned_reply(canned_id)
    if canned is None:
        raise Http404
    form = forms.CannedReplyForm(request.POST or None, instance=canned)
    if request.method == "POST" and form.is_valid():
        try:
            canned_services.canned_reply_save(actor=request.user, canned=selectors.canned_reply(canned_id),
                                              title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("定型文を更新しました。"))
            return redirect("desk:canned_list")
    return render(request, "support/desk_canned_form.html", {"form": form, "canned": canned},
                  status=400 if form.errors else 200)


@desk_required
@require_POST
def canned_delete(request: HttpRequest, canned_id: int) -> HttpResponse:
    canned = selectors.canned_reply(canned_id)
    if canned is None:
        raise Http404
    canned_services.canned_reply_delete(actor=request.user, canned=canned)
    messages.success(request, _("定型文「%(title)s」を削除しました。") % {"title": canned.title})
    return redirect("desk:canned_list")


@desk_required
def mail_log(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    return render(request, "support/desk_mail.html", {
        "inbound": selectors.recent_inbound(50), "failed": selectors.failed_mail_count(),
        "configured": bool(settings.SUPPORT_IMAP_URL), "support_address": settings.SUPPORT_EMAIL_ADDRESS})


@desk_required
@require_POST
def mail_fetch(request: HttpRequest) -> HttpResponse:
    """Read the mailbox now (the beat job does it every minute): queued for the worker, never in the request."""
    from django.conf import settings

    from .tasks import support_mail_fetch_task

    if not settings.SUPPORT_IMAP_URL:
        messages.error(request, _("受信メールボックス（SUPPORT_IMAP_URL）が設定されていません。"))
    else:
        try:
            support_mail_fetch_task.delay()
        except Exception:  # broker down: beat's next run reads the mailbox anyway
            messages.error(request, _("取り込みを開始できませんでした。1分以内に自動で取り込まれます。"))
        else:
            messages.success(request, _("メールの取り込みを開始しました。少し待ってから一覧を更新してください。"))
    return redirect("desk:mail_log")
