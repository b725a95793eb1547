"""SVC-2 / USR-1: what a bank's system does through the API: companies (filter, search, suspend, resume),
user IDs (invite by email, deactivate), needs and deal statistics, deals by state, maintenance, incidents."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.utils import timezone

from members.models import Deal, MemberCompany, Need, User
from members.policies import account_may_sign_in
from tests.factories import CompanyFactory, FIAdminFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory
from tests.members.deal_factories import DealFactory
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

from .conftest import key_header

pytestmark = [pytest.mark.django_db]


def _get(client, key, path, **params):
    response = client.get(path, params, **key_header(key))
    assert response.status_code == 200, response.content
    return response.json()


def _post(client, key, path, data=None):
    return client.post(path, data or {}, content_type="application/json", **key_header(key))


# --- companies ----------------------------------------------------------------------------------------------

@pytest.mark.req("SVC-2")
def test_companies_filter_by_status_industry_prefecture_and_search(client, bank, read_key):
    ProfileCompanyFactory(institution=bank, name="燕プレス工業", industry="24", prefecture="新潟県",
                          description="ステンレスの精密プレス加工")
    ProfileCompanyFactory(institution=bank, name="仙台運輸", industry="44", prefecture="宮城県",
                          description="冷凍倉庫と配送")
    CompanyFactory(institution=bank, name="休止中商事", industry="60", status=MemberCompany.Status.SUSPENDED)

    def names(**params):
        return [row["name"] for row in _get(client, read_key, "/api/v1/companies/", **params)["results"]]

    assert set(names()) == {"燕プレス工業", "仙台運輸", "休止中商事"}
    assert names(status="suspended") == ["休止中商事"]
    assert names(industry="E") == ["燕プレス工業"]  # a major group: every division in it
    assert names(industry="44") == ["仙台運輸"]
    assert names(prefecture="宮城県") == ["仙台運輸"]
    assert names(q="冷凍倉庫") == ["仙台運輸"]
    row = _get(client, read_key, "/api/v1/companies/", q="プレス")["results"][0]
    assert row["industry_name"] == "金属製品製造業" and row["status_name"] == "利用中" and row["user_count"] == 0


@pytest.mark.req("SVC-2")
def test_an_unknown_filter_value_is_a_400_naming_the_field(client, read_key):
    response = client.get("/api/v1/companies/", {"prefecture": "東京"}, **key_header(read_key))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"] == "入力内容を確認してください。"
    assert list(body["fields"]) == ["prefecture"]


@pytest.mark.req("SVC-2")
def test_cursor_pagination_walks_every_company_once(client, bank, read_key):
    for number in range(7):
        CompanyFactory(institution=bank, name=f"会社{number}")
    seen, url, pages = [], "/api/v1/companies/?page_size=3", 0
    while url:
        body = client.get(url, **key_header(read_key)).json()
        seen += [row["name"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert sorted(seen) == sorted(f"会社{number}" for number in range(7)) and pages == 3
    bad = client.get("/api/v1/companies/?cursor=garbage", **key_header(read_key))
    assert bad.status_code == 404 and bad.json()["code"] == "not_found" and "cursor" in bad.json()["detail"]


@pytest.mark.req("SVC-2")
def test_suspend_and_resume_a_company_through_the_services(client, bank, write_key):
    member = UserFactory(company=CompanyFactory(institution=bank))
    company = member.company
    body = _post(client, write_key, f"/api/v1/companies/{company.pk}/suspend/").json()
    assert body["status"] == "suspended" and body["user_count"] == 1
    member.refresh_from_db()
    assert not account_may_sign_in(member)  # its users are refused from their next request
    entry = LogEntry.objects.get_for_object(company).order_by("-pk").first()
    assert entry.actor is None and entry.actor_email == f"api-key:{write_key.partition('.')[0]}"
    assert _post(client, write_key, f"/api/v1/companies/{company.pk}/suspend/").json()["status"] == "suspended"
    assert _post(client, write_key, f"/api/v1/companies/{company.pk}/resume/").json()["status"] == "active"
    member.refresh_from_db()
    assert account_may_sign_in(member)


def test_an_fi_admins_change_is_audited_with_the_admin(client, fi_admin):
    from rest_framework.authtoken.models import Token

    company = CompanyFactory(institution=fi_admin.institution)
    token = Token.objects.create(user=fi_admin)
    client.post(f"/api/v1/companies/{company.pk}/suspend/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert LogEntry.objects.get_for_object(company).order_by("-pk").first().actor == fi_admin


# --- users ----------------------------------------------------------------------------------------------------

INVITE = {"login_id": "tsubame-sato", "email": "Sato@Tsubame.example.jp", "full_name": "佐藤 一郎"}


@pytest.mark.req("USR-1")
def test_invite_creates_a_member_without_password_and_emails_a_link(client, bank, write_key, django_capture_on_commit_callbacks):
    company = CompanyFactory(institution=bank, name="燕プレス工業")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, write_key, "/api/v1/users/", {**INVITE, "company": company.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["login_id"] == "tsubame-sato" and body["email"] == "sato@tsubame.example.jp"
    assert body["role"] == "member" and body["company"] == company.pk and body["company_name"] == "燕プレス工業"
    user = User.objects.unscoped("test").get(username="tsubame-sato")
    assert not user.has_usable_password() and user.institution == bank
    [message] = mail.outbox
    assert message.to == ["sato@tsubame.example.jp"] and "パスワード" in message.subject
    link = next(line for line in message.body.splitlines() if "/join/invitation/" in line)
    assert "tsubame-sato" in message.body and "燕プレス工業" in message.body
    page = client.get(link.replace("http://127.0.0.1:8000", "").strip(), follow=True)
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()


@pytest.mark.req("USR-1")
def test_the_invited_person_cannot_choose_the_login_id_as_password(client, bank, write_key, django_capture_on_commit_callbacks):
    company = CompanyFactory(institution=bank)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, write_key, "/api/v1/users/", {**INVITE, "company": company.pk})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/join/invitation/" in line)
    form = client.get(link.replace("http://127.0.0.1:8000", "").strip(), follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "tsubame-sato", "new_password2": "tsubame-sato"})
    assert response.status_code == 200
    assert not User.objects.unscoped("test").get(username="tsubame-sato").has_usable_password()


@pytest.mark.req("USR-1")
@pytest.mark.parametrize(("change", "field", "message"), [
    ({"email": "TAKEN@example.jp"}, "email", "このメールアドレスは既に使われています。"),
    ({"login_id": "Taken-ID"}, "login_id", "このログインIDは既に使われています。"),
    ({"login_id": "x"}, "login_id", "ログインIDは英数字と . _ @ - の3〜64文字で、英数字で始めてください。"),
])
def test_a_second_account_with_an_existing_email_or_login_id_is_refused_in_japanese(client, bank, other_bank,
                                                                                      write_key, change, field, message):
    FIAdminFactory(institution=other_bank, username="taken-id", email="taken@example.jp")  # another FI's: unique platform-wide
    company = CompanyFactory(institution=bank)
    before = User.objects.unscoped("test").count()
    response = _post(client, write_key, "/api/v1/users/", {**INVITE, "company": company.pk, **change})
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "detail": "入力内容を確認してください。", "fields": {field: [message]}}
    assert User.objects.unscoped("test").count() == before and not mail.outbox


def test_inviting_into_a_suspended_company_is_refused(client, bank, write_key):
    company = CompanyFactory(institution=bank, status=MemberCompany.Status.SUSPENDED)
    response = _post(client, write_key, "/api/v1/users/", {**INVITE, "company": company.pk})
    assert response.status_code == 400 and "利用停止中" in response.json()["fields"]["company"][0]


@pytest.mark.req("USR-1")
def test_users_list_filters_and_deactivate(client, bank, write_key):
    company = CompanyFactory(institution=bank)
    active = UserFactory(company=company, username="active-one", full_name="有効 花子")
    gone = UserFactory(company=company, username="gone-one", is_active=False)
    FIAdminFactory(institution=bank, username="bank-admin")
    rows = _get(client, write_key, "/api/v1/users/", company=company.pk)["results"]
    assert {row["login_id"] for row in rows} == {"active-one", "gone-one"}
    assert [row["login_id"] for row in _get(client, write_key, "/api/v1/users/", is_active="false")["results"]] == ["gone-one"]
    assert [row["login_id"] for row in _get(client, write_key, "/api/v1/users/", q="花子")["results"]] == ["active-one"]
    body = _post(client, write_key, f"/api/v1/users/{active.pk}/deactivate/").json()
    assert body["is_active"] is False
    active.refresh_from_db()
    assert not active.is_active and not account_may_sign_in(active)
    assert _post(client, write_key, f"/api/v1/users/{gone.pk}/reactivate/").json()["is_active"] is True


def test_an_admin_cannot_deactivate_itself_through_the_api(client, fi_admin):
    client.force_login(fi_admin)
    response = client.post(f"/api/v1/users/{fi_admin.pk}/deactivate/")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    fi_admin.refresh_from_db()
    assert fi_admin.is_active


# --- needs, deals ---------------------------------------------------------------------------------------------

@pytest.mark.req("SVC-2")
def test_need_statistics_by_kind_and_status(client, bank, read_key):
    company = ProfileCompanyFactory(institution=bank)
    NeedFactory(company=company, kind="buy")
    NeedFactory(company=company, kind="buy", deadline=timezone.localdate() - timedelta(days=1))  # expired by date
    NeedFactory(company=company, kind="sell", status=Need.Status.CLOSED)
    NeedFactory(kind="buy")  # another FI's
    body = _get(client, read_key, "/api/v1/stats/needs/")
    assert body["total"] == 3
    buy = next(row for row in body["by_kind"] if row["kind"] == "buy")
    assert buy["total"] == 2 and buy["label"] == "買いたい"
    assert {row["value"]: row["count"] for row in buy["by_status"]} == {"open": 1, "closed": 0, "expired": 1}


@pytest.mark.req("SVC-2")
def test_deal_statistics_over_a_period_and_deals_by_state(client, bank, read_key):
    own = ProfileCompanyFactory(institution=bank)
    accepted = DealFactory(requester_company=own)
    DealFactory(requester_company=own, status=Deal.Status.COMPLETED, outcome=Deal.Outcome.WON)
    old = DealFactory(requester_company=own)
    Deal.objects.unscoped("test").filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=90))
    DealFactory()  # between two other banks' members
    body = _get(client, read_key, "/api/v1/stats/deals/")
    assert body["total"] == 2
    assert {row["value"]: row["count"] for row in body["by_status"]}["accepted"] == 1
    assert {row["value"]: row["count"] for row in body["by_outcome"]}["won"] == 1
    since = (timezone.localdate() - timedelta(days=120)).isoformat()
    assert _get(client, read_key, "/api/v1/stats/deals/", since=since)["total"] == 3
    bad = client.get("/api/v1/stats/deals/", {"since": "2030-01-02", "until": "2030-01-01"}, **key_header(read_key))
    assert bad.status_code == 400 and "since" in bad.json()["fields"]
    deals = _get(client, read_key, "/api/v1/deals/", status="accepted")["results"]
    assert [deal["id"] for deal in deals] == [old.pk, accepted.pk]
    assert deals[0]["requester_institution"] == bank.code and deals[0]["status_name"] == "商談中"


# --- maintenance, incidents -----------------------------------------------------------------------------------

@pytest.mark.req("SVC-2")
def test_maintenance_schedule_and_released_incidents_only(client, bank, other_bank, read_key):
    window = MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=3), message="定期更新")
    MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=200))  # beyond the horizon
    released = IncidentFactory(title="公開済みの重要障害", severity="critical", released=True)
    IncidentFactory(title="未公開の重要障害", severity="critical")
    IncidentFactory(title="公開済みの軽微な障害", released=True)
    windows = _get(client, read_key, "/api/v1/maintenance/")
    assert [row["id"] for row in windows] == [window.pk] and windows[0]["message"] == "定期更新"
    incidents = _get(client, read_key, "/api/v1/incidents/")
    assert [row["id"] for row in incidents] == [released.pk]
