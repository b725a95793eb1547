"""Notices in the console: the bank's notices with read counts, publishing one (all or chosen companies, scheduled,
pinned), and relaying a maintenance window or a critical failure to the bank's members in one click (OPS-4),
prefilled by members.notices.relay. Thin over members.notices.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Notice
from members.notices import relay, selectors, services
from members.notices.forms import BankNoticeForm
from members.permissions import Audience, audience_required
from ops.models import Incident, MaintenanceWindow
from ops.selectors.incidents import status_incidents_for
from ops.selectors.maintenance import OPEN_STATUSES

PAGE_SIZE = 50


def _relayable_windows() -> list[MaintenanceWindow]:
    windows = (MaintenanceWindow.objects.filter(status__in=OPEN_STATUSES, stops_service=True,
                                                ends_at__gt=timezone.now()).order_by("starts_at"))
    return [window for window in windows[:20] if services.maintenance_relayable(window)]


def _relayed(user, kind: str) -> set[int]:
    return set(Notice.objects.visible_to(user).filter(relay_kind=kind).values_list("relay_id", flat=True))


@audience_required(Audience.CONSOLE)
def notice_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    notices = (selectors.with_read_counts(Notice.objects.visible_to(user)).select_related("created_by")
               .order_by("-is_pinned", "-publish_at", "-pk"))
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    relayed_windows = _relayed(user, Notice.RelayKind.MAINTENANCE)
    relayed_incidents = _relayed(user, Notice.RelayKind.INCIDENT)
    windows = [(window, window.pk in relayed_windows) for window in _relayable_windows()]
    incidents = [(incident, incident.pk in relayed_incidents) for incident in status_incidents_for(user)]
    return render(request, "fiadmin/notices/list.html", {
        "page": page, "now": timezone.now(), "windows": windows, "incidents": incidents})


@audience_required(Audience.CONSOLE)
def notice_new(request: HttpRequest) -> HttpResponse:
    form = BankNoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.notice_publish(actor=request.user, title=data["title"], body=data["body"],
                                    publish_at=data["publish_at"], is_pinned=data["is_pinned"],
                                    companies=form.targets())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("お知らせを掲載しました。") if not data["publish_at"]
                             else _("お知らせの掲載を予約しました。"))
            return redirect("console:notice_list")
    return render(request, "fiadmin/notices/form.html", {"form": form, "heading": _("お知らせを掲載する")},
                  status=400 if form.errors else 200)


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _relay(request: HttpRequest, *, source, default_text, publish, heading: str) -> HttpResponse:
    """GET: the prefilled text to edit; POST: publish it (the list's one-click button posts no text: defaults)."""
    title, body = default_text
    if request.method == "POST":
        title = request.POST.get("title", "").strip() or title
        body = request.POST.get("body", "").strip() or body
        try:
            publish(title=title, body=body)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("会員企業へお知らせを掲載しました。"))
        return redirect("console:notice_list")
    return render(request, "fiadmin/notices/relay.html", {
        "source": source, "title": title, "body": body, "heading": heading})


@audience_required(Audience.CONSOLE)
def relay_maintenance(request: HttpRequest, window_id: int) -> HttpResponse:
    window = next((window for window in _relayable_windows() if window.pk == window_id), None)
    if window is None:
        raise Http404
    return _relay(request, source=window, default_text=relay.maintenance_text(window, request.user.institution),
                  heading=_("メンテナンスを会員企業へ転載する"),
                  publish=lambda **text: services.notice_relay_maintenance(window=window, actor=request.user, **text))


@audience_required(Audience.CONSOLE)
def relay_incident(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident: Incident | None = next((incident for incident in status_incidents_for(request.user)
                                      if incident.pk == incident_id), None)
    if incident is None:
        raise Http404
    return _relay(request, source=incident, default_text=relay.incident_text(incident, request.user.institution),
                  heading=_("障害のお知らせを会員企業へ転載する"),
                  publish=lambda **text: services.notice_relay_incident(incident=incident, actor=request.user,
                                                                        **text))
