"""お知らせ in the portal: the notices addressed to the member, unread ones marked; opening one marks it read.
Thin: reads in members.notices.selectors, writes in members.notices.services."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.notices import selectors, services

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def notice_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.notices_for(request.user, unread_only=unread_only, q=q),
                     selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/notices/list.html", {"page": page, "unread_only": unread_only, "q": q})


@audience_required(Audience.PORTAL)
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.notice_for(request.user, notice_id)
    response = render(request, "members/notices/detail.html", {"notice": notice})
    if not notice.is_read:
        services.notice_mark_read(notice=notice, user=request.user)
    return response
