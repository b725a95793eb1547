"""Reads on monitoring results."""

import functools
from collections.abc import Iterable

from django.db.models import Q, Subquery

from ops.models import HealthCheckResult


@functools.lru_cache(maxsize=16)
def _latest_results_sql(names: tuple[str, ...]) -> tuple[str, tuple]:
    # Each check's newest row is a scalar subquery the database answers from the check_name index. Compiling
    # one subquery per check costs more than running them, so the SQL is built once per process.
    newest = Q(pk__in=[])
    for name in names:
        newest |= Q(pk=Subquery(HealthCheckResult.objects.filter(check_name=name)
                                .order_by("-checked_at", "-pk").values("pk")[:1]))
    return HealthCheckResult.objects.filter(newest).order_by().query.sql_with_params()


def latest_check_results(check_names: Iterable[str]) -> list[HealthCheckResult]:
    """The newest result of each named check (those never run are left out), in the order given.

    One query whatever the number of checks, not a query per check.
    """
    names = tuple(check_names)
    if not names:
        return []
    sql, params = _latest_results_sql(names)
    results = {result.check_name: result for result in HealthCheckResult.objects.raw(sql, params)}
    return [results[name] for name in names if name in results]
