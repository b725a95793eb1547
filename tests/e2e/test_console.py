"""The bank's admin in real Chromium: the console home with its charts, and approving a membership application
(issue 9 items 1 and 3). No Content-Security-Policy violation on the way."""

import pytest
from django.utils import timezone

from members.models import Deal, MemberCompany, MembershipApplication
from members.terms.services import terms_accept
from tests.factories import FIAdminFactory, InstitutionFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory
from tests.members.deal_factories import DealFactory
from tests.members.join_factories import ApplicationFactory, TermsFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.req("SVC-2", "USR-1")
def test_admin_sees_the_home_charts_and_approves_an_application(page, screenshot, log_in):
    bank = InstitutionFactory(code="0901", name="デモ銀行")
    admin = FIAdminFactory(institution=bank, username="demo-admin")
    terms_accept(user=admin, document=TermsFactory(), ip_address=None)
    for index in range(4):
        member = UserFactory(company=ProfileCompanyFactory(institution=bank, name=f"株式会社デモ{index}"))
        DealFactory(need=NeedFactory(company=member.company), met_at=timezone.now(),
                    status=Deal.Status.COMPLETED if index % 2 else Deal.Status.ACCEPTED,
                    outcome=Deal.Outcome.WON if index % 2 else "")
    application = ApplicationFactory(institution=bank, company_name="株式会社つばめ精工")
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    log_in(page, admin)
    page.goto(page.base_url + "/console/")
    assert page.locator("svg.chart").count() == 3
    assert page.get_by_text("審査待ちの入会申込").is_visible()
    screenshot(page, "console-home-charts")

    page.goto(page.base_url + "/console/applications/")
    page.get_by_role("link", name="株式会社つばめ精工").click()
    page.get_by_role("button", name="承認する").click()
    page.wait_for_url("**/console/applications/")
    assert "申込を承認しました" in page.content()
    screenshot(page, "console-application-approved")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert MemberCompany.objects.unscoped("test").filter(institution=bank, name="株式会社つばめ精工").exists()
    assert violations == []
