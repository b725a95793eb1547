"""Fault link (INC-3): a ticket the desk tied to an incident hears 「障害を確認し、対応を開始しました」 when work on
the incident starts (its confirmation step) and is told of the recovery; each once."""

import pytest

from ops.services import incidents
from support.models import Ticket, TicketStatus
from support.services import tickets as services

from .helpers import at, outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(operator):
    return incidents.incident_open(title="ログイン障害", severity="critical", actor=operator,
                                   message="一部の金融機関でログインできません。")


@pytest.mark.req("INC-3")
def test_linked_tickets_hear_when_work_starts_and_when_it_is_recovered(fi_admin, support_staff, operator, lead,
                                                                       incident, time_machine):
    time_machine.move_to(at("2026-07-21T11:00"), tick=False)
    ticket = services.ticket_open(actor=fi_admin, subject="ログインできません", body="朝から全員ログインできません。")
    services.ticket_link_incident(ticket=ticket, actor=support_staff, incident=incident)
    assert not outbox("support_incident_started")  # work has not started yet

    incidents.incident_advance(incident=incident, actor=operator, status="confirmed")
    [started] = outbox("support_incident_started", fi_admin.email)
    assert "障害を確認し、対応を開始しました" in started.subject and f"[{ticket.reference}]" in started.subject
    assert "ログイン障害" not in started.body  # the incident's own record stays the lead's to communicate
    ticket = Ticket.objects.unscoped("test").get(pk=ticket.pk)
    assert ticket.status == TicketStatus.IN_PROGRESS and ticket.first_responded_at == at("2026-07-21T11:00")

    incidents.incident_advance(incident=incident, actor=operator, status="recovering")
    incidents.incident_advance(incident=incident, actor=lead, status="recovery_confirmed")
    [recovered] = outbox("support_incident_recovered", fi_admin.email)
    assert "復旧" in recovered.subject and "解決" in recovered.body
    ticket = Ticket.objects.unscoped("test").get(pk=ticket.pk)
    assert ticket.status == TicketStatus.WAITING_CONFIRMATION and ticket.closed_at is None  # the admin confirms
    assert len(outbox("support_incident_started")) == 1


@pytest.mark.req("INC-3")
def test_a_ticket_linked_after_work_started_is_told_at_once_and_only_once(fi_admin, support_staff, operator,
                                                                          incident, other_fi_admin):
    incidents.incident_advance(incident=incident, actor=operator, status="confirmed")
    ticket = services.ticket_open(actor=fi_admin, subject="画面が表示されない", body="内容")
    unlinked = services.ticket_open(actor=other_fi_admin, subject="別件", body="内容")
    services.ticket_link_incident(ticket=ticket, actor=support_staff, incident=incident)
    services.ticket_link_incident(ticket=ticket, actor=support_staff, incident=None)
    services.ticket_link_incident(ticket=ticket, actor=support_staff, incident=incident)
    assert len(outbox("support_incident_started", fi_admin.email)) == 1
    assert not outbox("support_incident_started", other_fi_admin.email) and unlinked.incident is None


def test_a_closed_incident_cannot_be_linked(fi_admin, support_staff, incident, lead):
    from django.core.exceptions import ValidationError

    for status in ("confirmed", "recovering", "recovery_confirmed"):
        incidents.incident_advance(incident=incident, actor=lead, status=status)
    incidents.incident_close(incident=incident, actor=lead, note="完了")
    ticket = services.ticket_open(actor=fi_admin, subject="x", body="y")
    with pytest.raises(ValidationError):
        services.ticket_link_incident(ticket=ticket, actor=support_staff, incident=incident)
