"""Recommendations (issue 7 item 4): relevant open needs of other companies, each with reasons in words;
computed by a job (nightly and after a change), stored, served in fixed queries; 興味なし sticks."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.matching.analysis import terms
from members.matching.recommendation_services import recommendations_refresh
from members.models import Need, Recommendation
from members.tasks import recommendations_refresh_all_task
from tests.factories import UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory


def _refresh(*companies) -> None:
    recommendations_refresh(company_ids=[company.pk for company in companies])


def _rows(company) -> list[Recommendation]:
    return list(Recommendation.objects.unscoped("test").filter(company=company, dismissed_at__isnull=True)
                .order_by("-score"))


@pytest.fixture
def maker(bank):
    """A metal-parts maker in Niigata that has posted no needs: its profile alone must find partners."""
    return ProfileCompanyFactory(institution=bank, name="株式会社北斗精機", industry="24", prefecture="新潟県",
                                 description="ステンレスの精密プレス加工と金型設計。医療機器部品の量産。",
                                 products="精密金型、試作部品", partners_wanted="試作や小ロットの加工を任せたい会社")


@pytest.fixture
def member(maker):
    return UserFactory(company=maker)


@pytest.fixture
def others(other_bank):
    return {
        "medical": ProfileCompanyFactory(institution=other_bank, name="東北メディカル", industry="27",
                                         prefecture="宮城県"),
        "hotel": ProfileCompanyFactory(institution=other_bank, name="しおかぜ観光", industry="75",
                                       prefecture="沖縄県"),
    }


def test_words_come_from_the_morphological_analyser():
    words = terms("精密金型加工とりんごの販路。リンゴ")
    assert {"金型", "精密金型加工", "販路"} <= set(words)
    assert words["林檎"][0] == 2  # りんご and リンゴ are one word, shown as first written
    assert words["林檎"][1] == "りんご"


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_company_without_needs_gets_explained_recommendations_from_its_profile(client, maker, member, others):
    fitting = NeedFactory(company=others["medical"], kind="buy", title="金型の試作先を探しています",
                          body="医療機器の精密部品を試作できる金型メーカーを探しています。", industry="24",
                          is_nationwide=False, prefectures=["新潟県", "宮城県"])
    unrelated = NeedFactory(company=others["hotel"], kind="buy", title="客室清掃スタッフの派遣",
                            body="繁忙期のみ客室清掃をお願いできる方。", industry="78", is_nationwide=False,
                            prefectures=["沖縄県"])
    own = NeedFactory(company=maker, title="金型の試作を受託します", body="精密金型")
    closed = NeedFactory(company=others["medical"], title="金型の修理", body="金型の修理をお願いします",
                         status=Need.Status.CLOSED)
    own.delete()  # the company has no needs at all
    assert not Need.objects.unscoped("test").filter(company=maker).exists()
    _refresh(maker)
    rows = _rows(maker)
    assert [row.need_id for row in rows] == [fitting.pk]
    assert unrelated.pk not in [row.need_id for row in rows] and closed.pk not in [row.need_id for row in rows]
    client.force_login(member)
    page = client.get("/portal/recommendations/").content.decode()
    assert "金型の試作先を探しています" in page
    words = re.search(r"一致した語: ([^<]+)<", page).group(1).split(", ")
    assert {"金型", "試作"} <= set(words)
    assert "求める業種: 金属製品製造業" in page and "対象地域: 新潟県" in page
    home = client.get("/portal/").content.decode()
    assert "金型の試作先を探しています" in home and "一致した語" in home


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_own_needs_feed_the_words_and_are_never_recommended(maker, others):
    NeedFactory(company=maker, title="りんごの販路を探しています", body="りんご加工品を扱う卸売業者を探しています。")
    apples = NeedFactory(company=others["hotel"], title="地元のりんごを仕入れたい", body="リンゴを使った朝食を出したい。",
                         industry="")
    _refresh(maker)
    rows = _rows(maker)
    assert [row.need_id for row in rows] == [apples.pk]
    assert rows[0].reasons[0]["code"] == "terms" and "りんご" in rows[0].reasons[0]["words"][0]


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_every_recommendation_has_a_reason(maker, others):
    for number in range(12):
        NeedFactory(company=others["medical"], title=f"部品の調達{number}", body="精密部品と金型の相談",
                    industry=["24", "27", "44", ""][number % 4])
    _refresh(maker, others["medical"], others["hotel"])
    rows = list(Recommendation.objects.unscoped("test").all())
    assert rows and all(row.reasons for row in rows)
    assert all(reason["code"] for row in rows for reason in row.reasons)


@pytest.mark.req("SVC-1", "AUTH-1")
@pytest.mark.django_db
def test_a_dismissed_recommendation_never_comes_back(client, maker, member, others, other_bank):
    need = NeedFactory(company=others["medical"], title="金型の試作先", body="精密金型の試作", industry="24")
    _refresh(maker)
    row = _rows(maker)[0]
    outsider = UserFactory(company=others["medical"])
    client.force_login(outsider)
    client.post(f"/portal/recommendations/{row.pk}/dismiss/")
    row.refresh_from_db()
    assert row.dismissed_at is None  # another company cannot dismiss it
    client.force_login(member)
    response = client.post(f"/portal/recommendations/{row.pk}/dismiss/", {"next": "/portal/"})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    _refresh(maker)
    assert _rows(maker) == []
    assert "金型の試作先" not in client.get("/portal/recommendations/").content.decode()
    assert Recommendation.objects.unscoped("test").get(company=maker, need=need).dismissed_by == member


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_profile_change_refreshes_the_company_soon(client, maker, member, others,
                                                     django_capture_on_commit_callbacks):
    NeedFactory(company=others["hotel"], title="インバウンド向けの多言語サイト制作", body="英語と中国語のサイト",
                industry="39")
    _refresh(maker)
    assert _rows(maker) == []
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/profile/", {"industry": "39", "prefecture": "新潟県", "is_published": "on",
                                         "description": "多言語サイト制作とインバウンド向けのウェブ集客"})
    rows = _rows(maker)
    assert rows and rows[0].need.title == "インバウンド向けの多言語サイト制作"
    maker.refresh_from_db()
    assert maker.recommendations_computed_at >= maker.recommendations_requested_at


@pytest.mark.django_db
def test_a_broker_outage_does_not_fail_the_save(client, maker, member, monkeypatch,
                                                django_capture_on_commit_callbacks):
    from members import tasks

    def down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.recommendations_refresh_company_task, "apply_async", down)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/portal/profile/", {"industry": "24", "prefecture": "新潟県", "products": "新製品"})
    assert response.status_code == 302
    maker.refresh_from_db()
    assert maker.products == "新製品"
    page = client.get("/portal/recommendations/").content.decode()
    assert 'hx-trigger="every 5s"' in page  # shown as being refreshed; the nightly run catches up


@pytest.mark.django_db
def test_the_nightly_job_covers_every_company_in_chunks(maker, others, settings):
    from bigadvance.schedules import BEAT_SCHEDULE

    assert "members.tasks.recommendations_refresh_all_task" in {e["task"] for e in BEAT_SCHEDULE.values()}
    settings.RECOMMENDATIONS_CHUNK_SIZE = 1
    NeedFactory(company=others["medical"], title="金型の試作先", body="精密金型の試作", industry="24")
    NeedFactory(company=maker, title="医療機器の販路", body="医療機器部品の販路を探しています", industry="27")
    assert recommendations_refresh_all_task.delay().get() == 3
    assert _rows(maker) and _rows(others["medical"])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/portal/recommendations/", "/portal/"])
def test_recommendations_cost_the_same_queries_with_5_and_100_rows(client, maker, member, others, url, settings):
    settings.RECOMMENDATIONS_PER_COMPANY = 200

    def add(count):
        for _ in range(count):
            NeedFactory(company=others["medical"], title="金型の試作", body="精密金型の試作", industry="24",
                        is_nationwide=False, prefectures=["新潟県", "宮城県"])
        _refresh(maker)

    add(5)
    client.force_login(member)
    client.get(url)
    few = _queries(client, url)
    add(95)
    assert len(_rows(maker)) == 100
    assert _queries(client, url) == few
