"""補助金・助成金 in the portal: filters, keyword, open now, pages, the "銀行に相談する" link, the operators'
admin (SVC-1)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Subsidy
from members.subsidies import selectors
from tests.factories import CompanyFactory, FIAdminFactory, UserFactory
from tests.members.subsidy_factories import make_subsidy, today

pytestmark = [pytest.mark.django_db, pytest.mark.req("SVC-1")]


@pytest.fixture
def niigata_maker(bank):
    return UserFactory(company=CompanyFactory(institution=bank, prefecture="新潟県", industry="24"))


@pytest.fixture
def catalogue():
    return {
        "national": make_subsidy(title="ものづくり補助金", summary="革新的な製品開発の設備投資を支援します。"),
        "it": make_subsidy(title="IT導入補助金", summary="クラウドサービスの導入費用を支援します。",
                           organiser="独立行政法人中小企業基盤整備機構"),
        "niigata": make_subsidy(title="新潟県 DX推進補助金", organiser="新潟県", is_nationwide=False,
                                prefectures=["新潟県"], industries=["E"]),
        "miyagi": make_subsidy(title="宮城県 物流省エネ補助金", organiser="宮城県", is_nationwide=False,
                               prefectures=["宮城県"], industries=["H"]),
        "food": make_subsidy(title="信州の食 販路開拓補助金", organiser="長野県", is_nationwide=False,
                             prefectures=["長野県"], industries=["09"]),
        "upcoming": make_subsidy(title="新事業進出補助金", starts_on=today() + timedelta(days=20),
                                 ends_on=today() + timedelta(days=80)),
        "closed": make_subsidy(title="Go-Tech事業", starts_on=today() - timedelta(days=200),
                               ends_on=today() - timedelta(days=100)),
        "hidden": make_subsidy(title="非公開の補助金", is_published=False),
    }


def _titles(client, query: str = "") -> list[str]:
    page = client.get("/portal/subsidies/" + query).content.decode()
    return re.findall(r'<h3><a href="/portal/subsidies/\d+/">(.*?)</a></h3>', page)


def test_members_see_open_programmes_and_filter_them(client, niigata_maker, catalogue):
    client.force_login(niigata_maker)
    assert set(_titles(client)) == {"ものづくり補助金", "IT導入補助金", "新潟県 DX推進補助金", "宮城県 物流省エネ補助金",
                                    "信州の食 販路開拓補助金"}  # open now, published
    assert _titles(client, "?status=upcoming") == ["新事業進出補助金"]
    assert "Go-Tech事業" in _titles(client, "?status=all") and "非公開の補助金" not in _titles(client, "?status=all")
    # a prefecture: its own programmes and the nationwide ones
    assert set(_titles(client, "?prefecture=新潟県")) == {"ものづくり補助金", "IT導入補助金", "新潟県 DX推進補助金"}
    # a region: every prefecture in it
    assert set(_titles(client, "?region=東北")) == {"ものづくり補助金", "IT導入補助金", "宮城県 物流省エネ補助金"}
    # an industry: a division matches programmes for its major group, a major group those for its divisions
    assert set(_titles(client, "?industry=24")) == {"ものづくり補助金", "IT導入補助金", "新潟県 DX推進補助金"}
    assert set(_titles(client, "?industry=E")) == {"ものづくり補助金", "IT導入補助金", "新潟県 DX推進補助金",
                                                   "信州の食 販路開拓補助金"}
    assert set(_titles(client, "?industry=44&prefecture=宮城県")) == {"ものづくり補助金", "IT導入補助金",
                                                                     "宮城県 物流省エネ補助金"}
    assert set(_titles(client, "?prefecture=沖縄県&industry=H")) == {"ものづくり補助金", "IT導入補助金"}


def test_keyword_search_is_normalised(client, niigata_maker, catalogue):
    client.force_login(niigata_maker)
    assert _titles(client, "?q=ＩＴ") == ['<mark>IT</mark>導入補助金']  # full-width typed, half-width stored
    assert _titles(client, "?q=クラウド") == ["IT導入補助金"]  # the summary counts
    assert _titles(client, "?q=中小企業基盤") == ["IT導入補助金"]  # and the organiser
    assert _titles(client, "?q=設備投資 革新") == ["ものづくり補助金"]
    page = client.get("/portal/subsidies/?q=存在しない言葉").content.decode()
    assert "「存在しない言葉」に一致する補助金・助成金はありません。" in page


def test_unknown_filter_values_are_ignored(client, niigata_maker, catalogue):
    client.force_login(niigata_maker)
    assert len(_titles(client, "?prefecture=ムー大陸&industry=ZZ&status=bogus&sort=x&region=月")) == 5


def test_the_list_has_pages_and_a_total(client, niigata_maker):
    for number in range(selectors.PAGE_SIZE + 3):
        make_subsidy(title=f"補助金{number:02d}", ends_on=today() + timedelta(days=number + 1))
    client.force_login(niigata_maker)
    page = client.get("/portal/subsidies/").content.decode()
    assert "全 23 件中 1–20 件" in page and 'rel="next"' in page
    assert _titles(client)[0] == "補助金00"  # the soonest deadline first
    assert _titles(client, "?page=2") == ["補助金20", "補助金21", "補助金22"]


def test_a_programme_page_offers_a_consultation_with_the_bank(client, niigata_maker, catalogue):
    client.force_login(niigata_maker)
    subsidy = catalogue["niigata"]
    page = client.get(f"/portal/subsidies/{subsidy.pk}/").content.decode()
    assert "新潟県 DX推進補助金" in page and "製造業" in page and "受付中" in page
    link = re.search(r'<a href="([^"]+)" role="button">銀行に相談する</a>', page).group(1)
    assert link.startswith("/portal/consultations/new/?category=subsidy&amp;subject=")
    assert f"subsidy={subsidy.pk}" in link
    assert 'href="https://example.go.jp/hojo" rel="noopener noreferrer external"' in page


def test_the_consultation_link_follows_the_consultations_page_once_it_exists(monkeypatch, catalogue):
    monkeypatch.setattr(selectors, "reverse", lambda name: "/portal/help-desk/new/")
    url = selectors.consultation_url(catalogue["it"])
    assert url == f"/portal/help-desk/new/?category=subsidy&subject=IT%E5%B0%8E%E5%85%A5%E8%A3%9C%E5%8A%A9%E9%87%91&subsidy={catalogue['it'].pk}"


def test_a_hidden_or_missing_programme_is_a_404(client, niigata_maker, catalogue):
    client.force_login(niigata_maker)
    assert client.get(f"/portal/subsidies/{catalogue['hidden'].pk}/").status_code == 404
    assert client.get("/portal/subsidies/999999/").status_code == 404
    assert client.get(f"/portal/subsidies/{catalogue['closed'].pk}/").status_code == 200  # closed, still shown


def test_only_members_open_the_portal_pages(client, bank, catalogue):
    client.force_login(FIAdminFactory(institution=bank))
    assert client.get("/portal/subsidies/").status_code == 403


def _list_queries(client) -> int:
    client.get("/portal/subsidies/?status=all")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/portal/subsidies/?status=all&prefecture=新潟県&industry=24&q=補助").status_code == 200
    return len(captured.captured_queries)


def test_the_list_costs_the_same_queries_with_5_and_100_rows(client, niigata_maker):
    def add(count):
        for _ in range(count):
            make_subsidy(is_nationwide=False, prefectures=["新潟県", "長野県"], industries=["E", "39"])

    add(5)
    client.force_login(niigata_maker)
    few = _list_queries(client)
    add(95)
    assert Subsidy.objects.count() == 100
    assert _list_queries(client) == few


def test_operators_add_a_programme_in_the_admin_through_the_service(client, operator):
    client.force_login(operator)
    form = {"title": "福岡県 生産性向上補助金", "organiser": "福岡県", "summary": "設備導入を支援します。",
            "prefectures": ["福岡県", "佐賀県"], "industries": ["E", "44"], "amount_text": "上限100万円",
            "starts_on": "2026/11/20", "ends_on": "2027年1月29日", "url": "http://www.pref.fukuoka.lg.jp/",
            "is_published": "on"}
    response = client.post("/admin/members/subsidy/add/", form)
    assert response.status_code == 200 and "https:// で始まる正しいアドレス" in response.content.decode()
    assert not Subsidy.objects.exists()
    response = client.post("/admin/members/subsidy/add/", {**form, "url": "https://www.pref.fukuoka.lg.jp/"})
    assert response.status_code == 302
    subsidy = Subsidy.objects.get()
    assert subsidy.target_prefectures == ["福岡県", "佐賀県"] and subsidy.target_industry_codes == ["44", "E"]
    assert subsidy.search_text  # written by the service
    response = client.post(f"/admin/members/subsidy/{subsidy.pk}/change/",
                           {**form, "url": "https://www.pref.fukuoka.lg.jp/", "ends_on": "2026-01-01"})
    assert "受付終了日は受付開始日以降の日付にしてください。" in response.content.decode()
    response = client.post(f"/admin/members/subsidy/{subsidy.pk}/change/",
                           {**form, "url": "https://www.pref.fukuoka.lg.jp/", "is_nationwide": "on"})
    assert response.status_code == 302
    subsidy.refresh_from_db()
    assert subsidy.is_nationwide and subsidy.target_prefectures == []
    assert client.get("/admin/members/subsidy/").status_code == 200


def test_other_roles_are_kept_out_of_the_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/members/subsidy/").status_code == 403
