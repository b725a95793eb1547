"""Phone inquiries (SUP-2): support staff log a call; calls are received on business days 10:00-17:00 only."""

import pytest

from support.models import Channel, Ticket

from .helpers import at, outbox

pytestmark = pytest.mark.django_db


def log_call(client, fi_admin, received_at: str):
    return client.post("/desk/phone/", {"requester": fi_admin.pk, "received_at": received_at, "priority": "high",
                                        "subject": "ログイン画面が表示されない", "body": "朝からログイン画面が真っ白とのこと。"})


@pytest.mark.req("SUP-2")
@pytest.mark.parametrize("received_at", [
    "2026-07-19 11:00",  # Sunday
    "2026-07-20 11:00",  # 海の日 (a Monday holiday)
    "2026-07-21 09:59",  # before opening
    "2026-07-21 17:00",  # closing time
    "2026-12-30 11:00",  # year-end closure
])
def test_a_call_outside_reception_hours_is_refused(client, support_staff, fi_admin, time_machine, received_at):
    time_machine.move_to(at("2027-01-06T12:00"), tick=False)
    client.force_login(support_staff)
    response = log_call(client, fi_admin, received_at)
    assert response.status_code == 400
    page = response.content.decode()
    assert "電話の受付時間外です" in page and "営業日の10時〜17時" in page
    assert not Ticket.objects.unscoped("test").exists() and not outbox()


@pytest.mark.req("SUP-2")
def test_a_call_on_a_business_day_is_logged_with_its_channel_and_time(client, support_staff, fi_admin, time_machine):
    time_machine.move_to(at("2026-07-21T11:30"), tick=False)
    client.force_login(support_staff)
    response = log_call(client, fi_admin, "2026/07/21 11:05")
    ticket = Ticket.objects.unscoped("test").get()
    assert response.status_code == 302 and response["Location"] == f"/desk/tickets/{ticket.pk}/"
    assert (ticket.channel, ticket.received_at, ticket.requester, ticket.logged_by) == (
        Channel.PHONE, at("2026-07-21T11:05"), fi_admin, support_staff)
    assert ticket.priority == "high" and ticket.first_response_due_at == at("2026-07-21T13:05")
    [receipt] = outbox("support_received", fi_admin.email)
    assert f"[{ticket.reference}]" in receipt.subject and "電話" in receipt.body


def test_a_call_in_the_future_or_from_a_member_is_refused(client, support_staff, member, fi_admin, time_machine):
    time_machine.move_to(at("2026-07-21T11:00"), tick=False)
    client.force_login(support_staff)
    assert "未来の日時" in log_call(client, fi_admin, "2026-07-21 15:00").content.decode()
    response = client.post("/desk/phone/", {"requester": member.pk, "received_at": "2026-07-21 10:30",
                                            "priority": "normal", "subject": "x", "body": "y"})
    assert response.status_code == 400 and "管理者を一覧から選んでください" in response.content.decode()
    assert not Ticket.objects.unscoped("test").exists()
