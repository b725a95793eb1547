"""SVC-2 / SVC-3: an FI admin creates an API key in the console and reads the API's documentation, which
Swagger UI renders from this service's static files without a single CSP violation; "Try it out" calls the
API with the admin's session."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.req("SVC-2", "SVC-3")
def test_the_admin_creates_a_key_and_reads_the_api_docs(page, fi_admin, log_in, screenshot):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, fi_admin)

    page.goto(page.base_url + "/console/api-keys/new/")
    page.fill("#id_name", "融資支援システム連携")
    page.check("input[name=scope][value=read]")
    page.get_by_role("button", name="作成する").click()
    key = page.input_value("input.api-key-value")
    assert re.fullmatch(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", key)
    screenshot(page, "api-key-created")

    page.goto(page.base_url + "/api/docs/")
    page.wait_for_selector(".opblock-summary", state="visible")
    assert page.locator(".opblock").count() >= 15
    assert page.get_by_text("会員企業の一覧").first.is_visible()
    me = page.locator("#operations-me-me_retrieve")
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    me.locator(".responses-table .response-col_status").first.wait_for()
    assert fi_admin.username in me.locator(".responses-wrapper").inner_text()
    screenshot(page, "api-docs")
    assert violations == []
