"""相談 in the portal: a member's consultations with its own bank (SUP-1), a thread per consultation, replies
with files, closing. Thin: reads in members.consultations.selectors, writes in members.consultations.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.consultations import policies, selectors, services
from members.consultations.forms import ConsultationForm, ReplyForm
from members.models import Consultation

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def consultation_list(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "")
    category = request.GET.get("category", "")
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.consultations_for(request.user, group=group, category=category, q=q),
                     selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/consultations/list.html", {
        "page": page, "group": group, "category": category, "q": q,
        "groups": [(key, label) for key, (label, _q) in selectors.STATUS_GROUPS.items()],
        "categories": Consultation.Category.choices})


@audience_required(Audience.PORTAL)
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None, request.FILES or None,
                            initial=ConsultationForm.prefill(request.GET))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_open(
                actor=request.user, category=data["category"], subject=data["subject"], body=data["body"],
                attachments=data["attachments"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("相談を送信しました。お取引の金融機関から回答が届くと、メールでお知らせします。"))
            return redirect("portal:consultation_detail", consultation.pk)
    return render(request, "members/consultations/form.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request: HttpRequest, consultation: Consultation, *, reply_form: ReplyForm | None = None,
            status: int = 200) -> HttpResponse:
    thread = selectors.consultation_messages(request.user, consultation)
    response = render(request, "members/consultations/detail.html", {
        "consultation": consultation, "thread": thread,
        "may_write": policies.may_write(request.user, consultation),
        "reply_form": reply_form or ReplyForm()}, status=status)
    if request.method == "GET" and thread and thread[-1].pk > consultation.last_read:
        services.consultation_mark_read(consultation=consultation, user=request.user)
    return response


@audience_required(Audience.PORTAL)
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _detail(request, selectors.consultation_for(request.user, consultation_id))


@audience_required(Audience.PORTAL)
@require_POST
def consultation_reply(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(request.user, consultation_id)
    form = ReplyForm(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            services.consultation_reply(consultation=consultation, actor=request.user,
                                        body=form.cleaned_data["body"], attachments=form.cleaned_data["attachments"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("メッセージを送信しました。"))
            return redirect("portal:consultation_detail", consultation.pk)
    return _detail(request, consultation, reply_form=form, status=400)


@audience_required(Audience.PORTAL)
@require_POST
def consultation_close(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(request.user, consultation_id)
    try:
        services.consultation_close(consultation=consultation, actor=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("相談を完了にしました。"))
    return redirect("portal:consultation_detail", consultation.pk)


@audience_required(Audience.PORTAL, Audience.CONSOLE)
def consultation_attachment(request: HttpRequest, consultation_id: int, attachment_id: int) -> HttpResponse:
    """A consultation's file, for the company's members and its bank's admins only; for anyone else a 404."""
    attachment = selectors.attachment_for(request.user, consultation_id, attachment_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
