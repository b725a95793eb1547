"""A notice counts as done only when its emails were delivered, and a broker outage at the moment a window is
scheduled or an incident opened costs neither the change nor the notice: beat's sweep catches up."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from ops.calendar import TOKYO, add_business_days
from ops.models import EmailLog, Incident, MaintenanceWindow
from ops.services import incidents as incident_services
from ops.services import maintenance as maintenance_services
from ops.tasks.maintenance import notifications_send_due_task
from tests.factories import FIAdminFactory, MaintenanceContactFactory

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_10 = datetime(2026, 6, 1, 10, 0, tzinfo=TOKYO)
TUESDAY_11 = datetime(2026, 6, 2, 11, 0, tzinfo=TOKYO)


@pytest.fixture
def contact(bank):
    return MaintenanceContactFactory(institution=bank, email="ops@bank.example.jp")


def _night(business_days: int) -> tuple[datetime, datetime]:
    day = add_business_days(MONDAY_10.date(), business_days)
    starts_at = datetime(day.year, day.month, day.day, 22, tzinfo=TOKYO)
    return starts_at, starts_at + timedelta(hours=1)


def beat_sweep() -> None:
    notifications_send_due_task()  # what beat runs every minute


@pytest.mark.req("OPS-4")
def test_a_window_counts_as_announced_only_once_its_emails_were_delivered(contact, smtp, mailoutbox, time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    smtp[contact.email] = [ConnectionRefusedError("smtp down")]
    starts_at, ends_at = _night(6)
    window = maintenance_services.maintenance_schedule(kind="adhoc", starts_at=starts_at, ends_at=ends_at,
                                                      message="機器交換")
    window.refresh_from_db()
    assert window.announced_at == MONDAY_10 and window.announcement_sent_at is None
    assert mailoutbox == []

    smtp.clear()  # the mail server is back; the retry is due a minute later
    time_machine.move_to(MONDAY_10 + timedelta(minutes=1), tick=False)
    beat_sweep()
    window.refresh_from_db()
    assert [m.to for m in mailoutbox] == [[contact.email]]
    assert window.announcement_sent_at == MONDAY_10 + timedelta(minutes=1)
    assert maintenance_services.maintenance_notice_send(window_id=window.pk, notice="announced") == 0


@pytest.mark.req("OPS-4")
def test_a_window_whose_notice_failed_for_good_is_never_marked_announced(contact, smtp, settings, time_machine):
    settings.EMAIL_MAX_ATTEMPTS = 1
    time_machine.move_to(MONDAY_10, tick=False)
    smtp[contact.email] = [ConnectionRefusedError("smtp down")]
    window = maintenance_services.maintenance_schedule(kind="adhoc", starts_at=_night(6)[0], ends_at=_night(6)[1],
                                                      message="機器交換")
    beat_sweep()
    window.refresh_from_db()
    assert EmailLog.objects.get(recipient=contact.email).status == EmailLog.Status.FAILED
    assert window.announcement_sent_at is None


@pytest.mark.req("INC-2")
def test_fis_count_as_notified_of_a_critical_failure_only_once_delivered(bank, system_lead, smtp, time_machine):
    admin = FIAdminFactory(institution=bank)
    smtp[admin.email] = [TimeoutError("timed out")]
    time_machine.move_to(TUESDAY_11, tick=False)
    incident = incident_services.incident_open(title="ログインできない", severity="critical", actor=system_lead,
                                               institutions=[bank])
    incident.refresh_from_db()
    assert incident.fi_notice_due_at == TUESDAY_11 and incident.fi_notified_at is None
    smtp.clear()
    time_machine.move_to(TUESDAY_11 + timedelta(minutes=1), tick=False)
    beat_sweep()
    incident.refresh_from_db()
    assert incident.fi_notified_at == TUESDAY_11 + timedelta(minutes=1)


@pytest.mark.req("OPS-4")
def test_broker_down_when_a_window_is_scheduled_on_the_page(client, operator, contact, broker_down, mailoutbox,
                                                            time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    client.force_login(operator)
    starts_at, ends_at = _night(6)
    response = client.post("/operations/maintenance/new/", {
        "kind": "adhoc", "starts_at": f"{starts_at:%Y-%m-%dT%H:%M}", "ends_at": f"{ends_at:%Y-%m-%dT%H:%M}",
        "message": "ネットワーク機器の交換のため停止します。", "stops_service": "on"})
    window = MaintenanceWindow.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/operations/maintenance/{window.pk}/"
    assert mailoutbox == [] and window.announcement_sent_at is None
    assert EmailLog.objects.get(recipient=contact.email).status == EmailLog.Status.PENDING

    broker_down.undo()
    time_machine.move_to(MONDAY_10 + timedelta(minutes=1), tick=False)
    beat_sweep()
    window.refresh_from_db()
    assert [m.to for m in mailoutbox] == [[contact.email]] and "機器の交換" in mailoutbox[0].body
    assert window.announcement_sent_at == MONDAY_10 + timedelta(minutes=1)


@pytest.mark.req("INC-2")
def test_broker_down_when_an_incident_is_opened_on_the_page(client, operator, system_lead, bank, contact,
                                                            broker_down, mailoutbox, time_machine):
    time_machine.move_to(TUESDAY_11, tick=False)
    client.force_login(system_lead)  # the lead opens it, so it reaches the FIs at once (INC-3)
    mailoutbox.clear()
    response = client.post(reverse("operations:incident_create"),
                           {"title": "全面停止", "severity": "critical", "institutions": [bank.pk]})
    incident = Incident.objects.get(title="全面停止")
    assert response.status_code == 302
    assert mailoutbox == []  # nothing is sent from inside the request, not even as a fallback
    pending = EmailLog.objects.filter(category="incident", status=EmailLog.Status.PENDING)
    assert set(pending.values_list("recipient", flat=True)) == {system_lead.email, contact.email}

    broker_down.undo()
    beat_sweep()
    incident.refresh_from_db()
    assert {m.to[0] for m in mailoutbox} == {system_lead.email, contact.email}
    assert incident.fi_notified_at == TUESDAY_11
