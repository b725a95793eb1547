"""お知らせ on the operations pages: operators publish notices to every member or chosen banks' members, and
withdraw them. Thin: writes in members.notices.services, reads in members.notices.selectors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.notices import selectors, services
from members.notices.forms import OperatorNoticeForm

from ..permissions import Audience, audience_required


@audience_required(Audience.OPERATIONS)
def operator_notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.operator_notices(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/notices/operations_list.html", {"page": page})


@audience_required(Audience.OPERATIONS)
def operator_notice_create(request: HttpRequest) -> HttpResponse:
    form = OperatorNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_publish(actor=request.user, title=data["title"], body=data["body"],
                                             publish_at=data["publish_at"], is_pinned=data["is_pinned"],
                                             institutions=form.targets())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("お知らせを登録しました。掲載日時になると会員企業に表示され、メールで通知されます。")
                             if not notice.is_published else _("お知らせを掲載し、会員企業へのメール通知を開始しました。"))
            return redirect("operations:notice_list")
    return render(request, "members/notices/operations_form.html", {"form": form},
                  status=400 if form.errors else 200)


@audience_required(Audience.OPERATIONS)
@require_POST
def operator_notice_withdraw(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.operator_notices().filter(pk=notice_id).first()
    if notice is None:
        raise Http404
    try:
        services.notice_withdraw(notice=notice, actor=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("お知らせの掲載を終了しました。"))
    return redirect("operations:notice_list")


urlpatterns = [
    path("notices/", operator_notice_list, name="notice_list"),
    path("notices/new/", operator_notice_create, name="notice_create"),
    path("notices/<int:notice_id>/withdraw/", operator_notice_withdraw, name="notice_withdraw"),
]
