"""Two-factor enrolment in real Chromium: the QR code renders as inline SVG under the Content-Security-Policy
without a violation; the operator enrols, sees the recovery codes once and reaches operations. The bank's
settings and a user's sign-in page render too (screenshots)."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


@pytest.mark.req("SEC-2")
def test_an_operator_enrols_an_authenticator_app(page, operator, log_in, screenshot, settings):
    settings.STAFF_2FA_REQUIRED = True
    violations = _csp_violations(page)
    log_in(page, operator)
    page.goto(page.base_url + "/operations/")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    qr = page.locator("svg.qr-code")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200 and box["height"] >= 200
    assert len(page.locator("#totp-secret").inner_text().replace(" ", "")) >= 32
    assert screenshot(page, "twofactor-enrolment").stat().st_size > 10_000

    device = TOTPDevice.objects.get(user=operator)
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit]:has-text('登録する')")
    page.wait_for_url("**/accounts/two-factor/recovery-codes/**")
    assert page.locator("ol.recovery-codes li").count() == 10
    screenshot(page, "twofactor-recovery-codes")
    page.click("text=控えたので次へ進む")
    page.wait_for_url("**/operations/")
    assert violations == []


@pytest.mark.req("SEC-1", "USR-1")
def test_the_bank_settings_and_a_users_sign_in_page(page, fi_admin, bank, log_in, screenshot):
    member = UserFactory(company=CompanyFactory(institution=bank))
    violations = _csp_violations(page)
    log_in(page, fi_admin)
    page.goto(page.base_url + "/console/settings/")
    page.fill("#id_allowed_networks", "203.0.113.0/24")
    page.click("button[type=submit]:has-text('保存する')")
    assert page.locator("#id_allowed_networks_error").is_visible()  # leaves out 127.0.0.1: refused
    page.fill("#id_allowed_networks", "127.0.0.1\n203.0.113.0/24")
    page.fill("#id_session_timeout_minutes", "60")
    page.check("#id_single_session")
    page.click("button[type=submit]:has-text('保存する')")
    assert page.locator("text=設定を保存しました。").is_visible()
    screenshot(page, "console-settings")
    page.goto(page.base_url + f"/console/accounts/{member.pk}/sessions/")
    assert page.locator("h1").inner_text().startswith("ログイン状況")
    screenshot(page, "console-account-sessions")
    assert violations == []
