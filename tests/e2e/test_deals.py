"""A member of デモ銀行 requests a meeting on a サンプル信用金庫 member's need in real Chromium; after both banks
approve, the receiver accepts and the two exchange a message and a file in the deal room (issue 7)."""

import pytest

from members.deals import services
from members.models import Deal
from tests.members.deal_factories import PDF_BYTES, make_world, soon

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.req("SVC-1")
def test_a_member_requests_a_deal_and_the_two_companies_talk_in_the_deal_room(page, log_in, screenshot, tmp_path):
    world = make_world()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    log_in(page, world.requester)
    page.goto(page.base_url + f"/portal/needs/{world.need.pk}/")
    page.get_by_role("button", name="商談を申し込む").click()
    page.fill("#id_message", "御社の冷凍倉庫について相談させてください。")
    page.fill("#id_preferred_at_1", soon(7).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="申し込む").click()
    page.wait_for_url("**/portal/deals/*/")
    assert "金融機関の承認待ち" in page.content()
    screenshot(page, "deal-requested")

    deal = Deal.objects.unscoped("test").get()
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    services.deal_approve_by_bank(deal=deal, actor=world.receiver_admin, note="")

    page.context.clear_cookies()
    log_in(page, world.receiver)
    page.goto(page.base_url + f"/portal/deals/{deal.pk}/")
    page.get_by_role("button", name="承諾する").click()
    page.wait_for_load_state()
    assert "商談中" in page.content()
    document = tmp_path / "会社案内.pdf"
    document.write_bytes(PDF_BYTES)
    page.fill("#id_body", "来週火曜の14時はいかがでしょうか。\n資料をお送りします。")
    page.set_input_files("#id_file", str(document))
    page.get_by_role("button", name="送信する").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="会社案内.pdf").is_visible()
    screenshot(page, "deal-room")
    assert violations == []
