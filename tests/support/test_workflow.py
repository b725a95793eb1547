"""The workflow (SUP-3, SUP-4): first response with the expected date, answer, confirmation by the FI admin only,
"not solved" reopens, and an unconfirmed answer is reminded but never closed by itself."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from support.models import Ticket, TicketEntry, TicketStatus
from support.services import reminders
from support.services import tickets as services

from .helpers import at, outbox

pytestmark = pytest.mark.django_db


def reload(ticket) -> Ticket:
    return Ticket.objects.unscoped("test").get(pk=ticket.pk)


@pytest.fixture
def ticket(fi_admin, time_machine):
    time_machine.move_to(at("2026-07-21T10:30"), tick=False)
    return services.ticket_open(actor=fi_admin, subject="データ出力が終わらない", body="エクスポートが進みません。")


@pytest.mark.req("SUP-3")
def test_a_first_response_goes_at_once_with_the_expected_answer_date(client, ticket, support_staff, fi_admin):
    client.force_login(support_staff)
    response = client.post(f"/desk/tickets/{ticket.pk}/reply/", {
        "kind": "first_response", "expected_answer_on": "2026-07-23",
        "body": "調査に時間を要するため、7月23日までに回答いたします。"})
    assert response.status_code == 302
    ticket = reload(ticket)
    assert ticket.status == TicketStatus.FIRST_RESPONDED and ticket.first_responded_at == at("2026-07-21T10:30")
    assert str(ticket.expected_answer_on) == "2026-07-23" and ticket.assignee == support_staff
    [mail] = outbox("support_first_response", fi_admin.email)
    assert mail.scheduled_for == at("2026-07-21T10:30")  # in business hours: at once
    assert "回答予定日: 2026年7月23日(木)" in mail.body and "一次回答" in mail.subject
    client.force_login(fi_admin)
    assert "2026年7月23日(木)" in client.get(f"/console/inquiries/{ticket.pk}/").content.decode()


@pytest.mark.req("SUP-3")
def test_a_first_response_needs_a_business_day_from_today(client, ticket, support_staff):
    client.force_login(support_staff)
    for day, message in [("", "回答予定日を入力してください"), ("2026-07-20", "今日以降"),
                         ("2026-07-25", "営業日を指定してください")]:
        response = client.post(f"/desk/tickets/{ticket.pk}/reply/", {
            "kind": "first_response", "expected_answer_on": day, "body": "調査中です。"})
        assert response.status_code == 400 and message in response.content.decode(), day
    assert reload(ticket).status == TicketStatus.NEW and not outbox("support_first_response")


@pytest.mark.req("SUP-4")
def test_an_answered_ticket_never_closes_by_itself(ticket, support_staff, fi_admin, time_machine):
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer", body="再実行で完了します。",
                          request_confirmation=True)
    for day in ("2026-07-22", "2026-07-24", "2026-07-27", "2026-08-31", "2027-07-21"):
        reminders.tickets_remind_unconfirmed(now=at(f"{day}T11:00"))
        assert reload(ticket).status == TicketStatus.WAITING_CONFIRMATION
    [reminder] = outbox("support_confirmation_reminder", fi_admin.email)  # once, 3 business days later
    assert "まだ完了のご確認をいただいていません" in reminder.body
    assert reload(ticket).confirmation_reminded_at == at("2026-07-24T11:00")


@pytest.mark.req("SUP-4")
def test_the_admins_confirmation_closes_it_and_nobody_elses(client, ticket, support_staff, fi_admin, lead,
                                                           other_fi_admin):
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer", body="回答です。")
    assert reload(ticket).status == TicketStatus.ANSWERED
    for outsider in (support_staff, lead):
        with pytest.raises(PermissionDenied):
            services.ticket_confirm(ticket=ticket, actor=outsider)
    client.force_login(other_fi_admin)
    assert client.post(f"/console/inquiries/{ticket.pk}/confirm/").status_code == 404
    client.force_login(fi_admin)
    page = client.get(f"/console/inquiries/{ticket.pk}/confirm/")
    assert page.status_code == 200 and "解決したので完了する" in page.content.decode()
    assert client.post(f"/console/inquiries/{ticket.pk}/confirm/").status_code == 302
    ticket = reload(ticket)
    assert ticket.status == TicketStatus.CLOSED and ticket.closed_by == fi_admin
    assert outbox("support_closed", fi_admin.email)
    with pytest.raises(PermissionDenied):
        services.ticket_reply(ticket=ticket, actor=support_staff, kind="update", body="追記")


@pytest.mark.req("SUP-4")
def test_not_solved_reopens_with_the_reason(client, ticket, support_staff, fi_admin):
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer", body="回答です。",
                          request_confirmation=True)
    client.force_login(fi_admin)
    response = client.post(f"/console/inquiries/{ticket.pk}/reopen/", {"reason": ""})
    assert response.status_code == 400 and "解決していない点を入力してください" in response.content.decode()
    client.post(f"/console/inquiries/{ticket.pk}/reopen/", {"reason": "同じエラーが出ます。"})
    ticket = reload(ticket)
    assert ticket.status == TicketStatus.IN_PROGRESS and ticket.answered_at is None and ticket.closed_at is None
    assert TicketEntry.objects.unscoped("test").filter(ticket=ticket, body="同じエラーが出ます。").exists()
    assert "再開" in outbox("support_staff_update", support_staff.email)[-1].subject


def test_a_ticket_cannot_be_confirmed_before_it_is_answered(client, ticket, fi_admin):
    with pytest.raises(PermissionDenied):
        services.ticket_confirm(ticket=ticket, actor=fi_admin)
    client.force_login(fi_admin)
    response = client.get(f"/console/inquiries/{ticket.pk}/confirm/", follow=True)
    assert "回答済みのお問い合わせのみ" in response.content.decode()
    assert reload(ticket).status == TicketStatus.NEW


def test_a_first_response_after_the_answer_is_refused(ticket, support_staff):
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer", body="回答です。")
    with pytest.raises(ValidationError):
        services.ticket_reply(ticket=ticket, actor=support_staff, kind="first_response", body="x",
                              expected_answer_on=at("2026-07-22T10:00").date())
