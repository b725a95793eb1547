"""Needs (ニーズ): post, see across banks, edit, close, reopen, expire, bookmark (issue 7 item 2)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from members.matching.needs import needs_expire_past_deadline
from members.models import Need, NeedBookmark
from tests.factories import UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory, without_tokens


def _form(**changes) -> dict:
    data = {"kind": "sell", "title": "りんごの新しい販路を探しています", "body": "長野県産のりんごを年間20トン出荷できます。",
            "industry": "01", "is_nationwide": "on", "budget_min": "", "budget_max": "", "deadline": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def poster(bank):
    return UserFactory(company=ProfileCompanyFactory(institution=bank, name="信州りんご農園"))


@pytest.fixture
def other_member(other_bank):
    return UserFactory(company=ProfileCompanyFactory(institution=other_bank, name="あおば物流"))


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_posted_need_is_seen_by_members_of_every_bank(client, poster, other_member):
    client.force_login(poster)
    response = client.post("/portal/needs/new/", _form(is_nationwide=None, prefectures=["東京都", "新潟県"],
                                                       deadline="2099/12/31", budget_min="100", budget_max="300"))
    need = Need.objects.unscoped("test").with_regions().get()
    assert response.status_code == 302 and response["Location"] == f"/portal/needs/{need.pk}/"
    assert need.company == poster.company and need.author == poster and need.deadline == date(2099, 12, 31)
    assert need.target_prefectures == ["東京都", "新潟県"]  # JIS order
    client.force_login(other_member)
    assert need.title in client.get("/portal/needs/").content.decode()
    page = client.get(f"/portal/needs/{need.pk}/").content.decode()
    assert "りんごの新しい販路" in page and "東京都、新潟県" in page and "100万円〜300万円" in page
    assert f'href="/portal/companies/{poster.company_id}/"' in page
    assert "2099年12月31日(木)" in page


@pytest.mark.req("SVC-1", "SAF-1")
@pytest.mark.django_db
@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", "必須"),
    ({"body": ""}, "body", "必須"),
    ({"kind": "steal"}, "kind", "選択"),
    ({"title": "あ" * 81}, "title", "80"),
    ({"body": "あ" * 4001}, "body", "4000"),
    ({"deadline": "2000-01-01"}, "deadline", "過去"),
    ({"deadline": "12/31"}, "deadline", "2026-12-07"),
    ({"is_nationwide": None}, "prefectures", "都道府県を選ぶ"),
    ({"is_nationwide": None, "prefectures": ["火星"]}, "prefectures", "選択"),
    ({"budget_min": "500", "budget_max": "100"}, "budget_max", "上限は下限以上"),
    ({"budget_min": "-1"}, "budget_min", "0"),
])
def test_bad_need_input_is_refused_beside_its_field_and_nothing_is_saved(client, poster, changes, field, message):
    client.force_login(poster)
    response = client.post("/portal/needs/new/", _form(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert Need.objects.unscoped("test").count() == 0


@pytest.mark.req("SAF-1")
@pytest.mark.django_db
def test_html_in_a_need_is_text_and_line_breaks_stay(client, poster, other_member):
    need = NeedFactory(company=poster.company, body='<img src=x onerror="alert(1)">\n二行目')
    client.force_login(other_member)
    page = client.get(f"/portal/needs/{need.pk}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>二行目" in page


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_the_poster_edits_closes_and_reopens(client, poster, other_member):
    need = NeedFactory(company=poster.company)
    client.force_login(poster)
    assert client.get(f"/portal/needs/{need.pk}/edit/").status_code == 200
    client.post(f"/portal/needs/{need.pk}/edit/", _form(title="販路を探しています（更新）"))
    need.refresh_from_db()
    assert need.title == "販路を探しています(更新)"  # typed text is stored NFKC-normalised
    client.post(f"/portal/needs/{need.pk}/close/")
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED and need.closed_at
    client.force_login(other_member)
    assert client.get(f"/portal/needs/{need.pk}/").status_code == 404
    assert need.title not in client.get("/portal/needs/").content.decode()
    client.force_login(poster)
    assert "募集終了" in client.get(f"/portal/needs/{need.pk}/").content.decode()
    response = client.post(f"/portal/needs/{need.pk}/reopen/", {"deadline": "2000-01-01"}, follow=True)
    assert "過去の日付" in response.content.decode()
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED
    client.post(f"/portal/needs/{need.pk}/reopen/", {"deadline": ""})
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN and need.closed_at is None


@pytest.mark.req("AUTH-1", "SAF-1")
@pytest.mark.django_db
def test_another_company_cannot_act_on_a_need_by_changing_the_id(client, poster, other_member, bank):
    need = NeedFactory(company=poster.company)
    same_bank = UserFactory(company=ProfileCompanyFactory(institution=bank))
    missing = need.pk + 1000
    for intruder in (other_member, same_bank):
        client.force_login(intruder)
        for action in ("edit/", "close/", "reopen/"):
            attempt = client.post(f"/portal/needs/{need.pk}/{action}", _form(title="乗っ取り"))
            absent = client.post(f"/portal/needs/{missing}/{action}", _form(title="乗っ取り"))
            assert attempt.status_code == absent.status_code == 404
            assert without_tokens(attempt.content) == without_tokens(absent.content)
    need.refresh_from_db()
    assert need.title != "乗っ取り" and need.status == Need.Status.OPEN


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_needs_of_an_unpublished_company_stay_with_it(client, poster, other_member):
    poster.company.is_published = False
    poster.company.save()
    need = NeedFactory(company=poster.company)
    client.force_login(other_member)
    assert client.get(f"/portal/needs/{need.pk}/").status_code == 404
    client.force_login(poster)
    page = client.get("/portal/needs/new/").content.decode()
    assert "非公開のため" in page
    assert client.get(f"/portal/needs/{need.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_need_expires_after_its_deadline(client, poster, other_member, time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 6, 1, 12, 0)), tick=False)
    need = NeedFactory(company=poster.company, deadline=date(2026, 6, 1))
    client.force_login(other_member)
    assert client.get(f"/portal/needs/{need.pk}/").status_code == 200  # the deadline day still counts
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 6, 2, 0, 5)), tick=False)
    client.force_login(other_member)
    assert client.get(f"/portal/needs/{need.pk}/").status_code == 404  # expired before beat runs
    client.force_login(poster)
    assert "期限切れ" in client.get(f"/portal/needs/{need.pk}/").content.decode()
    assert needs_expire_past_deadline() == 1 and needs_expire_past_deadline() == 0
    need.refresh_from_db()
    assert need.status == Need.Status.EXPIRED
    client.post(f"/portal/needs/{need.pk}/reopen/", {"deadline": "2026-07-01"})
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN and need.deadline == date(2026, 7, 1)


@pytest.mark.django_db
def test_the_expiry_job_runs_from_beat():
    from bigadvance.schedules import BEAT_SCHEDULE
    from members.tasks import needs_expire_task

    assert any(entry["task"] == "members.tasks.needs_expire_task" for entry in BEAT_SCHEDULE.values())
    need = NeedFactory(deadline=timezone.localdate() - timedelta(days=1))
    assert needs_expire_task.delay().get() == 1
    need.refresh_from_db()
    assert need.status == Need.Status.EXPIRED


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_bookmarks_are_personal_and_listed(client, poster, other_member):
    need = NeedFactory(company=poster.company, title="金型の試作")
    colleague = UserFactory(company=other_member.company)
    client.force_login(other_member)
    client.post(f"/portal/needs/{need.pk}/bookmark/", {"on": "1"})
    client.post(f"/portal/needs/{need.pk}/bookmark/", {"on": "1"})  # twice is still one
    assert NeedBookmark.objects.unscoped("test").filter(need=need).count() == 1
    assert "金型の試作" in client.get("/portal/needs/?scope=bookmarked").content.decode()
    client.force_login(colleague)
    assert "金型の試作" not in client.get("/portal/needs/?scope=bookmarked").content.decode()
    client.force_login(other_member)
    client.post(f"/portal/needs/{need.pk}/bookmark/", {"on": "0"})
    assert NeedBookmark.objects.unscoped("test").filter(need=need).count() == 0


@pytest.mark.django_db
def test_own_needs_list_shows_closed_ones_too(client, poster):
    NeedFactory(company=poster.company, title="終了したニーズ", status=Need.Status.CLOSED)
    client.force_login(poster)
    assert "終了したニーズ" in client.get("/portal/needs/?scope=mine").content.decode()
    assert "終了したニーズ" not in client.get("/portal/needs/").content.decode()
