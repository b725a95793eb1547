"""The status page: open critical failures and planned maintenance, as an FI admin or a member may see them.

Members and FI admins see only critical failures affecting their own FI and only the timeline entries the
system lead published to institutions (AUTH-1: nothing of other FIs leaks). Staff see every FI's.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from members.permissions import Audience, can_enter
from ops.selectors import incidents as selectors

STATUS_AUDIENCES = (Audience.PORTAL, Audience.CONSOLE, Audience.DESK, Audience.OPERATIONS)


def _maintenance_windows() -> tuple[list, list]:
    """Active and upcoming windows, when the maintenance selectors provide them."""
    from ops.selectors import maintenance

    if not (hasattr(maintenance, "active_windows") and hasattr(maintenance, "upcoming_windows")):
        return [], []
    return list(maintenance.active_windows().order_by("starts_at")), list(maintenance.upcoming_windows(days=30))


def status_audience_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not any(can_enter(request.user, audience) for audience in STATUS_AUDIENCES):
            raise PermissionDenied(_("この画面を利用する権限がありません。"))
        return view(request, *args, **kwargs)

    wrapper.audience = STATUS_AUDIENCES
    return wrapper


@status_audience_required
def status_page(request: HttpRequest) -> HttpResponse:
    active, upcoming = _maintenance_windows()
    return render(request, "ops/status.html", {
        "incidents": selectors.status_incidents_for(request.user),
        "active_windows": active, "upcoming_windows": upcoming,
    })
