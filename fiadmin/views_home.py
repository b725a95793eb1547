"""The console home (issue 9 item 1): what waits for the bank's admin today, its members at a glance, charts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.permissions import Audience, audience_required

from . import home_stats
from .charts import bars_svg, columns_svg
from .company_listing import companies_by_status


@audience_required(Audience.CONSOLE)
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    period = request.GET.get("period") if request.GET.get("period") in home_stats.PERIODS else "30"
    logins = home_stats.logins_per_day(user)
    needs, stages = home_stats.needs_and_deals(user)
    funnel = home_stats.funnel(user, home_stats.PERIODS[period])
    return render(request, "fiadmin/home.html", {
        "waiting": home_stats.waiting_for(user),
        "by_status": companies_by_status(user),
        "users": home_stats.active_users(user),
        "logins": logins, "logins_svg": columns_svg(logins, label_every=5),
        "needs": needs, "stages": stages, "stages_svg": bars_svg(stages),
        "funnel": funnel, "funnel_svg": bars_svg(funnel),
        "period": period, "periods": home_stats.PERIODS,
        **home_stats.operations_notices(user),
    })
