"""The status page: open critical failures and planned maintenance, as an FI admin or a member may see them.

Members and FI admins see only critical failures affecting their own FI and only the timeline entries the
system lead published to institutions (AUTH-1: nothing of other FIs leaks). Staff see every FI's.
Maintenance lists only windows that stop something: a weekly slot nobody switched on is not maintenance.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.permissions import Audience, audience_required
from ops.selectors import incidents as incident_selectors
from ops.selectors import maintenance as maintenance_selectors


@audience_required(*Audience)
def status_page(request: HttpRequest) -> HttpResponse:
    # The windows come from the same per-process state as the banners: only windows that stop something.
    active, upcoming = maintenance_selectors.announced_windows(days=maintenance_selectors.STATUS_PAGE_DAYS)
    return render(request, "ops/status.html", {
        "incidents": incident_selectors.status_incidents_for(request.user),
        "active_windows": active,
        "upcoming_windows": upcoming,
    })
