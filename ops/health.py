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


def check_broker() -> tuple[bool, str]:
    from bigadvance.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
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
