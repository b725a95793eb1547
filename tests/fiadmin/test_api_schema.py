"""SVC-2 / AUTH-1: the OpenAPI description validates, every operation in it refuses a call without a key, and
the documentation page is served from this service's static files under the strict CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.factories import CompanyFactory, UserFactory

from .conftest import key_header

pytestmark = [pytest.mark.django_db]


@pytest.mark.req("SVC-2")
def test_the_openapi_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))  # raises on any issue
    assert target.read_text(encoding="utf-8").startswith("openapi: 3.0")


@pytest.mark.req("SVC-2")
def test_the_schema_is_served_to_keys_as_json_and_yaml(client, read_key):
    schema = client.get("/api/schema/", **key_header(read_key)).json()
    assert schema["openapi"].startswith("3.0") and "/api/v1/companies/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiKeyAuth"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": "「Api-Key <キー>」の形で送ります。キーは管理画面の「API キー」で発行します。"}
    for item in schema["paths"].values():
        for operation in item.values():
            assert {"401", "403", "429"} <= set(operation["responses"])
            assert {"apiKeyAuth": []} in operation["security"]
    yaml = client.get("/api/schema/?format=yaml", **key_header(read_key))
    assert yaml.status_code == 200 and yaml.content.startswith(b"openapi: 3.0")


@pytest.mark.req("AUTH-1")
def test_every_operation_answers_401_without_a_key(client, read_key, bank):
    company = CompanyFactory(institution=bank)
    UserFactory(company=company)
    schema = client.get("/api/schema/", **key_header(read_key)).json()
    operations = [(path.replace("{id}", str(company.pk)), method)
                  for path, item in schema["paths"].items() for method in item]
    assert len(operations) >= 15
    for path, method in operations:
        response = getattr(client, method)(path, content_type="application/json")
        assert response.status_code == 401, (method, path, response.status_code)
        assert response["WWW-Authenticate"] == "Api-Key"
        assert response.json() == {
            "code": "not_authenticated",
            "detail": "認証が必要です。Authorization ヘッダーに「Api-Key <キー>」を指定してください。"}


@pytest.mark.req("SVC-2", "SVC-3")
def test_the_docs_page_uses_static_files_only(client, fi_admin):
    client.force_login(fi_admin)
    response = client.get("/api/docs/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all('src="/static/' in attributes for attributes in scripts)  # no inline script
    assert "<style" not in page and "style=" not in page and "//cdn" not in page
    assert 'data-schema-url="/api/schema/"' in page
    for path in ("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", "fiadmin/api-docs.js"):
        assert finders.find(path), path  # collected into STATIC_ROOT, served by whitenoise


def test_the_code_does_not_change_with_the_language(client):
    response = client.get("/api/v1/companies/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["code"] == "not_authenticated"  # the code never changes with the language


@pytest.mark.parametrize(("method", "path", "extra", "status", "code"), [
    ("post", "/api/v1/companies/", {}, 405, "method_not_allowed"),
    ("post", "/api/v1/users/", {"data": "{not json", "content_type": "application/json"}, 400, "parse_error"),
    ("post", "/api/v1/users/", {"data": "a=b", "content_type": "text/csv"}, 415, "unsupported_media_type"),
])
def test_protocol_errors_have_a_code_and_a_japanese_message(client, write_key, method, path, extra, status, code):
    response = getattr(client, method)(path, **extra, **key_header(write_key))
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"].endswith("。")
