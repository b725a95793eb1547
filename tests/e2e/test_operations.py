"""The maintenance page and the critical-failure banner as a person sees them in Chromium (OPS-5, INC-2)."""

import pytest
from django.core.cache import cache

from ops.models import Incident
from ops.services.incidents import incident_open
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]



@pytest.mark.req("OPS-5")
def test_member_sees_the_maintenance_page_while_a_window_stops_the_service(page, member, log_in, screenshot):
    log_in(page, member)
    MaintenanceWindowFactory(message="基幹システム更新のため、サービスを停止しています。")
    cache.clear()  # the factory skips the service, which would drop the cached "no stop" state itself
    response = page.goto(page.base_url + "/portal/")
    assert response.status == 503
    assert int(response.headers["retry-after"]) > 3000
    assert page.locator("h1").inner_text() == "メンテナンス中"
    assert page.get_by_text("基幹システム更新のため").is_visible()
    shot = screenshot(page, "maintenance-page")
    assert shot.stat().st_size > 10_000


@pytest.mark.req("INC-2")
def test_member_sees_the_critical_failure_banner_and_status_page(page, member, log_in, system_lead,
                                                                 screenshot):
    incident_open(title="会員ポータルに接続しにくい状態", severity=Incident.Severity.CRITICAL, actor=system_lead,
                  message="一部のお客さまでポータルの表示が遅くなっています。")
    log_in(page, member)
    banner = page.locator("#banners [role=alert]")
    assert "重要障害が発生しています: 会員ポータルに接続しにくい状態" in banner.inner_text()
    screenshot(page, "incident-banner")
    banner.locator("a").click()
    page.wait_for_url("**/status/")
    assert "会員ポータルに接続しにくい状態" in page.content()
    assert screenshot(page, "status-page").stat().st_size > 10_000
