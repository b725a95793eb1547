"""The monitoring checks (MON-1) and the registry that holds them.

Nothing is monitored for purposes other than faults and security (MON-2): every check watches the platform
itself (is it alive, are its database, broker, cache, disk, memory, worker and jobs healthy) or a security
signal (a surge of failed logins). No check reads what users do, what they post or how they use the
service. A check is added here and nowhere else, and it must declare `purpose` "fault" or "security";
tests hold the registry to that.

Each check returns (ok, detail) and must not raise; the runner also turns an exception into a failure.
"""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ops import health

CheckResult = tuple[bool, str]
PURPOSES = frozenset({"fault", "security"})
STUCK_EMAIL_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Check:
    name: str
    label: str  # lazy Japanese text
    purpose: str
    run: Callable[[], CheckResult]

    def __post_init__(self) -> None:
        if self.purpose not in PURPOSES:
            raise ValueError(f"check {self.name!r}: monitoring is for faults and security only (MON-2)")


def _probe_headers(url: str) -> dict[str, str]:
    """Name an allowed host when the URL's own is not one (e.g. `web` inside the compose network)."""
    from urllib.parse import urlsplit

    from django.http.request import validate_host

    host = urlsplit(url).hostname or ""
    named = next((allowed.lstrip(".") for allowed in settings.ALLOWED_HOSTS if allowed != "*"), None)
    return {} if validate_host(host, settings.ALLOWED_HOSTS) or named is None else {"Host": named}


def check_liveness() -> CheckResult:
    """The web application answers its liveness probe (the URL when configured, else in-process)."""
    url = settings.MONITORING_LIVENESS_URL
    if url:
        from urllib.error import HTTPError
        from urllib.request import Request, urlopen

        try:
            with urlopen(Request(url, headers=_probe_headers(url)), timeout=5) as response:  # noqa: S310
                return response.status == 200, f"HTTP {response.status}"
        except HTTPError as exc:
            return False, f"HTTP {exc.code}"
        except OSError as exc:  # refused, unresolvable, timed out
            return False, f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    response = health.healthz(RequestFactory().get("/healthz"))
    return response.status_code == 200, f"HTTP {response.status_code}"


def check_database() -> CheckResult:
    return health.check_database()


def check_broker() -> CheckResult:
    return health.check_broker(url=settings.MONITORING_BROKER_URL or None)


def check_cache() -> CheckResult:
    key, token = "ops:monitoring:cache-probe", timezone.now().isoformat()
    try:
        cache.set(key, token, 60)
        ok = cache.get(key) == token
    except Exception as exc:
        return False, type(exc).__name__
    return ok, "ok" if ok else "read back a different value"


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk() -> CheckResult:
    from bigadvance.settings.env import VAR_DIR

    minimum = settings.MONITORING_DISK_MIN_FREE_PERCENT
    details, ok = [], True
    for label, folder in (("var", VAR_DIR), ("media", Path(settings.MEDIA_ROOT))):
        usage = shutil.disk_usage(_existing(Path(folder)))
        free = 100 * usage.free / usage.total
        ok = ok and free >= minimum
        details.append(f"{label} {free:.1f}% free")
    return ok, ", ".join(details) + f" (min {minimum}%)"


def read_meminfo(path: str = "/proc/meminfo") -> dict[str, int]:
    values = {}
    with open(path, encoding="ascii") as meminfo:
        for line in meminfo:
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0])
    return values


def check_memory() -> CheckResult:
    try:
        meminfo = read_meminfo()
        available, total = meminfo["MemAvailable"], meminfo["MemTotal"]
    except (OSError, KeyError, ValueError, IndexError):
        return True, "skipped: /proc/meminfo unavailable"
    percent = 100 * available / total
    minimum = settings.MONITORING_MEMORY_MIN_AVAILABLE_PERCENT
    return percent >= minimum, f"{percent:.1f}% available (min {minimum}%)"


def check_worker() -> CheckResult:
    """The Celery worker ran the `heartbeat` task that beat schedules every minute: both are alive."""
    from ops.models import Heartbeat

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager"
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return False, "no heartbeat yet"
    age = (timezone.now() - beat.last_seen).total_seconds()
    limit = settings.MONITORING_HEARTBEAT_MAX_AGE_SECONDS
    return age <= limit, f"last seen {int(age)}s ago (max {limit}s)"


def check_jobs() -> CheckResult:
    """Failed emails (every retry used up), until an operator retries or cancels them; pending ones overdue by
    more than 15 minutes (the worker or beat is not delivering)."""
    from django.db.models.functions import Coalesce

    from ops.models import EmailLog

    now = timezone.now()
    failed = EmailLog.objects.filter(status=EmailLog.Status.FAILED).count()
    stuck = EmailLog.objects.filter(status=EmailLog.Status.PENDING).annotate(
        due=Coalesce("scheduled_for", "created_at")).filter(due__lt=now - STUCK_EMAIL_AFTER).count()
    return failed == 0 and stuck == 0, f"failed emails {failed}, stuck emails {stuck}"


def check_login_failures() -> CheckResult:
    """A surge of failed logins across the platform (a password-guessing attack)."""
    from axes.models import AccessFailureLog

    since = timezone.now() - timedelta(seconds=settings.MONITORING_INTERVAL_SECONDS)
    count = AccessFailureLog.objects.filter(attempt_time__gte=since).count()
    limit = settings.MONITORING_LOGIN_FAILURES_MAX
    return count <= limit, f"{count} failed logins in the interval (max {limit})"


CHECKS: dict[str, Check] = {check.name: check for check in (
    Check("liveness", _("死活監視（Webアプリケーション）"), "fault", check_liveness),
    Check("database", _("データベース"), "fault", check_database),
    Check("broker", _("メッセージブローカー"), "fault", check_broker),
    Check("cache", _("キャッシュ"), "fault", check_cache),
    Check("disk", _("ディスク空き容量"), "fault", check_disk),
    Check("memory", _("メモリ空き容量"), "fault", check_memory),
    Check("worker", _("バックグラウンド処理（Celery ワーカー・beat）"), "fault", check_worker),
    Check("jobs", _("ジョブの失敗・滞留"), "fault", check_jobs),
    Check("login_failures", _("ログイン失敗の急増"), "security", check_login_failures),
)}
