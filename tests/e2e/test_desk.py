"""The support desk in real Chromium (SUP-1..4): an FI admin opens an inquiry in the console, support staff send a
first response with the expected answer date and then the answer, and the admin confirms it solved the inquiry."""

import pytest
from django.utils import timezone

from ops.calendar import add_business_days
from support.models import Ticket, TicketStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.req("SUP-1")
@pytest.mark.req("SUP-3")
@pytest.mark.req("SUP-4")
def test_an_inquiry_from_the_console_to_the_admins_confirmation(page, log_in, screenshot, fi_admin, support_staff):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    log_in(page, fi_admin)
    page.goto(page.base_url + "/console/inquiries/")
    page.get_by_role("button", name="お問い合わせを登録する").click()
    page.fill("#id_subject", "会員企業の一括登録について")
    page.fill("#id_body", "会員企業をCSVで一括登録する手順を教えてください。\n200社ほどを予定しています。")
    page.get_by_role("button", name="送信する").click()
    page.wait_for_url("**/console/inquiries/*/")
    ticket = Ticket.objects.unscoped("test").get()
    assert ticket.reference in page.content() and "新規" in page.content()
    screenshot(page, "desk-1-console-inquiry-opened")

    page.context.clear_cookies()
    log_in(page, support_staff)
    page.goto(page.base_url + "/desk/")
    page.get_by_role("link", name=ticket.reference).click()
    page.wait_for_url(f"**/desk/tickets/{ticket.pk}/")
    expected = add_business_days(timezone.localdate(), 2)
    page.check("input[name=kind][value=first_response]")
    page.fill("#id_expected_answer_on", expected.isoformat())
    page.fill("#id_body", "お問い合わせありがとうございます。手順を確認のうえ、回答予定日までにご連絡いたします。")
    page.get_by_role("button", name="送信する").click()
    page.wait_for_load_state()
    assert "一次回答済み" in page.content()
    screenshot(page, "desk-2-first-response")
    page.check("input[name=kind][value=answer]")
    page.fill("#id_body", "管理画面の「会員企業」→「CSVで一括登録」から、ひな形をダウンロードして登録できます。")
    assert page.is_checked("#id_request_confirmation")
    page.get_by_role("button", name="送信する").click()
    page.wait_for_load_state()
    assert "完了確認待ち" in page.content()
    screenshot(page, "desk-3-answered")

    page.context.clear_cookies()
    log_in(page, fi_admin)
    page.goto(page.base_url + f"/console/inquiries/{ticket.pk}/")
    assert "回答で解決しましたか" in page.content() and "ひな形をダウンロード" in page.content()
    screenshot(page, "desk-4-console-waiting-for-confirmation")
    page.get_by_role("button", name="解決した（完了する）").click()
    page.get_by_role("button", name="解決したので完了する").click()
    page.wait_for_url(f"**/console/inquiries/{ticket.pk}/")
    assert "解決を確認し、お問い合わせを完了しました" in page.content()
    screenshot(page, "desk-5-console-closed")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED and ticket.closed_by == fi_admin
    assert violations == []
