"""The operations home shows what needs attention: open faults, failing checks, maintenance, mail."""

import pytest
from django.utils import timezone

from ops.models import EmailLog, HealthCheckResult
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

pytestmark = pytest.mark.django_db


@pytest.mark.req("MON-1")
def test_operations_home_summarises_faults_checks_windows_and_mail(client, operator):
    IncidentFactory(title="ログイン遅延", severity="critical")
    IncidentFactory(title="解決済みの件", status="closed")
    HealthCheckResult.objects.create(check_name="disk", ok=False, detail="var 3% free", checked_at=timezone.now())
    MaintenanceWindowFactory(message="作業中")
    EmailLog.objects.create(category="x", template="x", recipient="a@example.jp", subject="s",
                            status=EmailLog.Status.FAILED)
    client.force_login(operator)
    page = client.get("/operations/").content.decode()
    assert "[重要障害] ログイン遅延" in page and "解決済みの件" not in page
    assert "うち重要障害 1 件" in page
    assert "var 3% free" in page
    assert "送信失敗 1 件" in page


def test_operations_home_is_calm_when_nothing_happens(client, system_lead):
    client.force_login(system_lead)
    page = client.get("/operations/").content.decode()
    assert "対応中の障害はありません。" in page and "まだ実行されていません。" in page
