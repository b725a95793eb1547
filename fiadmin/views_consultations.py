"""The consultations inbox of the console: its members' consultations with unread and overdue counts, a thread
with reply, internal notes, the admin in charge and closing. Thin over members.consultations (services, the
bank module, selectors scoped by `visible_to`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from members.consultations import bank, selectors, services
from members.consultations.forms import ReplyForm
from members.models import Consultation, ConsultationNote
from members.models.consultations import CONSULTATION_NOTE_MAX
from members.permissions import Audience, audience_required

PAGE_SIZE = 50
FILTERS = {
    "waiting": Q(status=Consultation.Status.WAITING_BANK),
    "mine": None,  # set per request: assigned to me
    "open": ~Q(status=Consultation.Status.CLOSED),
    "closed": Q(status=Consultation.Status.CLOSED),
}


class NoteForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("行内メモ（会員企業には表示されません）"), max_length=CONSULTATION_NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": gettext_lazy("メモを入力してください。")})


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=gettext_lazy("担当者"), required=False, queryset=None,
                                      empty_label=gettext_lazy("（未割り当て）"),
                                      error_messages={"invalid_choice": gettext_lazy("貴行・貴庫の有効な管理者から選んでください。")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = bank.assignable_admins(user)


@audience_required(Audience.CONSOLE)
def consultation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    show = request.GET.get("show", "open")
    consultations = selectors.consultations_visible_to(user).select_related("assigned_to")
    if show == "mine":
        consultations = consultations.filter(assigned_to=user)
    elif show == "overdue":
        consultations = bank.overdue(consultations)
    elif FILTERS.get(show) is not None:
        consultations = consultations.filter(FILTERS[show])
    counts = selectors.with_unread(Consultation.objects.visible_to(user), user).aggregate(
        unread_total=Sum("unread"), waiting=Count("pk", filter=Q(status=Consultation.Status.WAITING_BANK)),
        overdue=Count("pk", filter=Q(status=Consultation.Status.WAITING_BANK,
                                     waiting_since__lt=bank.overdue_cutoff())))
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for consultation in page:
        consultation.due = bank.due_date(consultation.waiting_since)
        consultation.is_overdue = bool(consultation.due and consultation.due < today
                                       and consultation.status == Consultation.Status.WAITING_BANK)
    return render(request, "fiadmin/consultations/list.html", {
        "page": page, "show": show, "unread": counts["unread_total"] or 0, "waiting": counts["waiting"],
        "overdue": counts["overdue"],
        "shows": [("open", _("未完了")), ("waiting", _("回答待ち")), ("overdue", _("期限超過")), ("mine", _("自分の担当")),
                  ("closed", _("完了"))]})


def _detail(request: HttpRequest, consultation: Consultation, *, status: int = 200, **forms_) -> HttpResponse:
    user = request.user
    thread = selectors.consultation_messages(user, consultation)
    response = render(request, "fiadmin/consultations/detail.html", {
        "consultation": consultation, "thread": thread, "due": bank.due_date(consultation.waiting_since),
        "notes": list(ConsultationNote.objects.visible_to(user).filter(consultation=consultation)),
        "reply_form": forms_.get("reply_form") or ReplyForm(),
        "note_form": forms_.get("note_form") or NoteForm(),
        "assign_form": forms_.get("assign_form") or AssignForm(user=user,
                                                               initial={"assignee": consultation.assigned_to_id})},
        status=status)
    if request.method == "GET" and thread and thread[-1].pk > consultation.last_read:
        services.consultation_mark_read(consultation=consultation, user=user)
    return response


def _consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    return selectors.consultation_for(request.user, consultation_id)


@audience_required(Audience.CONSOLE)
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _detail(request, _consultation(request, consultation_id))


def _run(request, consultation, form, form_name, action, success) -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, success)
            return redirect("console:consultation_detail", consultation.pk)
    return _detail(request, consultation, status=400, **{form_name: form})


@audience_required(Audience.CONSOLE)
@require_POST
def consultation_reply(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    return _run(request, consultation, ReplyForm(request.POST, request.FILES or None), "reply_form",
                lambda data: services.consultation_reply(consultation=consultation, actor=request.user,
                                                         body=data["body"], attachments=data["attachments"]),
                _("回答を送信しました。"))


@audience_required(Audience.CONSOLE)
@require_POST
def consultation_note(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    return _run(request, consultation, NoteForm(request.POST), "note_form",
                lambda data: bank.consultation_note_add(consultation=consultation, actor=request.user,
                                                        body=data["body"]),
                _("行内メモを記録しました。"))


@audience_required(Audience.CONSOLE)
@require_POST
def consultation_assign(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    return _run(request, consultation, AssignForm(request.POST, user=request.user), "assign_form",
                lambda data: bank.consultation_assign(consultation=consultation, actor=request.user,
                                                      assignee=data["assignee"]),
                _("担当者を変更しました。"))


@audience_required(Audience.CONSOLE)
@require_POST
def consultation_close(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    try:
        services.consultation_close(consultation=consultation, actor=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("相談を完了にしました。"))
    return redirect("console:consultation_detail", consultation.pk)
