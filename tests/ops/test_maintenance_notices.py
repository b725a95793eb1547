"""Announcing release and ad-hoc windows (OPS-3, OPS-4): the notice period, emergencies, every notice email."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import FinancialInstitution
from ops.calendar import TOKYO, add_business_days
from ops.models import EmailLog, MaintenanceWindow
from ops.services import maintenance as services
from tests.factories import FIAdminFactory, InstitutionFactory, MaintenanceContactFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 6, 1, 10, 0, tzinfo=TOKYO)


def night_of(business_days: int, *, hour: int = 22) -> tuple[datetime, datetime]:
    day = add_business_days(MONDAY_MORNING.date(), business_days)
    starts_at = datetime(day.year, day.month, day.day, hour, tzinfo=TOKYO)
    return starts_at, starts_at.replace(hour=hour + 1)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    return MONDAY_MORNING


@pytest.fixture
def recipients(bank, other_bank) -> set[str]:
    """Who must hear of a window: every active FI's contacts and active admins, and nobody else."""
    wanted = [MaintenanceContactFactory(institution=bank).email, MaintenanceContactFactory(institution=bank).email,
              MaintenanceContactFactory(institution=other_bank).email,
              FIAdminFactory(institution=bank).email, FIAdminFactory(institution=other_bank).email]
    terminated = InstitutionFactory(status=FinancialInstitution.Status.TERMINATED)
    MaintenanceContactFactory(institution=terminated)
    FIAdminFactory(institution=terminated)
    FIAdminFactory(institution=bank, is_active=False)
    UserFactory()  # a member user is told by the FI, not by us
    return set(wanted)


def schedule(starts_at, ends_at, **kwargs) -> MaintenanceWindow:
    return services.maintenance_schedule(kind=kwargs.pop("kind", MaintenanceWindow.Kind.ADHOC),
                                         starts_at=starts_at, ends_at=ends_at,
                                         message="データベース更新のため停止します。", **kwargs)


@pytest.mark.req("OPS-4")
@pytest.mark.parametrize("business_days", [3, 4])
def test_adhoc_window_with_short_notice_is_refused(now, recipients, mailoutbox, business_days):
    with pytest.raises(ValidationError) as refused:
        schedule(*night_of(business_days))
    assert "5営業日前までに告知が必要です" in refused.value.messages[0]
    assert not MaintenanceWindow.objects.exists() and mailoutbox == []


@pytest.mark.req("OPS-4")
def test_release_window_follows_the_same_notice_rule(now):
    with pytest.raises(ValidationError):
        schedule(*night_of(2), kind=MaintenanceWindow.Kind.RELEASE)


@pytest.mark.req("OPS-3", "OPS-4")
@pytest.mark.parametrize("business_days", [5, 6])
def test_window_announced_in_time_emails_every_contact_and_fi_admin(
        now, recipients, mailoutbox, django_capture_on_commit_callbacks, business_days):
    with django_capture_on_commit_callbacks(execute=True):
        window = schedule(*night_of(business_days), kind=MaintenanceWindow.Kind.RELEASE)
    assert window.status == MaintenanceWindow.Status.SCHEDULED and window.announced_at == now
    assert sorted(m.to[0] for m in mailoutbox) == sorted(recipients)
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert "メンテナンス実施のお知らせ" in mailoutbox[0].subject
    assert "データベース更新のため停止します。" in mailoutbox[0].body
    assert "2026-06-08 22:00" in mailoutbox[0].body or "2026-06-09 22:00" in mailoutbox[0].body
    log = EmailLog.objects.filter(reference=f"maintenance:{window.pk}")
    assert set(log.values_list("recipient", flat=True)) == recipients
    window.refresh_from_db()
    assert window.announcement_sent_at is not None


