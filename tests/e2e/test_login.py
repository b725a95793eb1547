"""A person logs in through the real login page in Chromium and lands on their home."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.req("SEC-2")
def test_member_logs_in_through_the_login_page(page, member, password, screenshot):
    page.goto(page.base_url + "/portal/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", member.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/portal/")
    assert member.company.name in page.content()
    assert page.locator("h1").inner_text().startswith("ようこそ")
    assert screenshot(page, "portal-home").stat().st_size > 10_000


@pytest.mark.req("SEC-2")
def test_wrong_password_stays_on_the_login_page(page, member):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", member.username)
    page.fill("#id_password", "wrong-password-9")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").filter(has_text="ログインIDまたはパスワード").is_visible()
    assert "/accounts/login/" in page.url
