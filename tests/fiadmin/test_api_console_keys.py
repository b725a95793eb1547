"""SVC-2 / SEC-1: FI admins create and revoke their FI's API keys in the console; the key is shown once."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from fiadmin.models import BankApiKey
from tests.factories import FIAdminFactory

from .conftest import key_header

pytestmark = [pytest.mark.django_db]


def _create(client, **data):
    payload = {"name": "融資支援システム連携", "scope": "read_write",
               "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(), **data}
    return client.post("/console/api-keys/new/", payload)


@pytest.mark.req("SVC-2", "SEC-1")
def test_an_admin_creates_a_key_shown_once_then_listed_without_it(client, fi_admin):
    client.force_login(fi_admin)
    response = _create(client)
    assert response.status_code == 200
    key = re.search(r'value="([A-Za-z0-9]{8}\.[A-Za-z0-9]{32})"', response.content.decode()).group(1)
    assert "一度だけ表示されます" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    listing = client.get("/console/api-keys/").content.decode()
    assert "融資支援システム連携" in listing and key.partition(".")[0] in listing
    assert key not in listing and key.partition(".")[2] not in listing
    client.logout()
    me = client.get("/api/v1/me/", **key_header(key)).json()
    assert me["scope"] == "read_write" and me["institution"] == fi_admin.institution.code


@pytest.mark.req("SVC-2")
@pytest.mark.parametrize(("data", "field_message"), [
    ({"name": ""}, "名前を入力してください。"),
    ({"expires_on": ""}, "有効期限を入力してください。"),
    ({"expires_on": "2000-01-01"}, "有効期限は"),
    ({"expires_on": (timezone.localdate() + timedelta(days=800)).isoformat()}, "有効期限は"),
    ({"scope": "admin"}, "権限を選んでください。"),
])
def test_bad_input_is_refused_in_japanese_and_creates_nothing(client, fi_admin, data, field_message):
    client.force_login(fi_admin)
    response = _create(client, **data)
    assert response.status_code == 200 and field_message in response.content.decode()
    assert not BankApiKey.objects.unscoped("test").exists()


@pytest.mark.req("SVC-2", "SEC-1")
def test_revoking_asks_first_then_the_key_answers_401(client, fi_admin, read_key):
    prefix = read_key.partition(".")[0]
    client.force_login(fi_admin)
    confirm = client.get(f"/console/api-keys/{prefix}/revoke/")
    assert confirm.status_code == 200 and "元に戻すことはできません" in confirm.content.decode()
    assert client.get("/api/v1/me/", **key_header(read_key)).status_code == 200
    response = client.post(f"/console/api-keys/{prefix}/revoke/")
    assert response.status_code == 302
    row = BankApiKey.objects.unscoped("test").get(prefix=prefix)
    assert row.revoked and row.revoked_by == fi_admin and row.revoked_at
    assert client.get("/api/v1/me/", **key_header(read_key)).status_code == 401
    assert "無効化済み" in client.get("/console/api-keys/").content.decode()


@pytest.mark.req("AUTH-1")
def test_another_fis_key_is_neither_listed_nor_revocable(client, other_bank, make_key, fi_admin):
    foreign = make_key(other_bank, name="他行のキー")
    prefix = foreign.partition(".")[0]
    client.force_login(fi_admin)
    assert "他行のキー" not in client.get("/console/api-keys/").content.decode()
    assert client.get(f"/console/api-keys/{prefix}/revoke/").status_code == 404
    assert client.post(f"/console/api-keys/{prefix}/revoke/").status_code == 404
    assert client.get(f"/console/api-keys/{'z' * 8}/revoke/").status_code == 404
    assert not BankApiKey.objects.unscoped("test").get(prefix=prefix).revoked


@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("who", ["member", "support_staff", "operator"])
def test_only_fi_admins_manage_keys(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/console/api-keys/").status_code == 403
    assert client.post("/console/api-keys/new/", {"name": "x"}).status_code == 403


def test_the_list_shows_last_use_and_creator(client, bank, make_key):
    creator = FIAdminFactory(institution=bank, full_name="鈴木 花子")
    key = make_key(bank, created_by=creator)
    client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.44", **key_header(key))
    client.force_login(creator)
    listing = client.get("/console/api-keys/").content.decode()
    assert "鈴木 花子" in listing and "192.0.2.44" in listing and "未使用" not in listing


def test_operators_see_keys_read_only_in_the_django_admin(client, operator, read_key):
    client.force_login(operator)
    listing = client.get("/admin/fiadmin/bankapikey/")
    assert listing.status_code == 200 and read_key.partition(".")[0] in listing.content.decode()
    assert read_key not in listing.content.decode()
    assert client.get("/admin/fiadmin/bankapikey/add/").status_code == 403
    assert client.get("/admin/rest_framework_api_key/apikey/").status_code == 404  # the library's model: hidden
