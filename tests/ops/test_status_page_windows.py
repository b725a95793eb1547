"""The status page lists only maintenance that stops something (issue 6, item 10)."""

from datetime import datetime, timedelta

import pytest

from ops.calendar import TOKYO
from ops.models import MaintenanceWindow
from ops.services import maintenance as services
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = pytest.mark.django_db

MONDAY_NIGHT = datetime(2026, 6, 8, 22, 30, tzinfo=TOKYO)  # inside this Monday's weekly slot
WEEKLY_TEXT = "定期メンテナンス（毎週月曜 22:00〜24:00）の時間帯です。"


@pytest.fixture
def member_client(client, member, time_machine):
    time_machine.move_to(MONDAY_NIGHT, tick=False)
    services.maintenance_weekly_generate(now=MONDAY_NIGHT - timedelta(days=1))
    client.force_login(member)
    return client


@pytest.mark.req("OPS-2", "OPS-4")
def test_weekly_slots_not_switched_on_are_not_listed(member_client):
    assert MaintenanceWindow.objects.filter(kind=MaintenanceWindow.Kind.WEEKLY).count() >= 4
    page = member_client.get("/status/").content.decode()
    assert WEEKLY_TEXT not in page
    assert "予定されているメンテナンスはありません。" in page


@pytest.mark.req("OPS-2", "OPS-4")
def test_a_weekly_slot_switched_on_is_listed(member_client):
    next_week = MaintenanceWindow.objects.get(weekly_date=MONDAY_NIGHT.date() + timedelta(days=7))
    services.maintenance_update(window=next_week, stops_service=True, message="データベースの更新作業")
    page = member_client.get("/status/").content.decode()
    assert "データベースの更新作業" in page and "2026-06-15 22:00" in page
    assert WEEKLY_TEXT not in page  # the other weeks still stop nothing


@pytest.mark.req("OPS-4")
def test_announced_windows_are_listed_running_and_planned(member_client):
    MaintenanceWindowFactory(starts_at=MONDAY_NIGHT - timedelta(minutes=10), message="API のデータ修正",
                             scope=MaintenanceWindow.Scope.FEATURES, features=["api"])
    MaintenanceWindowFactory(starts_at=MONDAY_NIGHT + timedelta(days=10), kind=MaintenanceWindow.Kind.RELEASE,
                             message="新機能のリリース")
    page = member_client.get("/status/").content.decode()
    assert "実施中" in page and "API のデータ修正" in page
    assert "新機能のリリース" in page
