"""The member home (/portal/): one screen of panels, each bounded in queries (SVC-1)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import home_panels
from members.models import Deal, Notice
from tests.factories import CompanyFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory
from tests.members.deal_factories import DealFactory
from tests.members.subsidy_factories import make_subsidy, today
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.req("SVC-1")]


@pytest.fixture
def maker(bank):
    """A member of a metal-products maker (JSIC 24, major group E) in 新潟県."""
    return UserFactory(company=ProfileCompanyFactory(institution=bank, prefecture="新潟県", industry="24"))


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get("/portal/")
    assert response.status_code == 200
    return response.content.decode()


def _subsidy_item(page: str, title: str) -> str | None:
    """The <li> of the home's subsidy panel that shows `title`, or None."""
    panel = page[page.index('id="home-subsidies"'):]
    for item in re.findall(r"<li[^>]*>.*?</li>", panel, flags=re.S):
        if f">{title}</a>" in item:
            return item
    return None


def test_a_programme_closing_in_10_days_is_highlighted_for_companies_it_targets_only(client, bank, maker):
    make_subsidy(title="新潟県 ものづくりDX補助金", organiser="新潟県", is_nationwide=False, prefectures=["新潟県"],
                 industries=["E"], ends_on=today() + timedelta(days=10))
    make_subsidy(title="全国の省力化補助金", ends_on=today() + timedelta(days=40))

    item = _subsidy_item(_home(client, maker), "新潟県 ものづくりDX補助金")
    assert item is not None and 'class="closing-soon"' in item and "締切まであと 10 日" in item
    relaxed = _subsidy_item(_home(client, maker), "全国の省力化補助金")
    assert relaxed is not None and "closing-soon" not in relaxed  # open, matching, not closing soon

    elsewhere = UserFactory(company=CompanyFactory(institution=bank, prefecture="宮城県", industry="24"))
    other_trade = UserFactory(company=CompanyFactory(institution=bank, prefecture="新潟県", industry="44"))
    for user in (elsewhere, other_trade):
        page = _home(client, user)
        assert _subsidy_item(page, "新潟県 ものづくりDX補助金") is None
        assert _subsidy_item(page, "全国の省力化補助金") is not None


def test_closed_upcoming_and_hidden_programmes_stay_off_the_home(client, maker):
    make_subsidy(title="終わった補助金", starts_on=today() - timedelta(days=60), ends_on=today() - timedelta(days=1))
    make_subsidy(title="これからの補助金", starts_on=today() + timedelta(days=1))
    make_subsidy(title="隠した補助金", is_published=False)
    make_subsidy(title="今日が締切の補助金", ends_on=today())
    page = _home(client, maker)
    for title in ("終わった補助金", "これからの補助金", "隠した補助金"):
        assert _subsidy_item(page, title) is None
    assert "本日締切" in _subsidy_item(page, "今日が締切の補助金")
    assert "締切間近 1 件" in page
    assert "/portal/subsidies/?prefecture=%E6%96%B0%E6%BD%9F%E7%9C%8C&amp;industry=24" in page


def test_deal_requests_waiting_for_the_company_are_on_the_home(client, maker):
    own_need = NeedFactory(company=maker.company, title="電解研磨の外注先を探しています")
    to_answer = DealFactory(need=own_need, status=Deal.Status.BANKS_APPROVED, accepted_at=None)
    DealFactory(need=NeedFactory(company=maker.company, title="もう終わった相談"), status=Deal.Status.COMPLETED)
    DealFactory(need=NeedFactory(company=maker.company, title="銀行の承認待ち"), status=Deal.Status.REQUESTED,
                receiver_reached_at=None, receiver_bank_reached_at=None, accepted_at=None)
    page = _home(client, maker)
    deals = page[page.index('id="home-deals"'):page.index('id="home-recommendations"')]
    assert f'href="/portal/deals/{to_answer.pk}/"' in deals and "回答してください" in deals
    assert "もう終わった相談" not in deals and "銀行の承認待ち" not in deals
    needs = page[page.index('id="home-needs"'):]
    row = re.search(r"電解研磨の外注先を探しています.*?</tr>", needs, flags=re.S).group(0)
    assert "1 件" in row and "回答待ち 1 件" in row


def test_upcoming_maintenance_is_on_the_home(client, maker):
    MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=3), message="データベース更新作業")
    page = _home(client, maker)
    assert 'id="home-maintenance"' in page and "データベース更新作業" in page


def test_no_maintenance_panel_without_maintenance(client, maker):
    assert 'id="home-maintenance"' not in _home(client, maker)


def test_another_feature_adds_its_panel_with_one_line(client, maker, monkeypatch):
    def hello_panel(user, company):
        return home_panels.HomePanel("members/home/maintenance.html", {"windows": [
            {"period": "いつでも", "message": f"{company.name} へのお知らせ", "active": False}]}, home_panels.SIDE)

    monkeypatch.setattr(home_panels, "HOME_PANELS", [*home_panels.HOME_PANELS, hello_panel])
    assert f"{maker.company.name} へのお知らせ" in _home(client, maker)


def _queries(client) -> int:
    client.get("/portal/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/portal/").status_code == 200
    return len(captured.captured_queries)


def test_the_home_costs_the_same_queries_with_5_and_100_rows_of_each_kind(client, maker, bank):
    from members.consultations import services as consultation_services
    from members.notices import services as notice_services
    from tests.factories import FIAdminFactory

    admin = FIAdminFactory(institution=bank)

    def add(count):
        for _ in range(count):
            make_subsidy(is_nationwide=False, prefectures=["新潟県"], industries=["E"],
                         ends_on=today() + timedelta(days=5))
            need = NeedFactory(company=maker.company)
            DealFactory(need=need, status=Deal.Status.BANKS_APPROVED, accepted_at=None)
            DealFactory(need=NeedFactory(company=ProfileCompanyFactory()), requester_company=maker.company,
                        status=Deal.Status.MET)
            consultation = consultation_services.consultation_open(actor=maker, category="other", subject="相談",
                                                                   body="本文")
            consultation_services.consultation_reply(consultation=consultation, actor=admin, body="回答")
            notice_services.notice_publish(actor=admin, title="お知らせ", body="本文")

    add(5)
    client.force_login(maker)
    few = _queries(client)
    add(95)
    page = client.get("/portal/").content.decode()
    assert "締切間近 100 件" in page and "200 件" in page  # counted, not listed
    assert _queries(client) == few


def test_unread_bank_answers_and_notices_are_on_the_home_until_read(client, maker, bank):
    from members.consultations import services as consultation_services
    from members.notices import services as notice_services
    from tests.factories import FIAdminFactory

    admin = FIAdminFactory(institution=bank)
    consultation = consultation_services.consultation_open(actor=maker, category="financing", subject="運転資金の相談",
                                                           body="来月の資金繰りについて")
    consultation_services.consultation_reply(consultation=consultation, actor=admin, body="面談の日程を調整します。")
    notice_services.notice_publish(actor=admin, title="年末年始の窓口営業", body="12月29日から休業します。")
    page = _home(client, maker)
    assert 'id="home-consultations"' in page and "運転資金の相談" in page
    assert 'id="home-notices"' in page and "年末年始の窓口営業" in page

    client.get(f"/portal/consultations/{consultation.pk}/")
    notice = Notice.objects.unscoped("test").get()
    client.get(f"/portal/notices/{notice.pk}/")
    page = _home(client, maker)
    assert 'id="home-consultations"' not in page and 'id="home-notices"' not in page
