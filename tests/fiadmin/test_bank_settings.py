"""The bank's settings (issue 9 item 8): maintenance-notice contacts, the IP allow-list for the console and
the API (SEC-1), session timeout, the one-session rule and two-factor login for its admins."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from audit.models import SecurityEvent
from members.models import InstitutionSettings, MaintenanceContact
from tests.factories import MaintenanceContactFactory

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.99"


def _settings(**changes) -> dict:
    return {"allowed_networks": "", "session_timeout_minutes": "", **changes}


def _save(client, address=OFFICE, **changes):
    return client.post("/console/settings/", _settings(**changes), REMOTE_ADDR=address)


@pytest.mark.req("SEC-1")
def test_with_an_allow_list_a_console_page_and_an_api_call_from_elsewhere_get_403_and_are_logged(
        client, fi_admin, bank):
    client.force_login(fi_admin)
    assert _save(client, allowed_networks="203.0.113.0/24\n192.0.2.5").status_code == 302
    assert client.get("/console/", REMOTE_ADDR="203.0.113.77").status_code == 200
    assert client.get("/api/v1/me/", REMOTE_ADDR="192.0.2.5").status_code == 200

    page = client.get("/console/companies/", REMOTE_ADDR=ELSEWHERE)
    assert page.status_code == 403
    assert "アクセスが拒否されました" in page.content.decode() and ELSEWHERE in page.content.decode()
    api = client.get("/api/v1/me/", REMOTE_ADDR=ELSEWHERE)
    assert api.status_code == 403 and api["Content-Type"].startswith("application/json")
    assert api.json()["code"] == "address_not_allowed" and api.json()["detail"]

    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ADDRESS_REFUSED)
    assert [(e.ip_address, e.user, e.institution) for e in events] == [(ELSEWHERE, fi_admin, bank)] * 2
    assert {"console", "api"} == {e.detail.split()[0] for e in events}
    # the member portal is not covered by the console's allow-list
    assert client.get("/status/", REMOTE_ADDR=ELSEWHERE).status_code == 200


@pytest.mark.req("SEC-1")
def test_an_api_token_from_elsewhere_gets_403_too(client, fi_admin, bank):
    InstitutionSettings.objects.create(institution=bank, allowed_networks="203.0.113.0/24")
    token = Token.objects.create(user=fi_admin)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/me/", REMOTE_ADDR=OFFICE, **headers).status_code == 200
    response = client.get("/api/v1/me/", REMOTE_ADDR=ELSEWHERE, **headers)
    assert response.status_code == 403 and "IP アドレス" in response.json()["detail"]
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ADDRESS_REFUSED, ip_address=ELSEWHERE).count() == 1


@pytest.mark.req("SEC-1")
def test_the_allow_list_reads_the_address_past_the_trusted_proxies(client, fi_admin, bank, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1  # a load balancer in front
    InstitutionSettings.objects.create(institution=bank, allowed_networks="203.0.113.0/24")
    client.force_login(fi_admin)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.get("/console/", HTTP_X_FORWARDED_FOR=OFFICE, **proxy).status_code == 200
    # a client cannot pick its address by writing one in front of the header
    assert client.get("/console/", HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ELSEWHERE}", **proxy).status_code == 403


@pytest.mark.req("SEC-1")
def test_an_admin_cannot_save_a_list_that_locks_themselves_out(client, fi_admin, bank):
    client.force_login(fi_admin)
    response = _save(client, address=ELSEWHERE, allowed_networks="203.0.113.0/24", single_session="on")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"現在の接続元（{ELSEWHERE}）が含まれていないため" in page
    assert "203.0.113.0/24" in page  # the typed input is kept
    assert not InstitutionSettings.objects.unscoped("test").filter(institution=bank).exists()


def test_bad_addresses_are_refused_with_the_line_named(client, fi_admin, bank):
    client.force_login(fi_admin)
    response = _save(client, allowed_networks="203.0.113.0/24\n\n203.0.113.300")
    assert response.status_code == 200
    assert "3行目の「203.0.113.300」は IP アドレスまたは CIDR" in response.content.decode()
    assert not InstitutionSettings.objects.unscoped("test").exists()


def test_addresses_are_stored_in_standard_form(client, fi_admin, bank):
    client.force_login(fi_admin)
    _save(client, allowed_networks="２０３．０．１１３．５/24\n203.0.113.0/24\n2001:DB8::/32\n192.0.2.7/32\n")
    row = InstitutionSettings.objects.unscoped("test").get(institution=bank)
    assert row.allowed_networks == "203.0.113.0/24\n2001:db8::/32\n192.0.2.7"


@pytest.mark.parametrize(("minutes", "message"), [("5", "15分以上"), ("481", "480分以下"), ("abc", "半角数字")])
def test_the_session_timeout_is_bounded(client, fi_admin, minutes, message):
    client.force_login(fi_admin)
    response = _save(client, session_timeout_minutes=minutes)
    assert response.status_code == 200 and message in response.content.decode()
    assert not InstitutionSettings.objects.unscoped("test").exists()


def test_saving_the_settings(client, fi_admin, bank):
    client.force_login(fi_admin)
    response = _save(client, session_timeout_minutes="30", single_session="on")
    assert response.status_code == 302
    page = client.get("/console/settings/", REMOTE_ADDR=OFFICE).content.decode()
    assert "設定を保存しました" in page and 'value="30"' in page
    row = InstitutionSettings.objects.unscoped("test").get(institution=bank)
    assert (row.session_timeout_minutes, row.single_session, row.two_factor_required) == (30, True, False)
    _save(client, session_timeout_minutes="30", two_factor_required="on")
    row.refresh_from_db()
    assert (row.single_session, row.two_factor_required) == (False, True)
    # two-factor login now applies to this bank's admins at their next request
    assert client.get("/console/")["Location"].startswith("/accounts/two-factor/verify/")


def test_the_settings_cost_no_query_on_each_console_page(client, fi_admin, bank):
    InstitutionSettings.objects.create(institution=bank, allowed_networks="127.0.0.1", session_timeout_minutes=60)
    client.force_login(fi_admin)
    client.get("/console/accounts/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/console/accounts/").status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if 'FROM "members_institutionsettings"' in q["sql"]]


@pytest.mark.req("OPS-4")
def test_contacts_are_added_edited_and_deleted(client, fi_admin, bank):
    client.force_login(fi_admin)
    response = client.post("/console/settings/contacts/new/", {"name": "システム部", "email": "Sys@Bank.example.jp"})
    assert response.status_code == 302
    contact = MaintenanceContact.objects.unscoped("test").get(institution=bank)
    assert contact.email == "sys@bank.example.jp"
    assert "システム部" in client.get("/console/settings/").content.decode()

    duplicate = client.post("/console/settings/contacts/new/", {"name": "別の部署", "email": "SYS@bank.example.jp"})
    assert "このメールアドレスは既に連絡先に登録されています。" in duplicate.content.decode()

    client.post(f"/console/settings/contacts/{contact.pk}/", {"name": "システム企画部", "email": "plan@bank.example.jp"})
    contact.refresh_from_db()
    assert (contact.name, contact.email) == ("システム企画部", "plan@bank.example.jp")

    confirm = client.get(f"/console/settings/contacts/{contact.pk}/delete/")
    assert "よろしいですか" in confirm.content.decode()
    assert MaintenanceContact.objects.unscoped("test").filter(pk=contact.pk).exists()
    client.post(f"/console/settings/contacts/{contact.pk}/delete/")
    assert not MaintenanceContact.objects.unscoped("test").filter(pk=contact.pk).exists()


def test_a_contact_form_explains_bad_input(client, fi_admin):
    client.force_login(fi_admin)
    page = client.post("/console/settings/contacts/new/", {"name": "", "email": "not-an-address"}).content.decode()
    assert "担当者・部署名を入力してください。" in page and "メールアドレスの形式が正しくありません" in page
    assert not MaintenanceContact.objects.unscoped("test").exists()


@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("path", ["", "delete/"])
def test_another_fis_contact_is_a_404(client, other_fi_admin, bank, path):
    contact = MaintenanceContactFactory(institution=bank)
    client.force_login(other_fi_admin)
    assert client.get(f"/console/settings/contacts/{contact.pk}/{path}").status_code == 404
    assert client.post(f"/console/settings/contacts/{contact.pk}/{path}",
                       {"name": "x", "email": "x@example.jp"}).status_code == 404
    assert MaintenanceContact.objects.unscoped("test").filter(pk=contact.pk, name=contact.name).exists()
    assert contact.email not in client.get("/console/settings/").content.decode()


@pytest.mark.req("AUTH-1")
def test_only_fi_admins_open_the_settings(client, member, support_staff):
    for user in (member, support_staff):
        client.force_login(user)
        assert client.get("/console/settings/").status_code == 403


@pytest.mark.req("SEC-1")
def test_an_operator_reopens_a_console_whose_allow_list_no_longer_fits(client, operator, fi_admin, bank):
    row = InstitutionSettings.objects.create(institution=bank, allowed_networks="203.0.113.0/24")
    client.force_login(operator)
    url = f"/admin/members/institutionsettings/{bank.pk}/change/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"allowed_networks": "not-an-address", "session_timeout_minutes": ""})
    assert bad.status_code == 200 and "IP アドレスまたは CIDR" in bad.content.decode()
    response = client.post(url, {"allowed_networks": "198.51.100.0/24", "session_timeout_minutes": ""})
    assert response.status_code == 302  # the operator's own address does not matter here
    row.refresh_from_db()
    assert row.allowed_networks == "198.51.100.0/24"
    client.force_login(fi_admin)
    assert client.get("/console/", REMOTE_ADDR="198.51.100.7").status_code == 200


@pytest.mark.req("SEC-1")
def test_a_caller_known_only_by_its_bank_is_checked_the_same_way(rf, bank):
    """What an API key's authentication asks (members.security.middleware.institution_address_refusal)."""
    from members.security.middleware import institution_address_refusal

    InstitutionSettings.objects.create(institution=bank, allowed_networks="203.0.113.0/24")
    inside = rf.get("/api/v1/companies/", REMOTE_ADDR=OFFICE)
    outside = rf.get("/api/v1/companies/", REMOTE_ADDR=ELSEWHERE)
    assert institution_address_refusal(inside, bank, caller="key:abc123") is None
    assert ELSEWHERE in institution_address_refusal(outside, bank, caller="key:abc123")
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ADDRESS_REFUSED)
    assert (event.login_id, event.user, event.institution) == ("key:abc123", None, bank)
