"""Matching in real Chromium: a member of one bank posts a need, a member of another bank finds it by a
Japanese word, marks it 気になる and requests a deal (商談); screenshots of the search results and of the portal home with its
recommendations. No page raises a Content-Security-Policy violation."""

import pytest

from members import demo as members_demo
from members.matching import demo as matching_demo
from tests.members.deal_factories import soon

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(browser, base_url: str, login_id: str):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", login_id)
    page.fill("#id_password", members_demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/portal/")
    return context, page, violations


@pytest.mark.req("SVC-1", "AUTH-1")
def test_a_need_posted_at_one_bank_is_found_at_another(chromium, live_server, screenshot):
    members_demo.seed()
    matching_demo.seed()

    context, page, violations = _log_in(chromium, live_server.url, "demo-shinkin-member")  # サンプル信用金庫
    page.goto(live_server.url + "/portal/needs/new/")
    page.select_option("#id_kind", "sell")
    page.fill("#id_title", "青果の一時保管と東北への配送を承ります")
    page.fill("#id_body", "仙台港の冷凍冷蔵倉庫で、青果物流センターとして一時保管から東北6県への配送までお引き受けします。")
    page.select_option("#id_industry", "47")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/portal/needs/*/")
    assert "ニーズを投稿しました" in page.content()
    context.close()

    context, page, more = _log_in(chromium, live_server.url, "demo-bank-member")  # デモ銀行
    violations += more
    page.goto(live_server.url + "/portal/")
    assert page.locator(".reasons li").count() >= 1  # recommendations with their reasons
    screenshot(page, "matching-portal-home")
    page.click("nav.mainnav a:has-text('ニーズ')")
    page.wait_for_url("**/portal/needs/")
    page.fill("input[name=q]", "青果")
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state()
    result = page.locator(".results li").filter(has_text="青果の一時保管と東北への配送を承ります")
    assert result.count() == 1
    assert result.locator("mark").first.inner_text() == "青果"
    screenshot(page, "matching-search-results")
    result.locator("h3 a").click()
    page.wait_for_load_state()
    assert "株式会社あおば物流" in page.content()
    page.click("button:has-text('気になる')")
    page.wait_for_load_state()
    assert "「気になる」に追加しました" in page.content()
    need_url = page.url
    page.get_by_role("button", name="商談を申し込む").click()
    page.fill("#id_message", "青果の保管と配送について、一度お話を伺えますか。")
    page.fill("#id_preferred_at_1", soon(7).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="申し込む").click()
    page.wait_for_url("**/portal/deals/*/")
    assert "金融機関の承認待ち" in page.content()
    screenshot(page, "matching-deal-requested")
    page.goto(need_url)
    for path in ("/portal/companies/?q=金型", "/portal/recommendations/", "/portal/profile/", "/c/hokuto-seiki/"):
        assert page.goto(live_server.url + path).status == 200, path
    context.close()
    assert violations == []
