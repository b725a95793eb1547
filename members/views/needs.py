"""Needs (ニーズ) in the portal: the searchable list, a need's page, posting, editing, closing, reopening and
bookmarks. Thin: the reads are in members.matching.selectors/listing, the writes in members.matching.needs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.matching import listing, needs, selectors
from members.matching.forms import NeedForm, ReopenForm
from members.models import Need

from ..permissions import Audience, audience_required


@audience_required(Audience.PORTAL)
def need_list(request: HttpRequest) -> HttpResponse:
    filters = listing.Filters.from_params(request.GET)
    results = listing.needs_search(request.user, filters)
    return render(request, "members/need_list.html", {
        "filters": filters, "results": results, "kinds": Need.Kind.choices, "sorts": listing.SORTS,
        "scopes": listing.SCOPES})


@audience_required(Audience.PORTAL)
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for(request.user, need_id)
    is_own = need.company_id == request.user.company_id
    return render(request, "members/need_detail.html", {
        "need": need, "is_own": is_own, "reopen_form": ReopenForm(initial={"deadline": need.deadline})})


def _save(request: HttpRequest, form: NeedForm, action, success: str, **kwargs) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        try:
            need = action(actor=request.user, values=form.need_values(),
                          prefectures=form.cleaned_data.get("prefectures", []), **kwargs)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return redirect("portal:need_detail", need.pk)
    return None


@audience_required(Audience.PORTAL)
def need_create(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.POST or None)
    done = _save(request, form, needs.need_create, _("ニーズを投稿しました。"))
    return done or render(request, "members/need_form.html", {
        "form": form, "company": request.user.company, "is_new": True})


@audience_required(Audience.PORTAL)
def need_edit(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_editable_by(request.user, need_id)
    form = NeedForm(request.POST or None, instance=need)
    done = _save(request, form, needs.need_update, _("ニーズを更新しました。"), need=need)
    return done or render(request, "members/need_form.html", {
        "form": form, "need": need, "company": request.user.company, "is_new": False})


def _act(request: HttpRequest, action, success: str, **kwargs) -> None:
    try:
        action(actor=request.user, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


@audience_required(Audience.PORTAL)
@require_POST
def need_close(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_editable_by(request.user, need_id)
    _act(request, needs.need_close, _("募集を終了しました。"), need=need)
    return redirect("portal:need_detail", need.pk)


@audience_required(Audience.PORTAL)
@require_POST
def need_reopen(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_editable_by(request.user, need_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        _act(request, needs.need_reopen, _("募集を再開しました。"), need=need, deadline=form.cleaned_data["deadline"])
    else:
        for message in form.errors.get("deadline", []):
            messages.error(request, message)
    return redirect("portal:need_detail", need.pk)


@audience_required(Audience.PORTAL)
@require_POST
def need_bookmark(request: HttpRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for(request.user, need_id)
    on = request.POST.get("on") == "1"
    needs.need_bookmark_set(need=need, user=request.user, bookmarked=on)
    messages.success(request, _("「気になる」に追加しました。") if on else _("「気になる」から外しました。"))
    return redirect("portal:need_detail", need.pk)
