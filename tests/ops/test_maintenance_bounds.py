"""No typed date can stall the service: maintenance windows have bounds, refused at once with a Japanese
message, and the notice rule is worked out before the write transaction opens (OPS-3, OPS-4, OPS-5)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ops.calendar import TOKYO
from ops.models import MaintenanceWindow
from ops.services import maintenance as services

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 6, 1, 10, 0, tzinfo=TOKYO)
TOO_FAR = "開始日時は今日から730日以内にしてください。"
TOO_LONG = "メンテナンスの時間は72時間以内にしてください。"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    return MONDAY_MORNING


@pytest.fixture
def no_calendar_work(monkeypatch):
    """Counting business days up to the year 9999 is what kept the server busy for minutes."""

    def refuse(*args, **kwargs):
        raise AssertionError("the calendar was asked about a window that the bounds refuse")

    for name in ("business_days_between", "add_business_days"):
        monkeypatch.setattr(services, name, refuse)


def schedule(starts_at: datetime, ends_at: datetime, **kwargs) -> MaintenanceWindow:
    return services.maintenance_schedule(kind=MaintenanceWindow.Kind.ADHOC, starts_at=starts_at, ends_at=ends_at,
                                         message="データベース更新のため停止します。", **kwargs)


@pytest.mark.req("OPS-4")
@pytest.mark.usefixtures("now", "no_calendar_work")
@pytest.mark.parametrize(("starts_at", "ends_at"), [
    (datetime(9999, 12, 31, 22, 0, tzinfo=TOKYO), datetime(9999, 12, 31, 23, 0, tzinfo=TOKYO)),
    (datetime(9999, 12, 31, 22, 0, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),  # no overflow
    (MONDAY_MORNING + timedelta(days=731), MONDAY_MORNING + timedelta(days=731, hours=1)),
])
def test_a_window_too_far_ahead_is_refused_at_once(starts_at, ends_at):
    for emergency in ({}, {"is_emergency": True, "emergency_reason": "緊急"}):
        with pytest.raises(ValidationError) as refused:
            schedule(starts_at, ends_at, **emergency)
        assert refused.value.messages == [TOO_FAR]
    assert not MaintenanceWindow.objects.exists()


@pytest.mark.req("OPS-4")
@pytest.mark.usefixtures("now", "no_calendar_work")
def test_the_command_refuses_the_year_9999_with_the_reason():
    with pytest.raises(CommandError, match=TOO_FAR):
        call_command("maintenance", "schedule", "--kind", "adhoc", "--start", "9999-12-31 22:00",
                     "--end", "9999-12-31 23:00", "--message", "臨時メンテナンス")
    assert not MaintenanceWindow.objects.exists()


@pytest.mark.req("OPS-4")
@pytest.mark.usefixtures("now", "no_calendar_work")
@pytest.mark.parametrize("starts_at", [MONDAY_MORNING + timedelta(days=10), datetime(1, 1, 1, tzinfo=UTC)])
def test_a_window_longer_than_the_limit_is_refused(starts_at):
    with pytest.raises(ValidationError) as refused:
        schedule(starts_at, MONDAY_MORNING + timedelta(days=40), is_emergency=True, emergency_reason="緊急")
    assert refused.value.messages == [TOO_LONG]
    assert not MaintenanceWindow.objects.exists()


@pytest.mark.req("OPS-4")
@pytest.mark.usefixtures("now")
def test_the_limits_are_settings(settings):
    settings.MAINTENANCE_MAX_DAYS_AHEAD, settings.MAINTENANCE_MAX_HOURS = 30, 2
    with pytest.raises(ValidationError, match="今日から30日以内"):
        schedule(MONDAY_MORNING + timedelta(days=31), MONDAY_MORNING + timedelta(days=31, hours=1))
    with pytest.raises(ValidationError, match="2時間以内"):
        schedule(MONDAY_MORNING + timedelta(days=20), MONDAY_MORNING + timedelta(days=20, hours=3))
    window = schedule(MONDAY_MORNING + timedelta(days=29), MONDAY_MORNING + timedelta(days=29, hours=2))
    assert window.pk


@pytest.mark.req("OPS-5")
@pytest.mark.usefixtures("now")
@pytest.mark.parametrize("minutes", [72 * 60 + 1, 10**12])
def test_stopping_now_for_longer_than_the_limit_is_refused(minutes):
    with pytest.raises(ValidationError) as refused:
        services.maintenance_start_now(minutes=minutes, reason="障害対応")
    assert refused.value.messages == [TOO_LONG]
    with pytest.raises(CommandError, match=TOO_LONG):
        call_command("maintenance", "start", "--minutes", str(minutes), "--reason", "障害対応")
    assert not MaintenanceWindow.objects.exists()


@pytest.mark.req("OPS-4")
@pytest.mark.django_db(transaction=True)
def test_the_notice_rule_is_worked_out_before_the_transaction_opens(now, monkeypatch):
    """A slow calendar question must never hold a write transaction (and its locks) open."""
    in_transaction = []
    real = services.business_days_between

    def watched(*args):
        in_transaction.append(connection.in_atomic_block)
        return real(*args)

    monkeypatch.setattr(services, "business_days_between", watched)
    schedule(MONDAY_MORNING + timedelta(days=14), MONDAY_MORNING + timedelta(days=14, hours=1))
    assert in_transaction == [False]
    assert MaintenanceWindow.objects.count() == 1
