"""A member opens a consultation with its bank in real Chromium, with a file; the bank answers (through the
service the console will use) and the member reads the answer; the help page points to the bank (SUP-1).
Screenshots of the form, the thread and the help page; no Content-Security-Policy violation."""

import pytest

from members.consultations import services
from members.models import Consultation
from tests.members.consult_factories import make_banks
from tests.members.deal_factories import PDF_BYTES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.req("SUP-1")
def test_a_member_opens_a_consultation_and_reads_the_banks_answer(page, log_in, screenshot, tmp_path):
    banks = make_banks()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    log_in(page, banks.member)
    page.goto(page.base_url + "/portal/help/")
    assert "すべて デモ銀行 が窓口です" in page.content()
    screenshot(page, "consultation-help")
    page.get_by_role("button", name="金融機関に相談する").click()
    page.wait_for_url("**/portal/consultations/new/")
    page.select_option("#id_category", "financing")
    page.fill("#id_subject", "設備更新に伴う運転資金の借入について")
    page.fill("#id_body", "来年春にプレス機を更新します。\n運転資金として3,000万円ほどの借入を検討しています。")
    plan = tmp_path / "設備更新計画.pdf"
    plan.write_bytes(PDF_BYTES)
    page.set_input_files("#id_attachments", str(plan))
    screenshot(page, "consultation-form")
    page.get_by_role("button", name="相談を送信する").click()
    page.wait_for_url("**/portal/consultations/*/")
    assert "金融機関の回答待ち" in page.content()
    assert page.get_by_role("link", name="設備更新計画.pdf").is_visible()

    consultation = Consultation.objects.unscoped("test").get()
    services.consultation_reply(consultation=consultation, actor=banks.admin,
                                body="ご相談ありがとうございます。来週、担当者がご訪問します。")
    page.goto(page.base_url + "/portal/consultations/")
    assert "回答あり" in page.content()
    page.get_by_role("link", name="設備更新に伴う運転資金の借入について").click()
    page.wait_for_load_state()
    assert "来週、担当者がご訪問します。" in page.content()
    screenshot(page, "consultation-thread")
    assert violations == []
