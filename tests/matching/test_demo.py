"""The demo (issue 7 item 7): three FIs, at least 30 companies and 60 needs with real texts, recommendations
ready on the first run; seeding twice changes nothing."""

import pytest

from members import demo as members_demo
from members.matching import demo as matching_demo
from members.models import FinancialInstitution, MemberCompany, Need, Recommendation, User


def _counts() -> tuple:
    return (FinancialInstitution.objects.count(), MemberCompany.objects.unscoped("test").count(),
            Need.objects.unscoped("test").count(), User.objects.unscoped("test").count(),
            Recommendation.objects.unscoped("test").count())


@pytest.fixture
def demo(db):
    members_demo.seed()
    matching_demo.seed()


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_the_demo_is_large_enough_and_idempotent(demo):
    first = _counts()
    institutions, companies, needs, _users, recommendations = first
    assert institutions == 3 and companies >= 30 and needs >= 60
    for institution in FinancialInstitution.objects.all():
        assert MemberCompany.objects.unscoped("test").filter(institution=institution).count() >= 9
    assert all(company.products and company.match_terms
               for company in MemberCompany.objects.unscoped("test").all())
    members_demo.seed()
    matching_demo.seed()
    assert _counts() == first


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_every_demo_company_gets_recommendations_with_reasons(demo):
    companies = MemberCompany.objects.unscoped("test").all()
    with_rows = {row.company_id for row in Recommendation.objects.unscoped("test").all()}
    assert len(with_rows) >= len(companies) - 2
    assert all(row.reasons for row in Recommendation.objects.unscoped("test").all())


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
@pytest.mark.parametrize("query, title", [
    ("金型", "自動車部品のプレス加工を受託します"),       # inside 順送金型
    ("ﾌﾟﾚｽ", "自動車部品のプレス加工を受託します"),       # half-width katakana
    ("ＩｏＴ", "AIによる外観検査の導入を支援します"),      # full-width Latin
])
def test_a_demo_bank_member_finds_a_shinkin_members_need(client, demo, query, title):
    client.force_login(User.objects.unscoped("test").get(username="demo-bank-member"))
    response = client.get("/portal/needs/", {"q": query})
    found = {need.title: need.company.institution.name for need in response.context["results"].page}
    assert found.get(title) == "サンプル信用金庫"
    assert "<mark>" in response.content.decode()
