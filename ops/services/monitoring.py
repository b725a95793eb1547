"""Monitoring checks and their history (MON-1, MON-2).

Beat runs `health_checks_run` every MONITORING_INTERVAL_SECONDS (at most 5 minutes). Every result is kept
(HealthCheckResult, purged after MONITORING_RETENTION_DAYS). A failing check opens an `incident` for that
check, or re-alerts the one already open; a recovered check adds a timeline entry; the system lead decides
the rest (raise to critical, the four steps). During an active maintenance window results are recorded as
muted and open nothing.

When the database itself is down nothing can be written to it: the results go to a spool file under
MONITORING_SPOOL_DIR and are logged at ERROR level (the structured logs reach the infrastructure's alerting);
the next run that finds the database back replays the spool, so the failure is recorded and its incident
opened after the fact. Only the checks in `ops.monitoring_checks.CHECKS` run: fault and security, nothing
else (MON-2).
"""

import json
import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ops.models import HealthCheckResult, Heartbeat, MaintenanceWindow
from ops.monitoring_checks import CHECKS, Check
from ops.selectors.maintenance import active_windows
from ops.services.incidents import incident_record_check_result

logger = logging.getLogger(__name__)
MUTED_UNTIL_CACHE_KEY = "ops:monitoring:muted-until"
SPOOL_FILE = "pending-results.jsonl"


@dataclass
class Outcome:
    check_name: str
    ok: bool
    detail: str
    duration_ms: int
    muted: bool
    checked_at: datetime


def _run_one(check: Check) -> tuple[bool, str, int]:
    started = time.monotonic()
    try:
        ok, detail = check.run()
    except Exception as exc:  # a broken check is itself a failure worth an alert, never a crash of the run
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    return bool(ok), str(detail)[:500], int((time.monotonic() - started) * 1000)


def _active_maintenance_until(now: datetime) -> datetime | None:
    try:
        # Only a window that stops the whole service mutes the checks; a reserved weekly slot or a stop of
        # some features does not.
        window = (active_windows(now=now).filter(stops_service=True, scope=MaintenanceWindow.Scope.WHOLE)
                  .order_by("-ends_at").first())
    except DatabaseError:
        # The database may be down because of the maintenance itself: trust what the last run saw.
        try:
            until = cache.get(MUTED_UNTIL_CACHE_KEY)
        except Exception:
            return None
        return until if until and until > now else None
    if window is None:
        return None
    try:
        cache.set(MUTED_UNTIL_CACHE_KEY, window.ends_at, int((window.ends_at - now).total_seconds()) + 1)
    except Exception:
        logger.warning("monitoring could not cache the maintenance window")
    return window.ends_at


def _spool_path() -> Path:
    return Path(settings.MONITORING_SPOOL_DIR) / SPOOL_FILE


def _spool(outcomes: list[Outcome]) -> None:
    path = _spool_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as spool:
        for outcome in outcomes:
            spool.write(json.dumps({**asdict(outcome), "checked_at": outcome.checked_at.isoformat()}) + "\n")


def _take_spool() -> list[Outcome]:
    path = _spool_path()
    if not path.exists():
        return []
    claimed = path.with_suffix(f".{time.time_ns()}.replay")
    path.rename(claimed)  # claim it first, so a concurrent run cannot replay the same lines
    outcomes = []
    for line in claimed.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            outcomes.append(Outcome(**{**row, "checked_at": parse_datetime(row["checked_at"])}))
    claimed.unlink()
    return outcomes


def _previous_ok(check_name: str) -> bool | None:
    previous = HealthCheckResult.objects.filter(check_name=check_name, muted=False).order_by("-checked_at").first()
    return None if previous is None else previous.ok


@transaction.atomic
def _record(outcomes: list[Outcome]) -> list[HealthCheckResult]:
    results = []
    for outcome in outcomes:
        previous_ok = _previous_ok(outcome.check_name)
        results.append(HealthCheckResult.objects.create(
            check_name=outcome.check_name, ok=outcome.ok, detail=outcome.detail, duration_ms=outcome.duration_ms,
            muted=outcome.muted, checked_at=outcome.checked_at,
        ))
        check = CHECKS.get(outcome.check_name)
        if check is not None and not outcome.muted:
            incident_record_check_result(check_name=check.name, check_label=str(check.label), ok=outcome.ok,
                                         detail=outcome.detail, previous_ok=previous_ok)
    return results


def health_checks_run(*, now: datetime | None = None) -> list[HealthCheckResult] | list[Outcome]:
    """Run every check once and record it; returns the saved rows, or the spooled outcomes if the DB is down."""
    now = now or timezone.now()
    muted_until = _active_maintenance_until(now)
    outcomes = []
    for check in CHECKS.values():
        ok, detail, duration_ms = _run_one(check)
        outcomes.append(Outcome(check.name, ok, detail, duration_ms, muted_until is not None, now))
        if not ok:
            logger.error("health check failed check=%s muted=%s detail=%s", check.name, muted_until is not None,
                         detail)
    pending = [*_take_spool(), *outcomes]
    try:
        results = _record(pending)
    except DatabaseError:
        logger.exception("monitoring could not record results: spooled until the database is back")
        _spool(pending)
        return outcomes
    health_check_results_purge(now=now)
    return results[-len(outcomes):]


def health_check_results_purge(*, now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=settings.MONITORING_RETENTION_DAYS)
    deleted, _ = HealthCheckResult.objects.filter(checked_at__lt=cutoff).delete()
    return deleted


def heartbeat_record(*, name: str = "worker", now: datetime | None = None) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": now or timezone.now()})
    return heartbeat
