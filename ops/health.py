"""Probes for load balancers and orchestrators: no login, JSON, nothing of any tenant."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, "ok"


def check_broker(*, url: str | None = None) -> tuple[bool, str]:
    """Connect to the configured Celery broker, or to `url` (monitoring may watch a given one)."""
    from bigadvance.celery import app

    if url is None and settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager"
    try:
        connection = app.connection_for_write(url) if url else app.connection_for_write()
        with connection as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as exc:
        return False, type(exc).__name__
    return True, "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    results = {"database": check_database(), "broker": check_broker()}
    ready = all(ok for ok, _ in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable",
         "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in results.items()}},
        status=200 if ready else 503,
    )
