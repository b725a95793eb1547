"""Operations pages, Django admin and demo data for maintenance windows."""

import re
from datetime import datetime, timedelta

import pytest

from ops.calendar import TOKYO, add_business_days, business_days_between
from ops.demo.maintenance import seed
from ops.models import MaintenanceWindow
from tests.factories import MaintenanceContactFactory
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=TOKYO)


@pytest.fixture
def operator_client(client, operator, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(operator)
    return client


def form_data(business_days: int, **extra) -> dict:
    day = add_business_days(NOW.date(), business_days)
    return {"kind": "adhoc", "starts_at": f"{day}T22:00", "ends_at": f"{day}T23:30",
            "message": "ネットワーク機器の交換のため停止します。", "stops_service": "on", **extra}


@pytest.mark.req("OPS-4")
def test_operator_announces_a_window_from_the_page(operator_client, bank, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    contact = MaintenanceContactFactory(institution=bank)
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post("/operations/maintenance/new/", form_data(6))
    window = MaintenanceWindow.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/operations/maintenance/{window.pk}/"
    assert window.starts_at == datetime(2026, 6, 9, 22, 0, tzinfo=TOKYO)
    assert [m.to for m in mailoutbox] == [[contact.email]]
    detail = operator_client.get(response["Location"]).content.decode()
    assert contact.email in detail


@pytest.mark.req("OPS-4")
def test_page_refuses_short_notice_in_japanese(operator_client):
    response = operator_client.post("/operations/maintenance/new/", form_data(3))
    assert response.status_code == 200
    assert "5営業日前までに告知が必要です" in response.content.decode()
    assert not MaintenanceWindow.objects.exists()


@pytest.mark.req("OPS-4")
def test_page_accepts_an_emergency_with_reason(operator_client):
    response = operator_client.post("/operations/maintenance/new/",
                                    form_data(1, is_emergency="on", emergency_reason="セキュリティ修正"))
    assert response.status_code == 302
    assert MaintenanceWindow.objects.get().emergency_reason == "セキュリティ修正"


def test_list_shows_windows_and_links_from_home(operator_client):
    window = MaintenanceWindowFactory(starts_at=NOW + timedelta(days=10), message="リリース作業の予定")
    assert "/operations/maintenance/" in operator_client.get("/operations/").content.decode()
    page = operator_client.get("/operations/maintenance/").content.decode()
    assert "リリース作業の予定" in page and f"/operations/maintenance/{window.pk}/" in page


@pytest.mark.req("OPS-5")
def test_operator_ends_and_cancels_from_the_page(operator_client):
    running = MaintenanceWindowFactory(starts_at=NOW - timedelta(minutes=5))
    planned = MaintenanceWindowFactory(starts_at=NOW + timedelta(days=10))
    operator_client.post(f"/operations/maintenance/{running.pk}/end/")
    operator_client.post(f"/operations/maintenance/{planned.pk}/cancel/", {"reason": "延期"})
    running.refresh_from_db()
    planned.refresh_from_db()
    assert running.status == MaintenanceWindow.Status.COMPLETED
    assert planned.status == MaintenanceWindow.Status.CANCELLED and planned.cancel_reason == "延期"
    response = operator_client.post(f"/operations/maintenance/{planned.pk}/end/", follow=True)
    assert "既に終了または中止されています" in response.content.decode()


@pytest.mark.req("OPS-2")
def test_operator_switches_a_weekly_slot_on(operator_client):
    weekly = MaintenanceWindowFactory(kind=MaintenanceWindow.Kind.WEEKLY, stops_service=False,
                                      starts_at=NOW + timedelta(days=7))
    operator_client.post(f"/operations/maintenance/{weekly.pk}/update/",
                         {"stops_service": "on", "message": "DB保守のため停止します。"})
    weekly.refresh_from_db()
    assert weekly.stops_service and weekly.message == "DB保守のため停止します。"


@pytest.mark.parametrize("user_fixture", ["member", "fi_admin", "support_staff"])
def test_pages_are_for_operations_only(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get("/operations/maintenance/").status_code == 403
    assert client.post("/operations/maintenance/new/", form_data(6)).status_code == 403
    assert not MaintenanceWindow.objects.exists()


def test_admin_lists_windows_and_saves_through_the_service(operator_client):
    window = MaintenanceWindowFactory(starts_at=NOW + timedelta(days=10), stops_service=False)
    assert operator_client.get("/admin/ops/maintenancewindow/").status_code == 200
    response = operator_client.post(f"/admin/ops/maintenancewindow/{window.pk}/change/",
                                    {"stops_service": "on", "message": "管理画面から変更"})
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.stops_service and window.message == "管理画面から変更"
    assert operator_client.get("/admin/ops/maintenancewindow/add/").status_code == 403


@pytest.mark.req("OPS-2", "OPS-4")
def test_demo_seed_is_idempotent(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(NOW, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        seed()
        seed()
    assert MaintenanceWindow.objects.filter(kind=MaintenanceWindow.Kind.WEEKLY).count() == 4
    adhoc = MaintenanceWindow.objects.get(kind=MaintenanceWindow.Kind.ADHOC)
    assert business_days_between(NOW.date(), adhoc.starts_at.astimezone(TOKYO).date()) >= 5
    assert not adhoc.is_emergency


@pytest.mark.req("OPS-3")
def test_operator_limits_a_window_to_listed_features(operator_client, django_capture_on_commit_callbacks):
    page = operator_client.get("/operations/maintenance/new/").content.decode()
    assert 'value="api"' in page and "会員ポータル" in page
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post("/operations/maintenance/new/", form_data(6, features=["api", "documents"]))
    window = MaintenanceWindow.objects.get()
    assert window.features == ["api", "documents"] and window.scope == MaintenanceWindow.Scope.FEATURES
    detail = operator_client.get(f"/operations/maintenance/{window.pk}/").content.decode()
    assert "API、サービス文書" in detail


def test_an_unknown_feature_is_refused_by_the_form(operator_client):
    response = operator_client.post("/operations/maintenance/new/", form_data(6, features=["chat"]))
    assert response.status_code == 200 and not MaintenanceWindow.objects.exists()


# Item 18: the form says what is wrong and accepts how Japanese people write.

def _starts(business_days: int) -> datetime:
    day = add_business_days(NOW.date(), business_days)
    return datetime(day.year, day.month, day.day, 22, 0, tzinfo=TOKYO)


@pytest.mark.parametrize("style", ["{d:%Y/%m/%d} {t}", "{d.year}年{d.month}月{d.day}日 {t}", "{d:%Y-%m-%d} {t}"])
def test_page_accepts_dates_as_japanese_people_type_them(operator_client, style):
    day = _starts(6).date()
    data = form_data(6, starts_at=style.format(d=day, t="22:00"), ends_at=style.format(d=day, t="23:30"))
    response = operator_client.post("/operations/maintenance/new/", data)
    assert response.status_code == 302, response.content.decode()
    window = MaintenanceWindow.objects.get()
    assert window.starts_at == _starts(6) and window.ends_at == _starts(6) + timedelta(minutes=90)


def test_page_names_the_expected_date_format(operator_client):
    response = operator_client.post("/operations/maintenance/new/", form_data(6, starts_at="6月9日の夜"))
    page = response.content.decode()
    assert response.status_code == 200 and not MaintenanceWindow.objects.exists()
    assert "日時は「2027-02-10 22:00」または「2027年2月10日 22:00」の形式で入力してください。" in page
    assert 'id="id_starts_at_error"' in page  # beside the field


def test_date_fields_are_pickers(operator_client):
    page = operator_client.get("/operations/maintenance/new/").content.decode()
    assert page.count('type="datetime-local"') == 2


def test_each_checkbox_sits_inside_its_own_label(operator_client):
    page = operator_client.get("/operations/maintenance/new/").content.decode()
    for name, label in [("stops_service", "サービスを停止する（メンテナンス画面を表示）"),
                        ("is_emergency", "緊急（5営業日前の告知ができない）"), ("features", "会員ポータル")]:
        assert re.search(rf'<label[^>]*>\s*<input type="checkbox" name="{name}"[^>]*>\s*{re.escape(label)}\s*</label>',
                         page), name


def test_a_window_longer_than_the_maximum_is_refused(operator_client, settings):
    settings.MAINTENANCE_MAX_HOURS = 72
    starts = _starts(6)
    data = form_data(6, ends_at=f"{(starts + timedelta(days=30)):%Y-%m-%d %H:%M}")
    response = operator_client.post("/operations/maintenance/new/", data)
    assert response.status_code == 200 and not MaintenanceWindow.objects.exists()
    assert "メンテナンスの時間は最長72時間です。" in response.content.decode()


def test_an_overlapping_window_is_named_and_needs_confirmation(operator_client):
    other = MaintenanceWindowFactory(starts_at=_starts(6) + timedelta(minutes=30), message="既存の作業")
    response = operator_client.post("/operations/maintenance/new/", form_data(6))
    page = response.content.decode()
    assert response.status_code == 200 and MaintenanceWindow.objects.count() == 1
    assert f"{other.starts_at.astimezone(TOKYO):%Y-%m-%d %H:%M}" in page and "臨時メンテナンス" in page
    assert '<input type="checkbox" name="allow_overlap"' in page
    response = operator_client.post("/operations/maintenance/new/", form_data(6, allow_overlap="on"))
    assert response.status_code == 302 and MaintenanceWindow.objects.count() == 2


def test_a_weekly_slot_not_switched_on_is_no_overlap(operator_client):
    MaintenanceWindowFactory(kind=MaintenanceWindow.Kind.WEEKLY, stops_service=False, starts_at=_starts(6))
    assert operator_client.post("/operations/maintenance/new/", form_data(6)).status_code == 302


def test_a_notice_longer_than_1000_characters_is_refused(operator_client, mailoutbox):
    response = operator_client.post("/operations/maintenance/new/", form_data(6, message="あ" * 5000))
    assert response.status_code == 200 and not MaintenanceWindow.objects.exists() and mailoutbox == []
    assert "1000文字以内で入力してください（現在5000文字）。" in response.content.decode()


def test_an_update_longer_than_1000_characters_is_refused(operator_client):
    window = MaintenanceWindowFactory(starts_at=NOW + timedelta(days=10))
    response = operator_client.post(f"/operations/maintenance/{window.pk}/update/",
                                    {"stops_service": "on", "message": "あ" * 5000}, follow=True)
    assert "お知らせ文：1000文字以内で入力してください（現在5000文字）。" in response.content.decode()
    window.refresh_from_db()
    assert window.message != "あ" * 5000


def test_a_cancel_needs_a_reason(operator_client):
    window = MaintenanceWindowFactory(starts_at=NOW + timedelta(days=10))
    response = operator_client.post(f"/operations/maintenance/{window.pk}/cancel/", {"reason": "  "}, follow=True)
    assert "中止の理由を入力してください。" in response.content.decode()
    window.refresh_from_db()
    assert window.status == MaintenanceWindow.Status.SCHEDULED


def test_the_cancel_service_needs_a_reason_too():
    from django.core.exceptions import ValidationError

    from ops.services.maintenance import maintenance_cancel

    window = MaintenanceWindowFactory(starts_at=NOW + timedelta(days=10))
    with pytest.raises(ValidationError, match="中止の理由"):
        maintenance_cancel(window=window, reason="")
