"""The Django admin cannot bypass a workflow rule: workflow rows are shown there, written only by services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import SecurityEvent
from ops.models import EmailLog, HealthCheckResult, Heartbeat, Incident, MaintenanceWindow
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

pytestmark = pytest.mark.django_db


def _incident():
    incident = IncidentFactory(title="運用中の障害", severity="critical")
    incident.entries.create(text="社内メモ", created_at=incident.detected_at)
    return incident


ROWS = {
    "ops/incident": _incident,
    "ops/emaillog": lambda: EmailLog.objects.create(category="incident", template="incident_critical",
                                                    recipient="admin@bank.example.jp", subject="件名", body="本文"),
    "audit/securityevent": lambda: SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOCKOUT, login_id="yamada"),
    "ops/healthcheckresult": lambda: HealthCheckResult.objects.create(check_name="database", ok=False,
                                                                      checked_at=timezone.now()),
    "ops/heartbeat": lambda: Heartbeat.objects.create(name="worker", last_seen=timezone.now()),
}
# What a forged form would try to write: a release no lead made, an email marked sent, an erased trace.
FORGED = {
    "ops/incident": {"title": "書き換え", "severity": "critical", "status": "closed", "detected_at_0": "2026-06-16",
                     "detected_at_1": "11:00", "released_at_0": "2026-06-16", "released_at_1": "11:00",
                     "affects_all_institutions": "on", "entries-TOTAL_FORMS": "0", "entries-INITIAL_FORMS": "1"},
    "ops/emaillog": {"status": "sent", "recipient": "attacker@example.com", "subject": "x", "body": "x"},
    "audit/securityevent": {"kind": "lockout", "login_id": "someone-else"},
    "ops/healthcheckresult": {"check_name": "database", "ok": "on", "checked_at_0": "2026-06-16",
                              "checked_at_1": "11:00"},
    "ops/heartbeat": {"name": "worker", "last_seen_0": "2026-06-16", "last_seen_1": "11:00"},
}


@pytest.fixture
def admin_client(client, operator):
    client.force_login(operator)
    return client


@pytest.mark.req("INC-3")
@pytest.mark.parametrize("model", list(ROWS))
def test_workflow_rows_are_shown_but_every_write_is_refused(admin_client, model):
    row = ROWS[model]()
    model_class = type(row)
    before = list(model_class.objects.values())
    base = f"/admin/{model}/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}{row.pk}/change/").status_code == 200
    assert admin_client.post(f"{base}add/", FORGED[model]).status_code == 403
    assert admin_client.post(f"{base}{row.pk}/change/", FORGED[model]).status_code == 403
    assert admin_client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    response = admin_client.post(base, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert list(model_class.objects.values()) == before


@pytest.mark.req("INC-3")
def test_an_incident_cannot_be_released_from_the_admin(admin_client):
    incident = _incident()
    admin_client.post(f"/admin/ops/incident/{incident.pk}/change/", FORGED["ops/incident"])
    incident.refresh_from_db()
    assert not incident.is_released and incident.status == Incident.Status.DETECTED
    assert incident.entries.count() == 1


@pytest.mark.req("OPS-4")
def test_maintenance_windows_are_neither_added_nor_deleted_nor_changed_once_over_in_the_admin(admin_client):
    window = MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=10))
    assert admin_client.post("/admin/ops/maintenancewindow/add/", {"message": "x"}).status_code == 403
    assert admin_client.post(f"/admin/ops/maintenancewindow/{window.pk}/delete/", {"post": "yes"}).status_code == 403
    MaintenanceWindow.objects.filter(pk=window.pk).update(status=MaintenanceWindow.Status.CANCELLED)
    response = admin_client.post(f"/admin/ops/maintenancewindow/{window.pk}/change/",
                                 {"stops_service": "on", "message": "中止後の書き換え"})
    assert response.status_code == 403
    window.refresh_from_db()
    assert window.message != "中止後の書き換え"
