"""The demo has inquiries in every state with Japanese threads, and seeding twice changes nothing (issue 10)."""

import pytest

from members import demo as members_demo
from ops.calendar import TOKYO
from support import demo
from support.models import CannedReply, Channel, InboundMail, Ticket, TicketEntry, TicketStatus


@pytest.mark.req("SUP-4")
@pytest.mark.django_db
def test_the_demo_has_tickets_in_every_state_and_seeding_again_changes_nothing(client, time_machine):
    from datetime import datetime

    time_machine.move_to(datetime(2026, 7, 22, 14, 0, tzinfo=TOKYO), tick=False)
    members_demo.seed()
    demo.seed()
    tickets = Ticket.objects.unscoped("test")
    counts = (tickets.count(), TicketEntry.objects.unscoped("test").count(), InboundMail.objects.count(),
              CannedReply.objects.count())
    assert set(tickets.values_list("status", flat=True)) == set(TicketStatus.values)
    assert set(tickets.values_list("channel", flat=True)) == set(Channel.values)
    assert InboundMail.objects.filter(outcome=InboundMail.Outcome.REDIRECTED).exists()
    assert tickets.filter(escalated_at__isnull=False).exists() and tickets.filter(paused_minutes__gt=0).exists()
    closed = tickets.get(status=TicketStatus.CLOSED)
    assert closed.closed_at < closed.created_at and closed.received_at < closed.closed_at  # moved to the past
    demo.seed()
    assert counts == (tickets.count(), TicketEntry.objects.unscoped("test").count(), InboundMail.objects.count(),
                      CannedReply.objects.count())
    from members.models import User

    client.force_login(User.objects.unscoped("test").get(username="support"))
    page = client.get("/desk/").content.decode()
    assert "会員企業のCSV一括登録でエラーになります" in page and "期限超過" in page
    client.force_login(User.objects.unscoped("test").get(username="demo-bank-admin"))
    page = client.get("/console/inquiries/").content.decode()
    assert "メンテナンス通知の宛先を追加したい" in page and "お知らせメールの差出人名" not in page
