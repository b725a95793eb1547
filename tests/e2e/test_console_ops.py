"""デモ銀行's admin in real Chromium: invites a user, approves a deal request and relays a maintenance notice to
its members in one click (issue 9 items 4, 5, 7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Deal, Notice, User
from tests.members.deal_factories import make_world, request
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.req("USR-1", "SVC-2", "OPS-4")
def test_the_admin_invites_approves_and_relays(page, log_in, screenshot):
    world = make_world()
    deal = request(world)
    starts = timezone.now() + timedelta(days=10)
    window = MaintenanceWindowFactory(starts_at=starts, ends_at=starts + timedelta(hours=3))
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, world.requester_admin)

    page.goto(page.base_url + "/console/accounts/")
    page.get_by_role("button", name="ユーザーを招待する").click()
    page.select_option("#id_company", label="株式会社北斗精機")
    page.fill("#id_username", "hokuto-tanaka")
    page.fill("#id_full_name", "田中 三郎")
    page.fill("#id_email", "tanaka@hokuto.example.jp")
    screenshot(page, "console-invite")
    page.get_by_role("button", name="招待メールを送る").click()
    page.wait_for_url("**/console/accounts/*/")
    assert "tanaka@hokuto.example.jp へ招待メールを送りました。" in page.content()
    assert not User.objects.unscoped("test").get(username="hokuto-tanaka").has_usable_password()

    page.goto(page.base_url + "/console/deals/")
    screenshot(page, "console-deals")
    page.locator(f'a[href="/console/deals/{deal.pk}/"]').first.click()
    page.wait_for_url(f"**/console/deals/{deal.pk}/")
    page.fill("#id_approve-note", "取引先として確認済み")
    page.get_by_role("button", name="承認する").click()
    page.wait_for_url("**/console/deals/")
    assert "商談の申込を承認しました。" in page.content()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.REQUESTER_BANK_APPROVED

    page.goto(page.base_url + "/console/notices/")
    page.get_by_role("button", name="会員企業へ転載する").click()
    page.wait_for_url("**/console/notices/")
    assert "会員企業へお知らせを掲載しました。" in page.content() and "転載済み" in page.content()
    screenshot(page, "console-notices-relayed")
    notice = Notice.objects.unscoped("test").get(institution=world.requester_bank)
    assert (notice.relay_kind, notice.relay_id) == (Notice.RelayKind.MAINTENANCE, window.pk)
    assert violations == []
