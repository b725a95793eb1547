"""Operations pages for maintenance windows (thin views over ops.services.maintenance)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import Audience, audience_required
from ops.forms import CancelForm, UpdateForm, WindowForm, form_errors_text
from ops.models import MaintenanceWindow
from ops.selectors.maintenance import OPEN_STATUSES, window_email_log, window_list
from ops.services import maintenance as services


@audience_required(Audience.OPERATIONS)
def maintenance_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ops/maintenance_list.html", {"windows": window_list()})


@audience_required(Audience.OPERATIONS)
def maintenance_create(request: HttpRequest) -> HttpResponse:
    form = WindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            window = services.maintenance_schedule(
                kind=data["kind"], starts_at=data["starts_at"], ends_at=data["ends_at"], message=data["message"],
                features=form.feature_list(), stops_service=data["stops_service"],
                is_emergency=data["is_emergency"], emergency_reason=data["emergency_reason"],
                created_by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("メンテナンスを登録し、金融機関への告知メールを送信します。"))
            return redirect("operations:maintenance_detail", window.pk)
    return render(request, "ops/maintenance_form.html", {"form": form})


@audience_required(Audience.OPERATIONS)
def maintenance_detail(request: HttpRequest, window_id: int) -> HttpResponse:
    window = get_object_or_404(MaintenanceWindow, pk=window_id)
    is_open = window.status in OPEN_STATUSES
    return render(request, "ops/maintenance_detail.html", {
        "window": window, "email_log": window_email_log(window), "is_open": is_open,
        "can_end": is_open and window.starts_at <= timezone.now(),
    })


def _run(request: HttpRequest, action, success: str, **kwargs) -> None:
    try:
        action(**kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@audience_required(Audience.OPERATIONS)
@require_POST
def maintenance_end(request: HttpRequest, window_id: int) -> HttpResponse:
    window = get_object_or_404(MaintenanceWindow, pk=window_id)
    _run(request, services.maintenance_end, _("メンテナンスを終了しました。"), window=window)
    return redirect("operations:maintenance_detail", window.pk)


@audience_required(Audience.OPERATIONS)
@require_POST
def maintenance_cancel(request: HttpRequest, window_id: int) -> HttpResponse:
    window = get_object_or_404(MaintenanceWindow, pk=window_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        _run(request, services.maintenance_cancel, _("メンテナンスを中止しました。"),
             window=window, reason=form.cleaned_data["reason"])
    else:
        messages.error(request, form_errors_text(form))
    return redirect("operations:maintenance_detail", window.pk)


@audience_required(Audience.OPERATIONS)
@require_POST
def maintenance_update(request: HttpRequest, window_id: int) -> HttpResponse:
    window = get_object_or_404(MaintenanceWindow, pk=window_id)
    form = UpdateForm(request.POST)
    if form.is_valid():
        _run(request, services.maintenance_update, _("メンテナンスを更新しました。"), window=window,
             stops_service=form.cleaned_data["stops_service"], message=form.cleaned_data["message"])
    else:
        messages.error(request, form_errors_text(form))
    return redirect("operations:maintenance_detail", window.pk)


urlpatterns = [
    path("maintenance/", maintenance_list, name="maintenance_list"),
    path("maintenance/new/", maintenance_create, name="maintenance_create"),
    path("maintenance/<int:window_id>/", maintenance_detail, name="maintenance_detail"),
    path("maintenance/<int:window_id>/end/", maintenance_end, name="maintenance_end"),
    path("maintenance/<int:window_id>/cancel/", maintenance_cancel, name="maintenance_cancel"),
    path("maintenance/<int:window_id>/update/", maintenance_update, name="maintenance_update"),
]
