"""The SLA clock on business hours (SUP-3, CAL-2): when it starts, when targets fall due, that waiting for the
admin stops it, and how breaches and near-breaches are flagged in the desk and warned in business hours."""

import pytest

from support import sla
from support.models import Ticket, TicketStatus
from support.services import intake, reminders
from support.services import tickets as services

from .helpers import at, eml, outbox

pytestmark = pytest.mark.django_db


def reload(ticket) -> Ticket:
    return Ticket.objects.unscoped("test").get(pk=ticket.pk)


@pytest.mark.req("SUP-3")
@pytest.mark.req("CAL-2")
def test_an_email_on_the_friday_night_before_a_holiday_monday_is_due_on_tuesday(fi_admin, time_machine):
    time_machine.move_to(at("2026-07-17T18:00"), tick=False)  # Friday; Monday 20 July 2026 is 海の日
    ticket = intake.inbound_mail_process(
        raw=eml(sender=fi_admin.email, subject="夜間の問い合わせ", body="内容"),
        received_at=at("2026-07-17T18:00")).record.ticket
    assert ticket.received_at == at("2026-07-17T18:00")
    # The clock starts at 10:00 on Tuesday; the normal priority's 4-business-hour first response is due 14:00.
    assert ticket.first_response_due_at == at("2026-07-21T14:00")
    assert ticket.answer_due_at == at("2026-07-23T17:00")  # 3 business days (21 h): Tue, Wed, Thu
    assert sla.business_minutes_used(ticket, at("2026-07-20T16:00")) == 0  # the holiday counts nothing
    assert sla.business_minutes_used(ticket, at("2026-07-21T10:30")) == 30


@pytest.mark.req("SUP-3")
@pytest.mark.req("SUP-4")
@pytest.mark.req("CAL-2")
def test_the_clock_does_not_run_while_waiting_for_the_admin(fi_admin, support_staff, time_machine):
    time_machine.move_to(at("2026-07-21T10:00"), tick=False)
    ticket = services.ticket_open(actor=fi_admin, subject="権限設定", body="内容")
    assert ticket.answer_due_at == at("2026-07-23T17:00")
    time_machine.move_to(at("2026-07-21T12:00"), tick=False)  # 120 business minutes used
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer", body="回答です。",
                          request_confirmation=True)
    ticket = reload(ticket)
    assert ticket.status == TicketStatus.WAITING_CONFIRMATION and ticket.paused_since == at("2026-07-21T12:00")
    assert sla.business_minutes_used(ticket, at("2026-07-24T16:00")) == 120  # three days later: still 120
    assert [c.state for c in sla.clocks(ticket, at("2026-07-24T16:00"))] == ["met", "met"]
    assert ticket not in Ticket.objects.unscoped("test").filter(sla.breached_q(at("2026-07-30T16:00")))

    time_machine.move_to(at("2026-07-24T11:00"), tick=False)  # Friday: the admin says it is not solved
    services.ticket_reopen(ticket=ticket, actor=fi_admin, reason="まだ設定できません。")
    ticket = reload(ticket)
    assert ticket.status == TicketStatus.IN_PROGRESS and ticket.paused_minutes == 3 * 420 - 120 + 60
    assert sla.business_minutes_used(ticket, at("2026-07-24T11:00")) == 120
    # 1260 - 120 = 1140 business minutes were left: Friday 11-17 (360), Monday (420), Tuesday 10-16 (360).
    assert ticket.answer_due_at == at("2026-07-28T16:00")


@pytest.mark.req("SUP-3")
def test_priority_sets_the_targets(fi_admin, support_staff, time_machine):
    time_machine.move_to(at("2026-07-21T10:00"), tick=False)
    ticket = services.ticket_open(actor=fi_admin, subject="至急", body="ログインできません")
    services.ticket_set_priority(ticket=ticket, actor=support_staff, priority="urgent")
    ticket = reload(ticket)
    assert (ticket.first_response_due_at, ticket.answer_due_at) == (at("2026-07-21T11:00"), at("2026-07-21T17:00"))


@pytest.mark.req("SUP-3")
def test_breaches_and_near_breaches_are_flagged_in_the_desk(client, fi_admin, support_staff, time_machine):
    time_machine.move_to(at("2026-07-21T10:00"), tick=False)
    late = services.ticket_open(actor=fi_admin, subject="遅れている問い合わせ", body="内容")
    time_machine.move_to(at("2026-07-21T12:30"), tick=False)
    close = services.ticket_open(actor=fi_admin, subject="まだ間に合う問い合わせ", body="内容")
    time_machine.move_to(at("2026-07-21T15:45"), tick=False)
    # late: first response due 14:00 (breached); close: due 16:30, within the 60-minute warning (near).
    client.force_login(support_staff)
    page = client.get("/desk/?breach=breached").content.decode()
    assert late.reference in page and close.reference not in page
    page = client.get("/desk/?breach=near").content.decode()
    assert close.reference in page and late.reference not in page
    page = client.get("/desk/").content.decode()
    assert "row-breached" in page and "row-near" in page
    detail = client.get(f"/desk/tickets/{late.pk}/").content.decode()
    assert "期限超過" in detail and "2026年7月21日(火) 14:00" in detail


@pytest.mark.req("SUP-3")
def test_staff_are_warned_in_business_hours_once_per_target(fi_admin, support_staff, time_machine):
    time_machine.move_to(at("2026-07-21T16:00"), tick=False)
    ticket = services.ticket_open(actor=fi_admin, subject="夕方の問い合わせ", body="内容")  # due Wed 13:00
    assert reminders.tickets_warn_sla(now=at("2026-07-21T16:30")) == 0
    assert reminders.tickets_warn_sla(now=at("2026-07-22T12:10")) == 1  # near
    assert reminders.tickets_warn_sla(now=at("2026-07-22T12:20")) == 0  # said already
    assert reminders.tickets_warn_sla(now=at("2026-07-22T18:00")) == 0  # breached, but after hours: wait
    assert reminders.tickets_warn_sla(now=at("2026-07-23T10:00")) == 1  # breached, told at opening
    warnings = outbox("support_sla_warning", support_staff.email)
    assert len(warnings) == 2 and ticket.reference in warnings[1].body and "期限超過" in warnings[1].body
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="update", body="確認中です。")
    assert reminders.tickets_warn_sla(now=at("2026-07-23T11:00")) == 0
