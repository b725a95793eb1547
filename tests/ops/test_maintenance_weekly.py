"""The standing Monday 22:00-24:00 window (OPS-2): generated ahead, idempotent, never missed."""

from datetime import date, datetime, timedelta

import pytest

from bigadvance.celery import app
from bigadvance.schedules import BEAT_SCHEDULE
from ops.calendar import TOKYO
from ops.models import MaintenanceWindow
from ops.services.maintenance import maintenance_weekly_generate
from ops.tasks.maintenance import maintenance_weekly_generate_task

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TOKYO)


def weekly_dates() -> list[date]:
    return list(MaintenanceWindow.objects.filter(kind=MaintenanceWindow.Kind.WEEKLY)
                .order_by("weekly_date").values_list("weekly_date", flat=True))


@pytest.mark.req("OPS-2")
def test_generator_creates_the_next_four_monday_windows():
    created = maintenance_weekly_generate(now=at(date(2026, 6, 3)))
    assert weekly_dates() == [date(2026, 6, 8), date(2026, 6, 15), date(2026, 6, 22), date(2026, 6, 29)]
    assert len(created) == 4
    for window in created:
        assert window.starts_at == at(window.weekly_date, 22)
        assert window.ends_at == window.starts_at + timedelta(hours=2)  # 24:00
        assert window.stops_service is False and window.status == MaintenanceWindow.Status.SCHEDULED
        assert window.starts_at.astimezone(TOKYO).weekday() == 0


@pytest.mark.req("OPS-2")
def test_generator_is_idempotent():
    maintenance_weekly_generate(now=at(date(2026, 6, 3)))
    assert maintenance_weekly_generate(now=at(date(2026, 6, 4))) == []
    assert len(weekly_dates()) == 4


@pytest.mark.req("OPS-2")
def test_on_a_monday_that_evening_is_included():
    maintenance_weekly_generate(now=at(date(2026, 6, 8), hour=23))
    assert weekly_dates()[0] == date(2026, 6, 8)
    assert len(weekly_dates()) == 4


@pytest.mark.req("OPS-2")
def test_generator_across_year_end():
    maintenance_weekly_generate(now=at(date(2026, 12, 23)))
    assert weekly_dates() == [date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18)]


@pytest.mark.req("OPS-2")
def test_generator_fills_the_gap_after_skipped_weeks():
    maintenance_weekly_generate(now=at(date(2026, 6, 3)))
    created = maintenance_weekly_generate(now=at(date(2026, 7, 8)))  # nothing ran for five weeks
    assert [window.weekly_date for window in created] == [
        date(2026, 7, 13), date(2026, 7, 20), date(2026, 7, 27), date(2026, 8, 3)]
    # Monday 6 July has passed: a slot in the past is not made up after the fact.
    assert weekly_dates() == [date(2026, 6, 8), date(2026, 6, 15), date(2026, 6, 22), date(2026, 6, 29),
                              date(2026, 7, 13), date(2026, 7, 20), date(2026, 7, 27), date(2026, 8, 3)]


@pytest.mark.req("OPS-2")
def test_generator_fills_a_missing_week_between_existing_ones():
    maintenance_weekly_generate(now=at(date(2026, 6, 3)))
    MaintenanceWindow.objects.filter(weekly_date=date(2026, 6, 15)).delete()
    created = maintenance_weekly_generate(now=at(date(2026, 6, 10)))
    assert [window.weekly_date for window in created] == [date(2026, 6, 15), date(2026, 7, 6)]
    assert weekly_dates() == [date(2026, 6, 8), date(2026, 6, 15), date(2026, 6, 22), date(2026, 6, 29),
                              date(2026, 7, 6)]
    filled = created[0]
    assert filled.starts_at == at(date(2026, 6, 15), 22) and filled.ends_at == at(date(2026, 6, 16), 0)
    assert filled.kind == MaintenanceWindow.Kind.WEEKLY and filled.stops_service is False


@pytest.mark.req("OPS-2")
def test_weeks_ahead_is_a_setting(settings):
    settings.MAINTENANCE_WEEKLY_WEEKS_AHEAD = 6
    maintenance_weekly_generate(now=at(date(2026, 6, 3)))
    assert len(weekly_dates()) == 6


@pytest.mark.req("OPS-2")
def test_cancelled_weekly_window_is_not_recreated():
    maintenance_weekly_generate(now=at(date(2026, 6, 3)))
    MaintenanceWindow.objects.filter(weekly_date=date(2026, 6, 8)).update(status=MaintenanceWindow.Status.CANCELLED)
    maintenance_weekly_generate(now=at(date(2026, 6, 4)))
    assert MaintenanceWindow.objects.get(weekly_date=date(2026, 6, 8)).status == MaintenanceWindow.Status.CANCELLED


@pytest.mark.req("OPS-2")
def test_beat_runs_the_generator_and_every_maintenance_job(time_machine):
    names = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    expected = {"ops.tasks.maintenance.maintenance_weekly_generate_task",
                "ops.tasks.maintenance.maintenance_advance_states_task",
                "ops.tasks.maintenance.maintenance_send_reminders_task",
                "ops.tasks.maintenance.notifications_send_due_task"}
    assert expected <= names
    assert expected <= set(app.tasks)
    time_machine.move_to(at(date(2026, 6, 3)), tick=False)
    assert maintenance_weekly_generate_task.delay().get() == 4
    assert len(weekly_dates()) == 4
