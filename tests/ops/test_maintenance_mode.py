"""Maintenance mode (OPS-1, OPS-5): a 503 page while a window stops the service; operators still work."""

from datetime import datetime, timedelta

import pytest
from rest_framework.authtoken.models import Token

from ops.calendar import TOKYO
from ops.models import MaintenanceWindow
from ops.services import maintenance as services
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 8, 22, 30, tzinfo=TOKYO)
PORTAL = "/portal/"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def window(frozen):
    """Stops the service from 22:00 to 23:00; 30 minutes are left."""
    return MaintenanceWindowFactory(starts_at=NOW - timedelta(minutes=30), ends_at=NOW + timedelta(minutes=30))


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.mark.req("OPS-1")
def test_without_a_window_the_service_answers(member_client, fi_admin, frozen):
    MaintenanceWindowFactory(starts_at=NOW + timedelta(days=1))  # planned, not yet running
    assert member_client.get(PORTAL).status_code == 200
    member_client.force_login(fi_admin)  # the API is for FI admins
    assert member_client.get("/api/v1/me/").status_code == 200


@pytest.mark.req("OPS-5")
def test_member_page_answers_503_with_retry_after(member_client, window):
    response = member_client.get(PORTAL)
    assert response.status_code == 503
    assert response["Retry-After"] == str(30 * 60)
    assert "メンテナンス中" in response.content.decode()
    assert window.message in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.req("OPS-5")
def test_anonymous_pages_answer_503_too(client, window):
    assert client.get("/").status_code == 503


@pytest.mark.req("OPS-5")
def test_api_answers_json_503(member_client, client, window):
    response = member_client.get("/api/v1/me/")
    assert response.status_code == 503
    assert response["Retry-After"] == "1800"
    body = response.json()
    assert body["retry_after"] == 1800 and "メンテナンス中" in body["detail"]


@pytest.mark.req("OPS-5")
def test_retry_after_is_at_least_one_second(member_client, frozen, window):
    frozen.move_to(window.ends_at - timedelta(milliseconds=300), tick=False)
    response = member_client.get(PORTAL)
    assert response.status_code == 503 and response["Retry-After"] == "1"


@pytest.mark.req("OPS-5")
@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/accounts/login/", "/static/css/app.css"])
def test_probes_static_files_and_login_pass(client, window, path):
    assert client.get(path).status_code != 503


@pytest.mark.req("OPS-5")
def test_operators_and_the_system_lead_still_work(client, operator, system_lead, window):
    client.force_login(operator)
    assert client.get("/operations/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/operations/maintenance/{window.pk}/").status_code == 200
    client.force_login(system_lead)
    assert client.get("/operations/").status_code == 200


@pytest.mark.req("OPS-5")
def test_operator_api_token_passes(client, operator, window):
    token = Token.objects.create(user=operator)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    # past the stop, the API's own rule answers: it is for FI admins only
    assert response.status_code == 403 and "管理者だけ" in response.json()["detail"]


@pytest.mark.req("OPS-5")
def test_fi_admin_is_stopped_like_a_member(client, fi_admin, window):
    client.force_login(fi_admin)
    assert client.get("/console/").status_code == 503


@pytest.mark.req("OPS-5")
def test_a_post_during_the_window_is_not_processed(member_client, member, password, window):
    response = member_client.post("/accounts/password/change/", {
        "old_password": password, "new_password1": "Brand-New-Pass-2026", "new_password2": "Brand-New-Pass-2026",
    })
    assert response.status_code == 503
    member.refresh_from_db()
    assert member.check_password(password)


@pytest.mark.req("OPS-1", "OPS-5")
def test_after_the_window_ends_the_service_reopens_without_restart(member_client, fi_admin, frozen, window):
    assert member_client.get(PORTAL).status_code == 503
    frozen.move_to(window.ends_at, tick=False)
    assert member_client.get(PORTAL).status_code == 200
    member_client.force_login(fi_admin)  # the API is for FI admins
    assert member_client.get("/api/v1/me/").status_code == 200


@pytest.mark.req("OPS-5")
def test_ending_the_window_reopens_at_once(member_client, client, operator, window, settings):
    settings.MAINTENANCE_STATE_CACHE_SECONDS = 3600  # a stale cache would keep the service closed
    assert member_client.get(PORTAL).status_code == 503
    services.maintenance_end(window=window)
    assert member_client.get(PORTAL).status_code == 200


@pytest.mark.req("OPS-5")
def test_state_is_read_from_the_database(member_client, frozen, window):
    """Another process (the command, a worker) starts a window: this one sees it once the cache lapses."""
    window.status = MaintenanceWindow.Status.CANCELLED
    window.save()
    assert member_client.get(PORTAL).status_code == 200
    MaintenanceWindow.objects.filter(pk=window.pk).update(status=MaintenanceWindow.Status.SCHEDULED)
    frozen.shift(timedelta(seconds=6))
    assert member_client.get(PORTAL).status_code == 503


