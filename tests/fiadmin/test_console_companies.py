"""Issue 9 item 2: the bank's member companies in the console (SVC-2, AUTH-1, USR-1)."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import MemberCompany, Need, User
from tests.factories import PASSWORD, CompanyFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory, without_tokens
from tests.members.consult_factories import ConsultationFactory
from tests.members.deal_factories import DealFactory


@pytest.fixture
def console(client, fi_admin):
    client.force_login(fi_admin)
    return client


@pytest.mark.req("AUTH-1", "USR-1")
@pytest.mark.django_db
def test_every_company_url_answers_for_another_banks_company_as_for_a_missing_one(console, other_bank):
    foreign = CompanyFactory(institution=other_bank)
    missing = foreign.pk + 1000
    for suffix, method in [("", "get"), ("edit/", "get"), ("edit/", "post"), ("suspend/", "post"),
                           ("resume/", "post"), ("end/", "post")]:
        answers = [getattr(console, method)(f"/console/companies/{pk}/{suffix}", {"confirm": "on"})
                   for pk in (foreign.pk, missing)]
        assert [answer.status_code for answer in answers] == [404, 404], suffix
        assert without_tokens(answers[0].content) == without_tokens(answers[1].content), suffix
    foreign.refresh_from_db()
    assert foreign.status == MemberCompany.Status.ACTIVE


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_search_filters_and_sort_stay_within_the_bank(console, bank, other_bank):
    ProfileCompanyFactory(institution=bank, name="株式会社燕プレス", prefecture="新潟県",
                          description="ステンレスの精密プレス加工")
    ProfileCompanyFactory(institution=bank, name="株式会社仙台物流", prefecture="宮城県", industry="44",
                          description="冷凍倉庫")
    ProfileCompanyFactory(institution=other_bank, name="他行プレス工業", prefecture="新潟県",
                          description="精密プレス加工")
    page = console.get("/console/companies/", {"q": "プレス"}).content.decode()
    assert "株式会社燕プレス" in page and "仙台物流" not in page and "他行プレス工業" not in page
    page = console.get("/console/companies/", {"prefecture": "宮城県"}).content.decode()
    assert "株式会社仙台物流" in page and "燕プレス" not in page
    suspended = CompanyFactory(institution=bank, name="株式会社停止中")
    MemberCompany.objects.unscoped("test").filter(pk=suspended.pk).update(status="suspended")
    page = console.get("/console/companies/", {"status": "suspended", "sort": "new"}).content.decode()
    assert "株式会社停止中" in page and "燕プレス" not in page
    assert console.get("/console/companies/", {"sort": "nonsense", "status": "x", "page": "zz"}).status_code == 200


def _list_queries(client, url) -> int:
    client.get(url)  # warm the per-process page state and the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_company_list_costs_the_same_queries_with_5_and_100_rows(console, bank):
    for _ in range(5):
        UserFactory(company=CompanyFactory(institution=bank))
    few = _list_queries(console, "/console/companies/")
    for _ in range(95):
        UserFactory(company=CompanyFactory(institution=bank))
    assert _list_queries(console, "/console/companies/") == few


@pytest.mark.req("SVC-2", "AUTH-1")
@pytest.mark.django_db
def test_csv_has_a_bom_japanese_headers_and_only_this_banks_rows(console, bank, other_bank):
    CompanyFactory(institution=bank, name="株式会社自行")
    CompanyFactory(institution=bank, name="=HYPERLINK(\"x\")")
    CompanyFactory(institution=other_bank, name="株式会社他行")
    response = console.get("/console/companies/csv/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["会社名", "会社名（カナ）", "法人番号", "業種", "都道府県"]
    assert {row[3] for row in rows[1:]} == {"金属製品製造業"} and {row[8] for row in rows[1:]} == {"利用中"}
    names = {row[0] for row in rows[1:]}
    assert names == {"株式会社自行", "'=HYPERLINK(\"x\")"}


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_company_page_shows_its_users_needs_and_consultations(console, bank):
    company = ProfileCompanyFactory(institution=bank)
    UserFactory(company=company, username="tsubame-sato")
    NeedFactory(company=company, title="金型の保管場所を探しています")
    ConsultationFactory(company=company, subject="事業承継のご相談")
    DealFactory(need=NeedFactory(title="冷凍倉庫の共同利用先を探しています"), requester_company=company)
    page = console.get(f"/console/companies/{company.pk}/").content.decode()
    assert "tsubame-sato" in page and "金型の保管場所を探しています" in page and "事業承継のご相談" in page
    assert "冷凍倉庫の共同利用先を探しています" in page


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_edit_goes_through_the_service_and_refuses_bad_input(console, bank):
    company = CompanyFactory(institution=bank, name="株式会社旧名")
    response = console.post(f"/console/companies/{company.pk}/edit/", {
        "name": "", "industry": "24", "prefecture": "新潟県"})
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.name == "株式会社旧名"
    response = console.post(f"/console/companies/{company.pk}/edit/", {
        "name": "株式会社新名", "industry": "24", "prefecture": "新潟県", "city": "燕市"})
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name, company.city) == ("株式会社新名", "燕市")


def _logs_in(user) -> bool:
    other = Client()
    other.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    return "_auth_user_id" in other.session


@pytest.mark.req("SVC-2", "AUTH-1")
@pytest.mark.django_db
def test_suspend_hides_needs_and_blocks_login_and_resume_restores(console, bank):
    company = ProfileCompanyFactory(institution=bank)
    member = UserFactory(company=company, username="tsubame-member")
    need = NeedFactory(company=company)
    assert _logs_in(member)
    assert Need.objects.published_for_matching().filter(pk=need.pk).exists()
    assert console.post(f"/console/companies/{company.pk}/suspend/").status_code == 302  # no confirmation
    company.refresh_from_db()
    assert company.status == MemberCompany.Status.ACTIVE
    console.post(f"/console/companies/{company.pk}/suspend/", {"confirm": "on"})
    company.refresh_from_db()
    assert company.status == MemberCompany.Status.SUSPENDED
    assert not Need.objects.published_for_matching().filter(pk=need.pk).exists()
    assert not _logs_in(member)
    console.post(f"/console/companies/{company.pk}/resume/", {"confirm": "on"})
    company.refresh_from_db()
    assert company.status == MemberCompany.Status.ACTIVE
    assert Need.objects.published_for_matching().filter(pk=need.pk).exists()


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_end_membership_suspends_unpublishes_and_deactivates_every_user(console, bank):
    company = ProfileCompanyFactory(institution=bank)
    UserFactory(company=company)
    UserFactory(company=company)
    console.post(f"/console/companies/{company.pk}/end/", {"confirm": "on"})
    company.refresh_from_db()
    assert (company.status, company.is_published) == (MemberCompany.Status.SUSPENDED, False)
    assert not User.objects.unscoped("test").filter(company=company, is_active=True).exists()
