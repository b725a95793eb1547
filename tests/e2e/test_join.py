"""A company applies to デモ銀行 in real Chromium, confirms its email, is approved (through the service), and its
first user sets a password from the invitation, logs in, accepts the operating terms and reaches the portal
(issue 8 items 1 and 5)."""

import pytest

from members.join.services import application_approve
from members.models import MembershipApplication, TermsAcceptance
from tests.factories import FIAdminFactory, InstitutionFactory
from tests.members.join_factories import TermsFactory
from tests.members.join_helpers import emails, link_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Tsubame-kaze-2026"


@pytest.mark.req("USR-1")
@pytest.mark.req("DOC-2")
def test_apply_approve_and_first_login_with_terms_acceptance(page, screenshot):
    bank = InstitutionFactory(code="0901", name="デモ銀行")
    admin = FIAdminFactory(institution=bank)
    terms = TermsFactory(version="1.0", body="第1条（目的）本規約は Big Advance の利用条件を定めます。")
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    page.goto(page.base_url + "/join/0901/")
    assert page.locator("h1").inner_text() == "デモ銀行 Big Advance 入会申込"
    assert not page.locator("#id_website").is_visible()  # the bots' trap is not shown to people
    page.fill("#id_company_name", "株式会社つばめ精工")
    page.fill("#id_corporate_number", "7000012050002")
    page.fill("#id_representative", "燕 一郎")
    page.select_option("#id_industry", "24")
    page.fill("#id_employees", "35")
    page.select_option("#id_prefecture", "新潟県")
    page.fill("#id_city", "燕市")
    page.fill("#id_street", "物流センター2-16-3")
    page.fill("#id_contact_name", "燕 花子")
    page.fill("#id_email", "hanako@tsubame-seiko.example.jp")
    page.fill("#id_branch_name", "燕支店")
    page.check("#id_account_confirmed")
    page.get_by_text("Big Advance運営規約 ver. 1.0").click()  # open the terms
    assert page.get_by_text("第1条（目的）").is_visible()
    page.check("#id_agree_terms")
    screenshot(page, "join-application-form")
    page.get_by_role("button", name="申し込む").click()
    page.wait_for_url("**/join/sent/")
    assert "お申し込みを受け付けました" in page.content()
    screenshot(page, "join-application-sent")

    page.goto(page.base_url + link_path(emails("application_verify")[0]))
    page.get_by_role("button", name="メールアドレスを確認する").click()
    page.wait_for_load_state()
    assert "メールアドレスを確認しました" in page.content()
    application = MembershipApplication.objects.unscoped("test").get()
    application_approve(application=application, actor=admin)

    page.goto(page.base_url + link_path(emails("invitation")[0]))
    page.wait_for_url("**/set-password/")
    assert "hanako" in page.content()
    page.fill("#id_new_password1", "hanako")
    page.fill("#id_new_password2", "hanako")
    page.get_by_role("button", name="設定する").click()
    assert page.locator(".field-error").first.is_visible()  # the login ID is refused as a password
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    screenshot(page, "join-invitation-password")
    page.get_by_role("button", name="設定する").click()
    page.wait_for_url("**/accounts/login/")
    assert "パスワードを設定しました" in page.content()

    page.fill("#id_username", "hanako")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/terms/?next=*")
    assert page.locator("h1").inner_text() == "運営規約への同意"
    screenshot(page, "terms-acceptance")
    page.check("#id_agree")
    page.get_by_role("button", name="同意して利用を開始する").click()
    page.wait_for_url("**/portal/")
    assert "株式会社つばめ精工" in page.content()
    screenshot(page, "join-first-portal-home")
    assert TermsAcceptance.objects.unscoped("test").filter(document=terms, user__username="hanako").exists()
    assert violations == []