@pytest.mark.req("OPS-2", "OPS-5")
def test_weekly_slot_stops_the_service_only_when_switched_on(member_client, frozen):
    services.maintenance_weekly_generate(now=NOW - timedelta(days=1))
    weekly = MaintenanceWindow.objects.get(weekly_date=NOW.date())
    assert member_client.get(PORTAL).status_code == 200
    services.maintenance_update(window=weekly, stops_service=True, message=weekly.message)
    response = member_client.get(PORTAL)
    assert response.status_code == 503 and response["Retry-After"] == str(90 * 60)


def test_completed_and_cancelled_windows_do_not_stop(member_client, frozen):
    for status in (MaintenanceWindow.Status.COMPLETED, MaintenanceWindow.Status.CANCELLED):
        MaintenanceWindowFactory(status=status, starts_at=NOW - timedelta(minutes=5))
    assert member_client.get(PORTAL).status_code == 200


@pytest.mark.req("OPS-4")
def test_banner_shows_upcoming_and_active_windows(member_client, frozen):
    MaintenanceWindowFactory(starts_at=NOW + timedelta(days=3), stops_service=True, message="来週のリリース作業")
    MaintenanceWindowFactory(starts_at=NOW + timedelta(days=20), message="ずっと先の作業")
    MaintenanceWindowFactory(starts_at=NOW - timedelta(minutes=5), stops_service=False, message="一部機能の停止")
    page = member_client.get(PORTAL).content.decode()
    assert "来週のリリース作業" in page and "メンテナンス予定" in page
    assert "一部機能の停止" in page and "メンテナンス実施中" in page
    assert "ずっと先の作業" not in page


@pytest.mark.req("OPS-5")
def test_a_form_posted_during_the_window_is_handed_back_without_secrets(member_client, member, password, window):
    response = member_client.post("/portal/", {
        "title": "新規取引先の紹介依頼", "body": "関東圏で精密部品の加工先を探しています。", "password": "Secret-2026x",
    })
    assert response.status_code == 503
    page = response.content.decode()
    assert "送信しようとした内容" in page
    assert "関東圏で精密部品の加工先を探しています。" in page and "新規取引先の紹介依頼" in page
    assert "Secret-2026x" not in page


@pytest.mark.req("OPS-5")
def test_an_api_post_during_the_window_gets_json_only(member_client, window):
    response = member_client.post("/api/v1/me/", {"note": "メモ"})
    assert response.status_code == 503
    assert response.json()["retry_after"] == 30 * 60


@pytest.mark.req("OPS-5")
def test_a_cache_outage_does_not_break_pages_and_the_window_still_holds(member_client, window, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    for method in ("get", "set", "delete"):
        monkeypatch.setattr(cache, method, down)
    response = member_client.get(PORTAL)
    assert response.status_code == 503 and response["Retry-After"] == str(30 * 60)
    window.delete()
    assert member_client.get(PORTAL).status_code == 200


@pytest.mark.req("OPS-3", "OPS-5")
def test_a_window_limited_to_the_api_stops_only_the_api(member_client, frozen):
    MaintenanceWindowFactory(starts_at=NOW - timedelta(minutes=5), ends_at=NOW + timedelta(minutes=10),
                             scope=MaintenanceWindow.Scope.FEATURES, features=["api"])
    api = member_client.get("/api/v1/me/")
    assert api.status_code == 503 and api["Retry-After"] == str(10 * 60)
    assert member_client.get(PORTAL).status_code == 200


@pytest.mark.req("OPS-5")
def test_a_portal_window_leaves_the_console_running(client, member, fi_admin, frozen):
    MaintenanceWindowFactory(starts_at=NOW - timedelta(minutes=5), scope=MaintenanceWindow.Scope.FEATURES,
                             features=["portal"])
    client.force_login(member)
    assert client.get(PORTAL).status_code == 503
    client.force_login(fi_admin)
    assert client.get("/console/").status_code == 200


@pytest.mark.req("OPS-5")
def test_a_whole_service_window_wins_over_a_feature_window(member_client, frozen):
    MaintenanceWindowFactory(starts_at=NOW - timedelta(minutes=5), ends_at=NOW + timedelta(hours=2),
                             features=["api"], scope=MaintenanceWindow.Scope.FEATURES)
    MaintenanceWindowFactory(starts_at=NOW - timedelta(minutes=5), ends_at=NOW + timedelta(minutes=20))
    response = member_client.get(PORTAL)
    assert response.status_code == 503 and response["Retry-After"] == str(20 * 60)
