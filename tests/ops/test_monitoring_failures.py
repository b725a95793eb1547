"""Every monitoring check fails when its resource fails (MON-1), the liveness probe reaches a real web
server, and monitoring reads nothing but the platform's own health and security signals (MON-2)."""

import re
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ops import health, monitoring_checks
from ops.models import EmailLog
from ops.monitoring_checks import CHECKS, Check
from ops.services import monitoring
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[WSGIServer]:
    """The application itself, served over HTTP on a free local port."""
    server = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# -- each check, with its resource failing ---------------------------------------------------------------

def _liveness_refused(settings, monkeypatch):
    settings.MONITORING_LIVENESS_URL = f"http://127.0.0.1:{unused_port()}/healthz"


def _database_connection_broken(settings, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "create_cursor", broken)


def _broker_unreachable(settings, monkeypatch):
    settings.MONITORING_BROKER_URL = f"redis://127.0.0.1:{unused_port()}/0"


def _cache_unreachable(settings, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    monkeypatch.setattr(monitoring_checks, "cache", RedisCache(f"redis://127.0.0.1:{unused_port()}/0", {}))


def _disk_nearly_full(settings, monkeypatch):
    settings.MONITORING_DISK_MIN_FREE_PERCENT = 10
    monkeypatch.setattr(monitoring_checks.shutil, "disk_usage",
                        lambda path: SimpleNamespace(total=1000, used=950, free=50))


def _memory_low(settings, monkeypatch):
    settings.MONITORING_MEMORY_MIN_AVAILABLE_PERCENT = 10
    monkeypatch.setattr(monitoring_checks, "read_meminfo", lambda: {"MemTotal": 1000, "MemAvailable": 50})


def _heartbeat_stale(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monitoring.heartbeat_record(
        now=timezone.now() - timedelta(seconds=settings.MONITORING_HEARTBEAT_MAX_AGE_SECONDS + 1))


def _an_email_failed(settings, monkeypatch):
    EmailLog.objects.create(category="t", template="t", recipient="a@example.jp", subject="s", status="failed")


def _login_failures_surge(settings, monkeypatch):
    from axes.models import AccessFailureLog

    settings.MONITORING_LOGIN_FAILURES_MAX = 2
    for _ in range(3):
        AccessFailureLog.objects.create(username="guess", ip_address="192.0.2.1", user_agent="x", path_info="/")


FAILURES = {
    "liveness": _liveness_refused,
    "database": _database_connection_broken,
    "broker": _broker_unreachable,
    "cache": _cache_unreachable,
    "disk": _disk_nearly_full,
    "memory": _memory_low,
    "worker": _heartbeat_stale,
    "jobs": _an_email_failed,
    "login_failures": _login_failures_surge,
}


@pytest.mark.req("MON-1")
def test_every_check_has_a_failure_test():
    assert set(FAILURES) == set(CHECKS)


@pytest.mark.req("MON-1")
@pytest.mark.parametrize("name", sorted(FAILURES))
def test_a_check_fails_when_its_resource_fails(name, settings, monkeypatch):
    FAILURES[name](settings, monkeypatch)
    ok, detail = CHECKS[name].run()
    assert ok is False, detail
    assert detail


@pytest.mark.req("MON-1")
def test_a_broken_database_connection_fails_the_check_and_the_readiness_probe(client, monkeypatch, settings):
    _database_connection_broken(settings, monkeypatch)
    assert health.check_database() == (False, "OperationalError")
    assert client.get("/readyz").status_code == 503


# -- liveness over HTTP, as in the compose stack -----------------------------------------------------------

@pytest.mark.req("MON-1")
def test_liveness_reaches_the_web_server_by_a_name_that_is_not_an_allowed_host(web_server, settings):
    """Inside compose the worker fetches http://web:8000/healthz; `web` is not among ALLOWED_HOSTS."""
    settings.ALLOWED_HOSTS = ["bank.example.jp"]
    settings.MONITORING_LIVENESS_URL = f"http://127.0.0.1:{web_server.server_port}/healthz"
    assert monitoring_checks.check_liveness() == (True, "HTTP 200")


@pytest.mark.req("MON-1")
def test_liveness_fails_when_the_web_server_answers_an_error(web_server, settings):
    settings.MONITORING_LIVENESS_URL = f"http://127.0.0.1:{web_server.server_port}/no-such-probe"
    assert monitoring_checks.check_liveness() == (False, "HTTP 404")


@pytest.mark.req("MON-1")
def test_compose_points_the_liveness_check_at_the_web_service():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    anchor = compose[compose.index("x-app: &app"):compose.index("\nservices:")]
    url = re.search(r"MONITORING_LIVENESS_URL: \$\{MONITORING_LIVENESS_URL:-(\S+)\}", anchor)
    assert url and url.group(1) == "http://web:8000/healthz"
    web = compose[compose.index("\n  web:"):compose.index("\n  worker:")]
    assert '"--bind", "0.0.0.0:8000"' in web
    for service in ("worker", "beat"):  # the services that run the checks carry the variable
        assert re.search(rf"\n  {service}:\n    <<: \*app\n", compose)


# -- MON-2: faults and security only -----------------------------------------------------------------------

@pytest.mark.req("MON-2")
def test_a_check_for_any_other_purpose_cannot_be_registered():
    with pytest.raises(ValueError, match="faults and security only"):
        Check("active_users", "利用状況", "usage", lambda: (True, "42 users online"))
    assert {check.purpose for check in CHECKS.values()} <= {"fault", "security"}


@pytest.mark.req("MON-2")
def test_the_checks_read_no_tenant_or_user_data(settings):
    """With members, companies and login attempts on record, the checks touch only platform and security tables
    and report counts, never who."""
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the worker check reads its heartbeat
    UserFactory(company=CompanyFactory(), email="owner@hokuto.example.jp")
    _login_failures_surge(settings, None)
    platform = {model._meta.db_table for label in ("ops", "axes") for model in apps.get_app_config(label).get_models()}
    with CaptureQueriesContext(connection) as queries:
        details = " ".join(check.run()[1] for check in CHECKS.values())
    tables = {table for query in queries for table in re.findall(r'(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?',
                                                                   query["sql"], flags=re.IGNORECASE)}
    assert tables and tables <= platform, tables
    assert "guess" not in details and "hokuto" not in details
