"""The desk (/desk/) for support staff and the system lead: the queue and its filters, a ticket's page and its
actions (assignment, priority, notes, canned replies, escalation), and the mailbox page."""

import pytest

from support.models import CannedReply, Ticket, TicketEntry
from support.services import tickets as services
from tests.factories import StaffFactory

from .helpers import at, outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(fi_admin, time_machine):
    time_machine.move_to(at("2026-07-21T10:30"), tick=False)
    return services.ticket_open(actor=fi_admin, subject="会員企業の削除について", body="退会した会員企業を削除したい。")


@pytest.mark.req("SUP-1")
@pytest.mark.parametrize("who", ["support_staff", "system_lead"])
def test_the_desk_is_the_queue_of_inquiries(client, request, who, ticket):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/desk/").content.decode()
    assert "今後のリリースで追加されます" not in page  # the placeholder is gone: the desk is real
    assert ticket.reference in page and ticket.subject in page and "第一テスト銀行" in page
    assert "全 1 件中 1–1 件" in page


def test_queue_filters_stay_in_the_url_and_narrow_the_list(client, support_staff, ticket, other_fi_admin,
                                                          other_bank):
    other = services.ticket_open(actor=other_fi_admin, subject="別の銀行の問い合わせ", body="内容")
    services.ticket_set_priority(ticket=other, actor=support_staff, priority="urgent")
    services.ticket_assign(ticket=ticket, actor=support_staff, assignee=support_staff)
    client.force_login(support_staff)
    cases = {f"?institution={other_bank.pk}": other, "?priority=urgent": other, "?assignee=me": ticket,
             "?assignee=none": other, f"?q={ticket.reference}": ticket, "?q=別の銀行": other}
    for query, expected in cases.items():
        page = client.get("/desk/" + query).content.decode()
        assert expected.subject in page, query
        assert {ticket, other}.difference({expected}).pop().subject not in page, query
    assert "問い合わせはありません" in client.get("/desk/?status=closed").content.decode()


def test_staff_assign_prioritise_note_and_escalate(client, ticket, support_staff, lead):
    colleague = StaffFactory(full_name="佐藤 次郎")
    client.force_login(support_staff)
    assert client.post(f"/desk/tickets/{ticket.pk}/assign/", {"assignee": colleague.pk}).status_code == 302
    assert client.post(f"/desk/tickets/{ticket.pk}/priority/", {"priority": "high"}).status_code == 302
    assert client.post(f"/desk/tickets/{ticket.pk}/note/", {"body": "先方へ電話で確認済み"}).status_code == 302
    response = client.post(f"/desk/tickets/{ticket.pk}/escalate/", {"note": ""})
    assert response.status_code == 400 and "申し送りを入力してください" in response.content.decode()
    client.post(f"/desk/tickets/{ticket.pk}/escalate/", {"note": "削除の仕様判断をお願いします"})
    ticket = Ticket.objects.unscoped("test").get(pk=ticket.pk)
    assert (ticket.assignee, ticket.priority) == (colleague, "high") and ticket.escalated_at
    assert outbox("support_staff_update", colleague.email)  # told they were given the ticket
    [escalation] = outbox("support_escalated", lead.email)
    assert "削除の仕様判断をお願いします" in escalation.body and ticket.reference in escalation.subject
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "先方へ電話で確認済み" in page and "エスカレーション済み" in page
    assert client.post(f"/desk/tickets/{ticket.pk}/assign/", {"assignee": ticket.requester.pk}).status_code == 400


def test_a_canned_reply_fills_the_answer(client, ticket, support_staff):
    client.force_login(support_staff)
    client.post("/desk/canned/", {"title": "会員企業の削除", "body": "会員企業は「利用停止」にしてください。"})
    canned = CannedReply.objects.get()
    assert client.post("/desk/canned/", {"title": "会員企業の削除", "body": "重複"}).status_code == 400
    page = client.get(f"/desk/tickets/{ticket.pk}/?canned={canned.pk}").content.decode()
    assert "会員企業は「利用停止」にしてください。</textarea>" in page
    client.post(f"/desk/canned/{canned.pk}/", {"title": "会員企業の削除（改）", "body": "新しい本文"})
    assert CannedReply.objects.get().title == "会員企業の削除(改)"  # NFKC, as typed text is stored
    client.post(f"/desk/canned/{canned.pk}/delete/")
    assert not CannedReply.objects.exists()


def test_a_reply_is_shown_to_the_bank_and_an_answer_waits_for_its_confirmation(client, ticket, support_staff,
                                                                              fi_admin):
    client.force_login(support_staff)
    client.post(f"/desk/tickets/{ticket.pk}/reply/", {"kind": "answer", "body": "利用停止にしてください。"})
    ticket = Ticket.objects.unscoped("test").get(pk=ticket.pk)
    assert ticket.status == "answered"  # no confirmation requested yet
    client.post(f"/desk/tickets/{ticket.pk}/request-confirmation/")
    assert Ticket.objects.unscoped("test").get(pk=ticket.pk).status == "waiting_confirmation"
    assert outbox("support_confirmation_request", fi_admin.email)
    client.force_login(fi_admin)
    page = client.get(f"/console/inquiries/{ticket.pk}/").content.decode()
    assert "利用停止にしてください。" in page and "回答で解決しましたか" in page


def test_the_mailbox_page_lists_what_came_in_and_reads_it_on_demand(client, support_staff, settings, monkeypatch):
    from support import tasks

    client.force_login(support_staff)
    assert "SUPPORT_IMAP_URL" in client.get("/desk/mail/").content.decode()
    settings.SUPPORT_IMAP_URL = "imap://desk:x@127.0.0.1:1/INBOX"
    queued = []
    monkeypatch.setattr(tasks.support_mail_fetch_task, "delay", lambda: queued.append(1))
    response = client.post("/desk/mail/fetch/", follow=True)
    assert queued == [1] and "取り込みを開始しました" in response.content.decode()


def test_timeline_names_who_did_what(client, ticket, support_staff):
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="update", body="確認しています。")
    client.force_login(support_staff)
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "経過連絡" in page and support_staff.full_name in page and "お問い合わせを受け付けました" in page
    assert TicketEntry.objects.unscoped("test").filter(ticket=ticket).count() == 3


def test_the_queue_costs_the_same_queries_for_one_ticket_or_many(client, support_staff, fi_admin, ticket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(support_staff)
    client.get("/desk/")
    with CaptureQueriesContext(connection) as one:
        client.get("/desk/")
    for n in range(5):
        services.ticket_open(actor=fi_admin, subject=f"問い合わせ{n}", body="内容")
    with CaptureQueriesContext(connection) as many:
        assert "問い合わせ4" in client.get("/desk/").content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
