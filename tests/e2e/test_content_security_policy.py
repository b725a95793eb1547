"""SVC-3 / SEC: pages run under a strict Content-Security-Policy without a single violation in Chromium."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "member": ["/portal/", "/status/", "/documents/", "/accounts/password/change/", "/portal/consultations/",
               "/portal/consultations/new/", "/portal/notices/", "/portal/help/", "/portal/settings/notifications/",
               "/portal/subsidies/"],
    "fi_admin": ["/console/", "/console/companies/", "/console/accounts/", "/console/api-keys/",
                 "/console/api-keys/new/", "/api/docs/", "/console/inquiries/", "/console/inquiries/new/"],
    "support_staff": ["/desk/", "/desk/phone/", "/desk/canned/", "/desk/mail/"],
    "operator": ["/operations/", "/operations/maintenance/", "/operations/maintenance/new/", "/operations/incidents/",
                 "/operations/incidents/new/", "/operations/health/", "/operations/terms/", "/admin/", "/admin/members/user/",
                 "/admin/members/user/add/", "/operations/notices/", "/operations/notices/new/"],
}



@pytest.mark.req("SVC-3")
@pytest.mark.parametrize("role", list(PAGES))
def test_pages_raise_no_csp_violation(page, role, member, fi_admin, operator, support_staff, log_in):
    user = {"member": member, "fi_admin": fi_admin, "operator": operator, "support_staff": support_staff}[role]
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, user)
    for path in PAGES[role]:
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert violations == []
