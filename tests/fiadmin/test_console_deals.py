"""Deal approvals in the console (SVC-2): the bank's waiting requests, approve or refuse with an internal note,
every deal of its members with filters and CSV, a read-only room. AUTH-1: another FI's deals answer as missing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.deals import room
from members.models import Deal, DealBankDecision
from tests.factories import FIAdminFactory
from tests.members.deal_factories import DealFactory, accepted_deal, make_world, request, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.mark.req("SVC-2")
def test_the_requesters_bank_approves_a_request_through_the_page(client, world):
    deal = request(world)
    client.force_login(world.requester_admin)
    listing = client.get("/console/deals/").content.decode()
    assert f'href="/console/deals/{deal.pk}/"' in listing and "株式会社北斗精機" in listing
    assert f'href="/console/companies/{world.requester.company.pk}/"' in listing  # its own member's page
    page = client.get(f"/console/deals/{deal.pk}/").content.decode()
    assert "承認する" in page and "見送る" in page
    response = client.post(f"/console/deals/{deal.pk}/approve/", {"approve-note": "取引先として確認済み"})
    assert response.status_code == 302 and response["Location"] == "/console/deals/"
    deal.refresh_from_db()
    assert deal.status == Deal.Status.REQUESTER_BANK_APPROVED
    decision = DealBankDecision.objects.unscoped("test").get(deal=deal)
    assert (decision.decision, decision.note, decision.decided_by) == (
        DealBankDecision.Decision.APPROVED, "取引先として確認済み", world.requester_admin)
    # now the receiver's bank's turn; the requester's bank no longer sees the buttons
    assert "承認する" not in client.get(f"/console/deals/{deal.pk}/").content.decode()


@pytest.mark.req("SVC-2")
def test_a_refusal_needs_a_reason_in_japanese(client, world):
    deal = request(world)
    client.force_login(world.requester_admin)
    empty = client.post(f"/console/deals/{deal.pk}/refuse/", {"refuse-reason": "", "refuse-note": ""})
    assert empty.status_code == 400 and "見送る理由を入力してください。" in empty.content.decode()
    done = client.post(f"/console/deals/{deal.pk}/refuse/", {"refuse-reason": "今回は見送ります", "refuse-note": "与信"})
    assert done.status_code == 302
    deal.refresh_from_db()
    assert deal.status == Deal.Status.REFUSED


@pytest.mark.req("AUTH-1", "SAF-1")
def test_another_fis_deal_answers_as_missing(client, world):
    deal = DealFactory(status=Deal.Status.REQUESTED)  # two companies of banks that are not the admin's
    stranger = FIAdminFactory(institution=world.requester_bank)
    client.force_login(stranger)
    for deal_id in (deal.pk, 999999):
        assert client.get(f"/console/deals/{deal_id}/").status_code == 404
        assert client.post(f"/console/deals/{deal_id}/approve/", {}).status_code == 404
        assert client.post(f"/console/deals/{deal_id}/refuse/", {"refuse-reason": "x"}).status_code == 404
    deal.refresh_from_db()
    assert deal.status == Deal.Status.REQUESTED


@pytest.mark.req("SVC-2")
def test_the_room_is_read_only_and_the_csv_opens_in_excel(client, world):
    deal = accepted_deal(world)
    room.deal_message_post(deal=deal, actor=world.receiver, body="見積書をお送りします。", upload=upload())
    client.force_login(world.requester_admin)
    page = client.get(f"/console/deals/{deal.pk}/").content.decode()
    assert "商談ルーム" in page and "見積書をお送りします。" in page and 'enctype="multipart/form-data"' not in page
    [link] = re.findall(r'href="([^"]+)" download', page)
    assert client.get(link).status_code == 200
    csv = client.get("/console/deals/csv/?status=accepted")
    assert csv["Content-Type"].startswith("text/csv") and csv.content.startswith("\ufeff".encode())
    text = csv.content.decode("utf-8-sig")
    assert "冷凍倉庫の共同利用先を探しています" in text and "商談中" in text
    assert "冷凍倉庫" not in client.get("/console/deals/csv/?status=refused").content.decode("utf-8-sig")


@pytest.mark.req("SVC-2")
def test_the_deal_list_costs_the_same_queries_with_5_and_100_deals(client, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/console/deals/").status_code == 200
        return len(queries)

    client.force_login(world.requester_admin)
    make = lambda n: [DealFactory(requester_company=world.requester.company,  # noqa: E731
                                  status=Deal.Status.REQUESTED if i % 2 else Deal.Status.ACCEPTED)
                      for i in range(n)]
    make(5)
    count()  # the first page of the process loads the layout's state
    few = count()
    make(95)
    assert count() == few
