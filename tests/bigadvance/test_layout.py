"""SVC-3 (standard browsers, no CDN), the Japanese-first layout and the language switch."""

import re
from pathlib import Path

import pytest

IE11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"
CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 "
          "Safari/537.36")


@pytest.mark.req("SVC-3")
@pytest.mark.django_db
def test_unsupported_browser_gets_a_notice(client):
    page = client.get("/accounts/login/", HTTP_USER_AGENT=IE11).content.decode()
    assert re.search(r'<div id="browser-notice"[^>]*role="alert"\s*>', page)


@pytest.mark.req("SVC-3")
@pytest.mark.django_db
def test_supported_browser_gets_no_notice(client):
    page = client.get("/accounts/login/", HTTP_USER_AGENT=CHROME).content.decode()
    assert re.search(r'<div id="browser-notice"[^>]*hidden>', page)


@pytest.mark.req("SVC-3")
@pytest.mark.django_db
def test_pages_load_assets_only_from_this_service(client, member):
    pages = [client.get("/accounts/login/")]
    client.force_login(member)
    pages.append(client.get("/portal/"))
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources
        assert all(not s.startswith(("http:", "https:", "//")) for s in sources), sources


@pytest.mark.req("SVC-3")
@pytest.mark.django_db
def test_vendored_assets_ship_with_the_app():
    from django.contrib.staticfiles import finders

    for asset in ("vendor/pico/pico.min.css", "vendor/htmx/htmx.min.js", "css/app.css", "js/browser-check.js"):
        assert finders.find(asset), asset


@pytest.mark.django_db
def test_layout_shows_institution_and_role(client, fi_admin):
    client.force_login(fi_admin)
    page = client.get("/console/").content.decode()
    assert fi_admin.institution.name in page and "金融機関管理者" in page


@pytest.mark.django_db
def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page and "Login ID" in page


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_language_switch_names_each_language_in_its_own_language(client):
    page = client.get("/accounts/login/").content.decode()
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', page)
    assert options == [("ja", "日本語"), ("en", "English")]


@pytest.mark.django_db
def test_a_favicon_is_linked_and_served(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in page and 'favicon.svg" type="image/svg+xml"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and "icon" in response["Content-Type"]
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_table_headers_do_not_wrap_one_character_per_line():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/app.css")).read_text(encoding="utf-8")
    rule = re.search(r"(?:^|\n)th\s*\{([^}]*)\}", css)
    assert rule and "white-space: nowrap" in rule.group(1) and "word-break: keep-all" in rule.group(1)


@pytest.mark.django_db
def test_forms_mark_required_fields_and_summarise_errors(client, member, password):
    client.force_login(member)
    page = client.post("/accounts/password/change/", {"old_password": password}).content.decode()
    assert page.count('<span class="required">必須</span>') == 3
    assert "入力内容に誤りがあります。各項目のメッセージをご確認ください。" in page
