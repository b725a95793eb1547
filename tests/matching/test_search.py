"""Japanese search over needs and companies (issue 7 item 3): substrings of compounds, NFKC, 1-2 character
queries, AND, relevance, highlighted snippets, facets with counts, pages; index-backed on PostgreSQL."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.matching.listing import Filters, needs_search
from members.matching.search import search
from members.matching.text import parse_query
from members.models import FinancialInstitution, MemberCompany, Need
from tests.factories import InstitutionFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory


@pytest.fixture
def demo_bank(db):
    return InstitutionFactory(code="0901", name="デモ銀行")


@pytest.fixture
def sample_shinkin(db):
    return InstitutionFactory(code="1901", name="サンプル信用金庫", kind=FinancialInstitution.Kind.SHINKIN)


@pytest.fixture
def searcher(demo_bank):
    return UserFactory(company=ProfileCompanyFactory(institution=demo_bank, name="株式会社北斗精機"))


@pytest.fixture
def shinkin_company(sample_shinkin):
    return ProfileCompanyFactory(institution=sample_shinkin, name="株式会社あおば物流", industry="44",
                                 prefecture="宮城県", description="東北一円の共同配送と冷凍倉庫。")


def _titles(response) -> list[str]:
    return [need.title for need in response.context["results"].page]


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
@pytest.mark.parametrize("query", ["金型", "ｷｶｲ", "ＡＩ", "ai", "型"])
def test_a_member_finds_another_banks_need_by_a_word_inside_a_compound(client, searcher, shinkin_company, query):
    need = NeedFactory(company=shinkin_company, title="試作パートナーを探しています",
                       body="精密金型加工とキカイ設計、AI検査の経験がある会社を探しています。")
    NeedFactory(company=shinkin_company, title="倉庫の空きあります", body="冷凍倉庫の空きスペースを貸し出します。")
    client.force_login(searcher)
    response = client.get("/portal/needs/", {"q": query})
    assert _titles(response) == [need.title]
    page = response.content.decode()
    assert page.count("<mark>") >= 1
    expected = {"金型": "<mark>金型</mark>", "ｷｶｲ": "<mark>キカイ</mark>", "ＡＩ": "<mark>AI</mark>",
                "ai": "<mark>AI</mark>", "型": "<mark>型</mark>"}[query]
    assert expected in page


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_several_words_must_all_occur_and_a_word_must_occur_whole(client, searcher, shinkin_company):
    NeedFactory(company=shinkin_company, title="A", body="精密金型加工の試作をお願いします。")
    NeedFactory(company=shinkin_company, title="B", body="金型の修理をお願いします。")
    NeedFactory(company=shinkin_company, title="C", body="試作の加工をお願いします。")
    client.force_login(searcher)
    assert _titles(client.get("/portal/needs/", {"q": "金型　試作"})) == ["A"]  # full-width space separates too
    assert sorted(_titles(client.get("/portal/needs/", {"q": "金型"}))) == ["A", "B"]
    assert _titles(client.get("/portal/needs/", {"q": "金型加工"})) == ["A"]
    assert _titles(client.get("/portal/needs/", {"q": "金型試作"})) == []  # both bigrams occur, not in a row


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_results_are_ordered_by_relevance_or_by_date(client, searcher, shinkin_company):
    body_only = NeedFactory(company=shinkin_company, title="協力会社の募集", body="ステンレスの金型を扱える会社。")
    in_title = NeedFactory(company=shinkin_company, title="金型の試作先を探しています", body="詳細はご相談ください。")
    client.force_login(searcher)
    assert _titles(client.get("/portal/needs/", {"q": "金型"})) == [in_title.title, body_only.title]
    newest_first = _titles(client.get("/portal/needs/", {"q": "金型", "sort": "new"}))
    assert newest_first == [in_title.title, body_only.title]
    Need.objects.unscoped("test").filter(pk=in_title.pk).update(created_at=body_only.created_at.replace(year=2020))
    assert _titles(client.get("/portal/needs/", {"q": "金型", "sort": "new"})) == [body_only.title, in_title.title]
    assert _titles(client.get("/portal/needs/", {"q": "金型"}))[0] == in_title.title


@pytest.mark.req("SAF-1")
@pytest.mark.django_db
def test_snippets_escape_html_around_the_highlight(client, searcher, shinkin_company):
    NeedFactory(company=shinkin_company, title="募集", body='<script>alert("金型")</script> 金型 & 治具')
    client.force_login(searcher)
    page = client.get("/portal/needs/", {"q": "金型"}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;<mark>金型</mark>&quot;)&lt;/script&gt; <mark>金型</mark> &amp; 治具" in page
    echoed = client.get("/portal/needs/", {"q": '"><script>x'}).content.decode()
    assert 'value="&quot;&gt;&lt;script&gt;x"' in echoed and "<script>x" not in echoed


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_facets_count_per_kind_industry_and_prefecture(client, searcher, shinkin_company):
    NeedFactory(company=shinkin_company, kind="buy", industry="24", body="金型", is_nationwide=False,
                prefectures=["宮城県"])
    NeedFactory(company=shinkin_company, kind="buy", industry="09", body="金型", is_nationwide=False,
                prefectures=["宮城県", "新潟県"])
    NeedFactory(company=shinkin_company, kind="sell", industry="44", body="金型")
    NeedFactory(company=shinkin_company, kind="sell", industry="44", body="倉庫")
    client.force_login(searcher)
    results = client.get("/portal/needs/", {"q": "金型"}).context["results"]
    facets = {name: {facet.value: facet.count for facet in values} for name, values in results.facets.items()}
    assert facets["kind"] == {"buy": 2, "sell": 1}
    assert facets["industry"] == {"E": 2, "H": 1}
    assert facets["prefecture"] == {"宮城県": 3, "新潟県": 2}  # the nationwide need counts in each
    narrowed = client.get("/portal/needs/", {"q": "金型", "kind": "buy", "prefecture": "新潟県"})
    assert len(_titles(narrowed)) == 1
    facets = {name: {f.value: f.count for f in values} for name, values in narrowed.context["results"].facets.items()}
    assert facets["kind"] == {"buy": 1, "sell": 1}  # a facet ignores its own filter
    assert len(_titles(client.get("/portal/needs/", {"industry": "E"}))) == 2
    assert len(_titles(client.get("/portal/needs/", {"industry": "09"}))) == 1


@pytest.mark.django_db
def test_unknown_filter_values_are_ignored(client, searcher, shinkin_company):
    NeedFactory(company=shinkin_company)
    client.force_login(searcher)
    response = client.get("/portal/needs/", {"kind": "x", "industry": "ZZ", "prefecture": "火星", "sort": "y",
                                             "page": "abc", "scope": "all'--"})
    assert response.status_code == 200 and len(_titles(response)) == 1


@pytest.mark.django_db
def test_pages_keep_the_filters_and_say_the_total(client, searcher, shinkin_company):
    for number in range(25):
        NeedFactory(company=shinkin_company, title=f"金型の募集{number}", index=True)
    client.force_login(searcher)
    first = client.get("/portal/needs/", {"q": "金型", "kind": "buy"}).content.decode()
    assert "全 25 件中 1–20 件" in first
    assert re.search(r'href="\?q=%E9%87%91%E5%9E%8B&amp;kind=buy&amp;page=2"', first)
    second = client.get("/portal/needs/", {"q": "金型", "kind": "buy", "page": "2"})
    assert len(_titles(second)) == 5 and "全 25 件中 21–25 件" in second.content.decode()


@pytest.mark.req("SVC-1", "AUTH-1")
@pytest.mark.django_db
def test_company_search_finds_published_companies_only(client, searcher, sample_shinkin):
    ProfileCompanyFactory(institution=sample_shinkin, name="株式会社杜の都ソフト", description="クラウド移行支援とＡＩ開発")
    ProfileCompanyFactory(institution=sample_shinkin, name="非公開ソフト株式会社", description="AI開発",
                          is_published=False)
    client.force_login(searcher)
    response = client.get("/portal/companies/", {"q": "ai"})
    names = [company.name for company in response.context["results"].page]
    assert names == ["株式会社杜の都ソフト"]
    assert "<mark>ＡＩ</mark>開発" in response.content.decode()  # highlighted as written
    assert [c.name for c in client.get("/portal/companies/", {"q": "ｸﾗｳﾄﾞ"}).context["results"].page] == [
        "株式会社杜の都ソフト"]
    assert {f.value: f.count for f in response.context["results"].facets["prefecture"]} == {"新潟県": 1}


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_profile_change_is_searchable_at_once(client, searcher, shinkin_company):
    client.force_login(searcher)
    assert [c.name for c in client.get("/portal/companies/", {"q": "冷凍倉庫"}).context["results"].page] == [
        "株式会社あおば物流"]
    shinkin_company.description = "常温の物流センター"
    shinkin_company.save()
    assert list(client.get("/portal/companies/", {"q": "冷凍倉庫"}).context["results"].page) == []


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/portal/needs/?q=金型", "/portal/needs/", "/portal/companies/?q=金型",
                                 "/portal/needs/?scope=bookmarked", "/portal/needs/?prefecture=宮城県"])
def test_lists_cost_the_same_queries_with_5_and_100_rows(client, searcher, shinkin_company, url):
    client.force_login(searcher)

    def add(count):
        for _ in range(count):
            company = ProfileCompanyFactory(institution=shinkin_company.institution, description="金型")
            need = NeedFactory(company=company, body="精密金型加工", is_nationwide=False, prefectures=["宮城県", "東京都"])
            need.bookmarks.model.objects.create(need=need, user=searcher)

    add(5)
    client.get(url)  # warm per-process caches
    few = _queries(client, url)
    add(95)
    assert _queries(client, url) == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
@pytest.mark.django_db
def test_postgresql_answers_the_search_from_the_gin_index(searcher, shinkin_company):
    for number in range(10):
        NeedFactory(company=shinkin_company, title=f"募集{number}", body="精密金型加工")
    for number in range(300):
        NeedFactory(company=shinkin_company, title=f"倉庫{number}", body="冷凍倉庫の空きを貸し出します")
        ProfileCompanyFactory(institution=shinkin_company.institution, description="常温の物流センター")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_need")
        cursor.execute("ANALYZE members_membercompany")
        cursor.execute("SET enable_seqscan = off")
        try:
            results = needs_search(searcher, Filters(q="金型 加工"))
            plan = search(Need.objects.published_for_matching(), parse_query("金型 加工")).explain()
            companies = search(MemberCompany.objects.published_for_matching(), parse_query("冷凍")).explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert results.total == 10
    assert "need_search_gin" in plan, plan
    assert "company_search_gin" in companies, companies


@pytest.mark.django_db
def test_company_and_need_pages_cost_the_same_queries_with_5_and_100_needs(client, searcher, shinkin_company):
    client.force_login(searcher)
    first = NeedFactory(company=shinkin_company, is_nationwide=False, prefectures=["宮城県"])
    urls = [f"/portal/companies/{shinkin_company.pk}/", f"/portal/needs/{first.pk}/"]

    def add(count):
        for _ in range(count):
            NeedFactory(company=shinkin_company, is_nationwide=False, prefectures=["宮城県", "岩手県"])

    add(4)
    for url in urls:
        client.get(url)
    few = [_queries(client, url) for url in urls]
    add(95)
    assert [_queries(client, url) for url in urls] == few


def test_the_regions_cover_the_47_prefectures_in_jis_order():
    from members.matching.regions import PREFECTURES, REGIONS

    assert [name for _region, names in REGIONS for name in names] == list(PREFECTURES)


@pytest.mark.django_db
def test_the_reindex_command_rebuilds_the_search_columns(searcher, shinkin_company):
    from django.core.management import call_command

    need = NeedFactory(company=shinkin_company, body="精密金型加工", is_nationwide=False, prefectures=["宮城県"])
    Need.objects.unscoped("test").update(search_text="", search_vector=None, match_terms={})
    MemberCompany.objects.unscoped("test").update(search_text="", search_vector=None, match_terms={})
    assert needs_search(searcher, Filters(q="金型")).total == 0
    call_command("matching_reindex")
    assert [n.pk for n in needs_search(searcher, Filters(q="金型")).page] == [need.pk]
    assert needs_search(searcher, Filters(q="宮城")).total == 1
    assert MemberCompany.objects.unscoped("test").get(pk=shinkin_company.pk).match_terms
