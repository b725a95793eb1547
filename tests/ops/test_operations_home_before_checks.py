"""Item 19: the operations home does not report "OK" for checks that never ran."""

import re

import pytest
from django.utils import timezone

from ops.models import HealthCheckResult

pytestmark = pytest.mark.django_db


def _monitoring_panel(page: str) -> str:
    html = re.search(r'operations/health/">監視</a></header>\s*<p class="big-number">(.*?)</p>', page, re.S).group(1)
    return re.sub(r"<[^>]+>", "", html).strip()


def test_no_check_run_yet_reads_not_run(client, operator):
    client.force_login(operator)
    assert _monitoring_panel(client.get("/operations/").content.decode()) == "未実行"


def test_passing_checks_read_ok(client, operator):
    HealthCheckResult.objects.create(check_name="database", ok=True, detail="", checked_at=timezone.now())
    client.force_login(operator)
    assert _monitoring_panel(client.get("/operations/").content.decode()) == "OK"