@pytest.mark.req("OPS-4")
def test_emergency_needs_a_reason_which_is_recorded_and_sent(
        now, recipients, mailoutbox, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as refused:
        schedule(*night_of(1), is_emergency=True)
    assert "理由" in refused.value.messages[0]
    with django_capture_on_commit_callbacks(execute=True):
        window = schedule(*night_of(1), is_emergency=True, emergency_reason="脆弱性対応のため")
    assert window.is_emergency and window.emergency_reason == "脆弱性対応のため"
    assert len(mailoutbox) == len(recipients)
    assert "緊急" in mailoutbox[0].subject and "脆弱性対応のため" in mailoutbox[0].body


@pytest.mark.req("OPS-4")
def test_each_notice_is_sent_once(now, recipients, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        window = schedule(*night_of(6))
    assert services.maintenance_notice_send(window_id=window.pk, notice="announced") == 0
    assert len(mailoutbox) == len(recipients)


@pytest.mark.req("OPS-4")
def test_reminder_goes_out_from_10_on_the_business_day_before(
        now, recipients, mailoutbox, django_capture_on_commit_callbacks, time_machine):
    starts_at, ends_at = night_of(6)  # Tuesday 9 June; the business day before is Monday 8 June
    with django_capture_on_commit_callbacks(execute=True):
        window = schedule(starts_at, ends_at)
    mailoutbox.clear()
    time_machine.move_to(datetime(2026, 6, 8, 9, 59, tzinfo=TOKYO), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.maintenance_send_reminders() == 0
    time_machine.move_to(datetime(2026, 6, 8, 10, 0, tzinfo=TOKYO), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.maintenance_send_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.maintenance_send_reminders() == 0
    assert len(mailoutbox) == len(recipients)
    assert "前営業日" in mailoutbox[0].subject
    window.refresh_from_db()
    assert window.reminder_sent_at is not None


@pytest.mark.req("OPS-4")
def test_start_and_end_notices_follow_the_clock(
        now, recipients, mailoutbox, django_capture_on_commit_callbacks, time_machine):
    starts_at, ends_at = night_of(6)
    with django_capture_on_commit_callbacks(execute=True):
        window = schedule(starts_at, ends_at)
    mailoutbox.clear()
    time_machine.move_to(starts_at, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.maintenance_advance_states() == {"started": 1, "ended": 0}
        assert services.maintenance_advance_states() == {"started": 0, "ended": 0}
    window.refresh_from_db()
    assert window.status == MaintenanceWindow.Status.IN_PROGRESS
    assert [m.subject for m in mailoutbox][:1] == ["[Big Advance] メンテナンスを開始しました"]
    time_machine.move_to(ends_at, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.maintenance_advance_states() == {"started": 0, "ended": 1}
    window.refresh_from_db()
    assert window.status == MaintenanceWindow.Status.COMPLETED and window.completed_at == ends_at
    assert len(mailoutbox) == 2 * len(recipients)
    assert mailoutbox[-1].subject == "[Big Advance] メンテナンスが終了しました"


@pytest.mark.req("OPS-4")
def test_cancelling_an_announced_window_tells_the_fis(now, recipients, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        window = schedule(*night_of(6))
    with django_capture_on_commit_callbacks(execute=True):
        services.maintenance_cancel(window=window, reason="作業内容の見直し")
    window.refresh_from_db()
    assert window.status == MaintenanceWindow.Status.CANCELLED and window.cancel_reason == "作業内容の見直し"
    assert len(mailoutbox) == 2 * len(recipients)
    assert "中止" in mailoutbox[-1].subject


def test_weekly_windows_cannot_be_scheduled_by_hand(now):
    with pytest.raises(ValidationError):
        schedule(*night_of(6), kind=MaintenanceWindow.Kind.WEEKLY)


@pytest.mark.req("OPS-4")
def test_command_refuses_short_notice_with_a_japanese_error(now, monkeypatch, capsys):
    starts_at, ends_at = night_of(3)
    argv = ["manage.py", "maintenance", "schedule", "--kind", "adhoc", "--start", f"{starts_at:%Y-%m-%d %H:%M}",
            "--end", f"{ends_at:%Y-%m-%d %H:%M}", "--message", "臨時メンテナンス"]
    with pytest.raises(CommandError, match="5営業日前までに告知が必要です"):
        call_command(*argv[1:])
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)  # keep the test's transaction open
    from ops.management.commands.maintenance import Command

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(argv)
    assert exited.value.code == 1
    assert "5営業日前までに告知が必要です" in capsys.readouterr().err
    assert not MaintenanceWindow.objects.exists()


@pytest.mark.req("OPS-4")
def test_command_schedules_start_and_end(now, recipients, mailoutbox, django_capture_on_commit_callbacks):
    starts_at, ends_at = night_of(6)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("maintenance", "schedule", "--kind", "release", "--start", f"{starts_at:%Y-%m-%d %H:%M}",
                     "--end", f"{ends_at:%Y-%m-%d %H:%M}", "--message", "新機能リリース", "--features", "portal,api")
    window = MaintenanceWindow.objects.get()
    assert window.starts_at == starts_at and window.kind == MaintenanceWindow.Kind.RELEASE
    assert window.features == ["portal", "api"] and window.scope == MaintenanceWindow.Scope.FEATURES
    assert len(mailoutbox) == len(recipients)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("maintenance", "start", "--minutes", "30", "--reason", "障害対応")
    emergency = MaintenanceWindow.objects.get(is_emergency=True)
    assert emergency.stops_service and emergency.status == MaintenanceWindow.Status.IN_PROGRESS
    assert emergency.emergency_reason == "障害対応"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("maintenance", "end")
    emergency.refresh_from_db()
    assert emergency.status == MaintenanceWindow.Status.COMPLETED
    with pytest.raises(CommandError, match="実施中のメンテナンスはありません"):
        call_command("maintenance", "end")
    assert len(mailoutbox) == 3 * len(recipients)  # announced, emergency started, emergency ended


@pytest.mark.req("OPS-3")
def test_unknown_features_are_refused_in_japanese(now):
    starts_at, ends_at = night_of(6)
    with pytest.raises(CommandError, match="不明な機能です: chat"):
        call_command("maintenance", "schedule", "--kind", "release", "--start", f"{starts_at:%Y-%m-%d %H:%M}",
                     "--end", f"{ends_at:%Y-%m-%d %H:%M}", "--message", "リリース", "--features", "api,chat")
    assert not MaintenanceWindow.objects.exists()


@pytest.mark.req("OPS-4")
def test_the_notice_of_a_feature_window_names_what_stops(now, recipients, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    starts_at, ends_at = night_of(6)
    with django_capture_on_commit_callbacks(execute=True):
        services.maintenance_schedule(kind=MaintenanceWindow.Kind.RELEASE, starts_at=starts_at, ends_at=ends_at,
                                      message="API のリリース", features=["api"])
    assert "メンテナンス中は API を利用できません。その他の機能は利用できます" in mailoutbox[0].body
