"""Monitoring (MON-1): the checks, their history, the incidents they open, muting, DB-down spooling."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from ops import health, monitoring_checks
from ops.models import EmailLog, HealthCheckResult, Heartbeat, Incident
from ops.monitoring_checks import CHECKS
from ops.services import monitoring
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calm(settings, tmp_path):
    """Thresholds no test machine misses, and a private spool folder."""
    settings.MONITORING_DISK_MIN_FREE_PERCENT = 0
    settings.MONITORING_MEMORY_MIN_AVAILABLE_PERCENT = 0
    settings.MONITORING_SPOOL_DIR = str(tmp_path / "spool")


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setattr(health, "check_database", lambda: (False, "OperationalError"))


def _latest(name: str) -> HealthCheckResult:
    return HealthCheckResult.objects.filter(check_name=name).latest("checked_at")


@pytest.mark.req("MON-1")
def test_the_registry_holds_liveness_resources_jobs_and_security():
    assert set(CHECKS) == {"liveness", "database", "broker", "cache", "disk", "memory", "worker", "jobs",
                           "login_failures"}
    assert CHECKS["login_failures"].purpose == "security"


@pytest.mark.req("MON-1")
def test_checks_run_by_beat_at_most_every_five_minutes():
    entry = django_settings.CELERY_BEAT_SCHEDULE["monitoring-run-health-checks"]
    assert entry["task"] == "ops.tasks.incidents.run_health_checks_task"
    assert entry["schedule"] == django_settings.MONITORING_INTERVAL_SECONDS <= 300
    assert django_settings.CELERY_BEAT_SCHEDULE["monitoring-heartbeat"]["schedule"] == 60


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("system_lead")
def test_a_healthy_run_records_every_check_and_opens_nothing():
    call_command("run_health_checks")
    assert set(HealthCheckResult.objects.values_list("check_name", flat=True)) == set(CHECKS)
    assert not HealthCheckResult.objects.filter(ok=False).exists()
    assert not Incident.objects.exists()


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("database_down")
def test_database_unreachable_records_a_failure_and_opens_an_incident(system_lead, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError, match="database"):
        call_command("run_health_checks")
    assert _latest("database").ok is False
    incident = Incident.objects.get(source_check="database")
    assert incident.severity == "incident" and incident.status == "detected"
    assert [mail.to for mail in mailoutbox] == [[system_lead.email]]


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("system_lead")
def test_redis_broker_unreachable_records_a_failure_and_opens_an_incident(settings):
    settings.MONITORING_BROKER_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(CommandError, match="broker"):
        call_command("run_health_checks")
    assert _latest("broker").ok is False
    assert Incident.objects.filter(source_check="broker").exclude(status="closed").count() == 1


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("system_lead")
def test_a_failing_check_updates_its_open_incident_and_a_recovery_adds_an_entry(monkeypatch):
    monkeypatch.setattr(health, "check_database", lambda: (False, "OperationalError"))
    monitoring.health_checks_run()
    monitoring.health_checks_run()
    incident = Incident.objects.get(source_check="database")
    assert incident.entries.count() == 1  # a failure that persists does not flood the timeline
    monkeypatch.setattr(health, "check_database", lambda: (True, "ok"))
    monitoring.health_checks_run()
    monitoring.health_checks_run()
    texts = list(incident.entries.values_list("text", flat=True))
    assert len(texts) == 2 and "正常に戻りました" in texts[-1]
    monkeypatch.setattr(health, "check_database", lambda: (False, "OperationalError"))
    monitoring.health_checks_run()
    assert Incident.objects.filter(source_check="database").count() == 1
    assert "再び異常" in incident.entries.last().text


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("database_down", "system_lead")
def test_checks_are_muted_during_maintenance():
    MaintenanceWindowFactory()
    monitoring.health_checks_run()
    result = _latest("database")
    assert result.ok is False and result.muted is True
    assert not Incident.objects.exists()
    call_command("run_health_checks")  # muted failures do not fail the command


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("system_lead")
def test_results_are_spooled_while_the_database_is_down_and_replayed_after(monkeypatch):
    real_record = monitoring._record

    def unreachable(outcomes):
        raise OperationalError("database unreachable")

    monkeypatch.setattr(health, "check_database", lambda: (False, "OperationalError"))
    monkeypatch.setattr(monitoring, "_record", unreachable)
    outcomes = monitoring.health_checks_run()
    assert not HealthCheckResult.objects.exists() and any(o.check_name == "database" and not o.ok for o in outcomes)
    assert monitoring._spool_path().exists()
    monkeypatch.setattr(monitoring, "_record", real_record)
    monkeypatch.setattr(health, "check_database", lambda: (True, "ok"))
    monitoring.health_checks_run()
    assert list(HealthCheckResult.objects.filter(check_name="database").order_by("checked_at")
                .values_list("ok", flat=True)) == [False, True]
    incident = Incident.objects.get(source_check="database")
    assert "正常に戻りました" in incident.entries.last().text
    assert not monitoring._spool_path().exists()


@pytest.mark.req("MON-1")
def test_worker_heartbeat(settings):
    assert monitoring_checks.check_worker() == (True, "eager")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert monitoring_checks.check_worker()[0] is False
    monitoring.heartbeat_record(now=timezone.now() - timedelta(seconds=settings.MONITORING_HEARTBEAT_MAX_AGE_SECONDS + 5))
    assert monitoring_checks.check_worker()[0] is False
    from ops.tasks.incidents import heartbeat_task

    heartbeat_task.apply()
    assert Heartbeat.objects.get(name="worker").last_seen > timezone.now() - timedelta(seconds=5)
    assert monitoring_checks.check_worker()[0] is True


@pytest.mark.req("MON-1")
def test_failed_and_stuck_emails_fail_the_jobs_check():
    assert monitoring_checks.check_jobs()[0] is True
    EmailLog.objects.create(category="t", template="t", recipient="a@example.jp", subject="s", status="pending",
                            scheduled_for=timezone.now() + timedelta(hours=1))
    assert monitoring_checks.check_jobs()[0] is True
    stuck = EmailLog.objects.create(category="t", template="t", recipient="b@example.jp", subject="s",
                                    status="pending", scheduled_for=timezone.now() - timedelta(minutes=16))
    assert monitoring_checks.check_jobs() == (False, "failed emails 0, stuck emails 1")
    stuck.delete()
    EmailLog.objects.create(category="t", template="t", recipient="c@example.jp", subject="s", status="failed")
    assert monitoring_checks.check_jobs() == (False, "failed emails 1, stuck emails 0")


@pytest.mark.req("MON-1")
def test_disk_and_memory_thresholds(settings, monkeypatch):
    assert monitoring_checks.check_disk()[0] is True
    settings.MONITORING_DISK_MIN_FREE_PERCENT = 101
    assert monitoring_checks.check_disk()[0] is False
    monkeypatch.setattr(monitoring_checks, "read_meminfo", lambda: {"MemTotal": 1000, "MemAvailable": 50})
    settings.MONITORING_MEMORY_MIN_AVAILABLE_PERCENT = 10
    assert monitoring_checks.check_memory() == (False, "5.0% available (min 10%)")

    def no_proc():
        raise FileNotFoundError("/proc/meminfo")

    monkeypatch.setattr(monitoring_checks, "read_meminfo", no_proc)
    assert monitoring_checks.check_memory()[0] is True


@pytest.mark.req("MON-1")
def test_a_surge_of_failed_logins_is_a_security_alarm(settings):
    from axes.models import AccessFailureLog

    settings.MONITORING_LOGIN_FAILURES_MAX = 2
    for _ in range(3):
        AccessFailureLog.objects.create(username="attacker", ip_address="192.0.2.1", user_agent="x", path_info="/")
    assert CHECKS["login_failures"].purpose == "security"
    assert monitoring_checks.check_login_failures()[0] is False


@pytest.mark.usefixtures("system_lead")
def test_a_crashing_check_is_a_failure_not_a_crash(monkeypatch):
    def explode():
        raise RuntimeError("boom")

    monkeypatch.setattr(monitoring_checks, "check_liveness", explode)
    monkeypatch.setitem(CHECKS, "liveness", monitoring_checks.Check("liveness", "死活監視", "fault", explode))
    monitoring.health_checks_run()
    assert _latest("liveness").detail == "RuntimeError: boom"


def test_history_older_than_the_retention_is_purged(settings):
    old = timezone.now() - timedelta(days=settings.MONITORING_RETENTION_DAYS + 1)
    HealthCheckResult.objects.create(check_name="database", ok=True, checked_at=old)
    kept = HealthCheckResult.objects.create(check_name="database", ok=True, checked_at=timezone.now())
    assert monitoring.health_check_results_purge() == 1
    assert list(HealthCheckResult.objects.all()) == [kept]


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("database_down", "system_lead")
def test_a_reserved_weekly_slot_that_stops_nothing_does_not_mute_checks():
    from ops.models import MaintenanceWindow

    MaintenanceWindowFactory(kind=MaintenanceWindow.Kind.WEEKLY, stops_service=False)
    monitoring.health_checks_run()
    assert _latest("database").muted is False
    assert Incident.objects.filter(source_check="database").exists()


@pytest.mark.req("MON-1")
@pytest.mark.usefixtures("database_down", "system_lead")
def test_a_window_stopping_only_some_features_does_not_mute_checks():
    from ops.models import MaintenanceWindow

    MaintenanceWindowFactory(scope=MaintenanceWindow.Scope.FEATURES, features=["api"])
    monitoring.health_checks_run()
    assert _latest("database").muted is False
