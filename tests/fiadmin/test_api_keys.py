"""AUTH-1 / SEC-1: an FI's API key authenticates as that FI; revoked, expired or wrong keys get 401, a read key
cannot write (403), the IP allow-list hook refuses with 403, calls over the limit get 429 with Retry-After."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from fiadmin.models import BankApiKey
from fiadmin.services import api_key_revoke
from members.models import MemberCompany
from members.services import institution_terminate
from tests.factories import CompanyFactory

from .conftest import key_header

pytestmark = [pytest.mark.django_db]


def _row(key: str) -> BankApiKey:
    return BankApiKey.objects.unscoped("test").get(prefix=key.partition(".")[0])


@pytest.mark.req("AUTH-1")
def test_a_key_calls_as_its_fi(client, bank, read_key):
    body = client.get("/api/v1/me/", **key_header(read_key)).json()
    assert body["kind"] == "api_key" and body["institution"] == bank.code and body["scope"] == "read"
    assert body["prefix"] == read_key.partition(".")[0]


@pytest.mark.req("AUTH-1")
def test_the_key_is_stored_only_as_a_hash(read_key):
    row = _row(read_key)
    stored = " ".join(str(getattr(row, field.attname)) for field in BankApiKey._meta.concrete_fields)
    assert read_key not in stored and read_key.partition(".")[2] not in stored
    assert row.hashed_key.startswith("sha512$$")


@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("header", ["", "Api-Key", "Api-Key nodot", "Api-Key abc.def", "Api-Key a b"])
def test_no_or_a_wrong_key_is_a_401(client, read_key, header):
    response = client.get("/api/v1/companies/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    body = response.json()
    assert body["code"] in ("not_authenticated", "invalid_api_key", "malformed_api_key") and body["detail"]


@pytest.mark.req("AUTH-1")
def test_a_right_prefix_with_a_wrong_secret_is_a_401(client, read_key):
    prefix = read_key.partition(".")[0]
    response = client.get("/api/v1/me/", **key_header(f"{prefix}.{'x' * 32}"))
    assert response.status_code == 401 and response.json()["code"] == "invalid_api_key"


@pytest.mark.req("AUTH-1")
def test_a_revoked_key_is_a_401(client, fi_admin, read_key):
    assert client.get("/api/v1/me/", **key_header(read_key)).status_code == 200
    api_key_revoke(api_key=_row(read_key), revoked_by=fi_admin)
    response = client.get("/api/v1/me/", **key_header(read_key))
    assert response.status_code == 401
    assert response.json() == {"code": "api_key_revoked", "detail": "この API キーは無効化されています。"}


@pytest.mark.req("AUTH-1")
def test_an_expired_key_is_a_401(client, read_key):
    expiry = _row(read_key).expiry_date
    with time_machine.travel(expiry - timedelta(seconds=1), tick=False):
        assert client.get("/api/v1/me/", **key_header(read_key)).status_code == 200
    with time_machine.travel(expiry + timedelta(seconds=1), tick=False):
        response = client.get("/api/v1/me/", **key_header(read_key))
    assert response.status_code == 401
    assert response.json() == {"code": "api_key_expired", "detail": "この API キーは有効期限が切れています。"}


@pytest.mark.req("AUTH-1")
def test_a_key_of_an_fi_whose_contract_ended_is_a_401(client, bank, read_key):
    institution_terminate(institution=bank)
    response = client.get("/api/v1/me/", **key_header(read_key))
    assert response.status_code == 401 and response.json()["code"] == "contract_ended"


@pytest.mark.req("AUTH-1", "SEC-1")
def test_a_read_key_cannot_write(client, bank, read_key):
    company = CompanyFactory(institution=bank)
    response = client.post(f"/api/v1/companies/{company.pk}/suspend/", **key_header(read_key))
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "読み取り専用" in response.json()["detail"]
    company.refresh_from_db()
    assert company.status == MemberCompany.Status.ACTIVE


@pytest.mark.req("SEC-1")
def test_a_call_from_an_address_outside_the_allow_list_is_a_403_and_logged(client, read_key, bank, caplog):
    from audit.models import SecurityEvent
    from members.models import InstitutionSettings

    InstitutionSettings.objects.create(institution=bank, allowed_networks="192.0.2.0/24")
    assert client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.10", **key_header(read_key)).status_code == 200
    response = client.get("/api/v1/me/", REMOTE_ADDR="203.0.113.9", **key_header(read_key))
    assert response.status_code == 403 and response.json()["code"] == "ip_not_allowed"
    assert "IP allow-list" in caplog.text and "203.0.113.9" in caplog.text
    [event] = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ADDRESS_REFUSED)
    assert event.ip_address == "203.0.113.9" and event.institution == bank


@pytest.mark.req("SEC-1")
def test_the_allow_list_hook_applies_to_fi_admin_sessions_too(client, fi_admin, monkeypatch):
    monkeypatch.setattr("fiadmin.api.permissions.api_ip_allowed", lambda request, institution: False)
    client.force_login(fi_admin)
    assert client.get("/api/v1/me/").json()["code"] == "ip_not_allowed"


@pytest.mark.req("SEC-1")
def test_calls_over_the_limit_get_429_with_retry_after_per_key(client, settings, bank, make_key):
    settings.BANK_API_THROTTLE_RATE = "3/min"
    busy, other = make_key(bank), make_key(bank)
    for _ in range(3):
        assert client.get("/api/v1/me/", **key_header(busy)).status_code == 200
    response = client.get("/api/v1/me/", **key_header(busy))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["code"] == "throttled" and body["retry_after"] == int(response["Retry-After"])
    assert "秒後に再度お試しください" in body["detail"]
    assert client.get("/api/v1/me/", **key_header(other)).status_code == 200  # each key its own bucket


def test_last_use_is_recorded_at_most_once_a_minute(client, read_key):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.10", **key_header(read_key))
    assert _row(read_key).last_used_at == start and _row(read_key).last_used_ip == "192.0.2.10"
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.11", **key_header(read_key))
    assert _row(read_key).last_used_at == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.11", **key_header(read_key))
    assert _row(read_key).last_used_at == start + timedelta(seconds=61)
    assert _row(read_key).last_used_ip == "192.0.2.11"


def test_a_call_within_the_minute_writes_nothing(client, read_key, django_assert_num_queries):
    client.get("/api/v1/me/", **key_header(read_key))
    with django_assert_num_queries(1):  # the key's lookup only (the FI comes with it)
        client.get("/api/v1/me/", **key_header(read_key))
