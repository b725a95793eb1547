"""Bad input and safety for deals (issue 7): every form refuses bad input beside the field and changes
nothing; HTML is text; an id changed in a URL reaches nothing of another company or bank (404 as missing)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from members.deals import selectors, services
from members.matching import needs as need_services
from members.models import Deal
from tests.factories import FIAdminFactory, InstitutionFactory, UserFactory
from tests.matching.factories import ProfileCompanyFactory

from .deal_factories import accepted_deal, make_world, request, soon


def _post(client, need, **changes):
    data = {"message": "ご相談させてください。", "preferred_at_1": soon(7).strftime("%Y-%m-%dT%H:%M"),
            "preferred_at_2": "", "preferred_at_3": ""}
    data.update(changes)
    return client.post(f"/portal/needs/{need.pk}/deal/", data)


@pytest.mark.req("SVC-1", "SAF-1")
@pytest.mark.django_db
@pytest.mark.parametrize("changes, field, message", [
    ({"message": ""}, "message", "メッセージを入力してください。"),
    ({"message": "あ" * 2001}, "message", "2000"),
    ({"preferred_at_1": ""}, "preferred_at_1", "第1希望の日時を入力してください。"),
    ({"preferred_at_1": "12/07 14:00"}, "preferred_at_1", "2026-12-07 14:00 の形式"),
    ({"preferred_at_1": "2020-01-06 10:00"}, "preferred_at_1", "これから先の日時"),
    ({"preferred_at_2": "9999-01-01 10:00"}, "preferred_at_2", "1年以内"),
])
def test_the_request_form_refuses_bad_input_beside_the_field_and_changes_nothing(client, changes, field, message):
    world = make_world()
    client.force_login(world.requester)
    response = _post(client, world.need, **changes)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'id="id_{field}_error"' in page and "入力内容に誤りがあります" in page
    assert not Deal.objects.unscoped("test").exists()


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_japanese_date_forms_are_accepted(client):
    world = make_world()
    client.force_login(world.requester)
    moment = soon(10)
    _post(client, world.need, preferred_at_1=f"{moment.year}年{moment.month}月{moment.day}日 14:00")
    assert Deal.objects.unscoped("test").get().preferred_at_1 == moment


@pytest.mark.req("SVC-1", "SAF-1")
@pytest.mark.django_db
def test_a_second_open_request_to_the_same_need_is_refused_with_a_clear_message(client):
    world = make_world()
    client.force_login(world.requester)
    _post(client, world.need)
    response = _post(client, world.need, message="もう一度")
    assert "このニーズには既に進行中の商談申込があります。" in response.content.decode()
    assert Deal.objects.unscoped("test").count() == 1
    colleague = UserFactory(company=world.requester.company)  # one open request per company, not per person
    with pytest.raises(ValidationError):
        request(world, actor=colleague)


@pytest.mark.req("SVC-1", "SAF-1")
@pytest.mark.django_db
def test_a_request_on_ones_own_or_a_closed_need_is_refused(client):
    world = make_world()
    colleague = UserFactory(company=world.receiver.company)
    with pytest.raises(ValidationError, match="自社のニーズ"):
        request(world, actor=colleague)
    client.force_login(colleague)
    assert "自社のニーズには商談を申し込めません。" in client.get(f"/portal/needs/{world.need.pk}/deal/").content.decode()
    assert _post(client, world.need).status_code == 200
    need_services.need_close(need=world.need, actor=world.receiver)
    with pytest.raises(ValidationError, match="募集を終了したニーズ"):
        request(world)
    assert not Deal.objects.unscoped("test").exists()


@pytest.mark.req("SVC-1", "SAF-1")
@pytest.mark.django_db
def test_a_room_message_with_html_is_shown_as_text_with_its_line_breaks(client):
    world = make_world()
    deal = accepted_deal(world)
    client.force_login(world.requester)
    client.post(f"/portal/deals/{deal.pk}/messages/", {"body": "<script>alert(1)</script>\n2行目"})
    page = client.get(f"/portal/deals/{deal.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>2行目" in page and "<script>alert" not in page
    response = client.post(f"/portal/deals/{deal.pk}/messages/", {"body": "  "})
    assert response.status_code == 400 and "メッセージを入力するか、ファイルを添付してください。" in response.content.decode()


@pytest.mark.req("AUTH-1", "SAF-1")
@pytest.mark.django_db
def test_changing_the_id_never_reaches_another_companys_deal(client):
    world = make_world()
    deal = accepted_deal(world)
    outsider = UserFactory(company=ProfileCompanyFactory(institution=world.requester_bank, name="同じ銀行の別会社"))
    client.force_login(outsider)
    missing = client.get("/portal/deals/999999/")
    for path in (f"/portal/deals/{deal.pk}/",):
        assert client.get(path).status_code == missing.status_code == 404
    for action in ("accept", "decline", "withdraw", "met", "outcome", "messages"):
        assert client.post(f"/portal/deals/{deal.pk}/{action}/", {"body": "x"}).status_code == 404, action
    assert deal.pk not in [d.pk for d in selectors.deals_for(outsider)]
    client.logout()
    response = client.get(f"/portal/deals/{deal.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.req("AUTH-1", "SAF-1")
@pytest.mark.django_db
def test_a_bank_admin_sees_only_deals_in_which_one_of_its_members_takes_part():
    world = make_world()
    deal = request(world)
    third = FIAdminFactory(institution=InstitutionFactory(name="第三地方銀行"))
    assert selectors.deal_for(world.requester_admin, deal.pk) == deal
    for outsider in (third, world.receiver_admin):  # the receiver's bank: not before the requester's bank approved
        with pytest.raises(Http404):
            selectors.deal_for(outsider, deal.pk)
        assert not selectors.deals_for(outsider).exists()
    assert list(selectors.deals_awaiting_bank(world.requester_admin)) == [deal]
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="行内メモ")
    assert selectors.deal_for(world.receiver_admin, deal.pk) == deal
    assert list(selectors.deals_awaiting_bank(world.receiver_admin)) == [deal]
    assert selectors.bank_decisions(world.receiver_admin, deal) == []  # the other bank's note stays internal
    assert [d.note for d in selectors.bank_decisions(world.requester_admin, deal)] == ["行内メモ"]
    assert selectors.bank_decisions(world.requester, deal) == []
    with pytest.raises(Http404):
        selectors.deal_for(third, deal.pk)


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_a_bank_admin_gets_the_403_page_on_portal_deal_pages(client):
    world = make_world()
    deal = request(world)
    client.force_login(world.requester_admin)
    assert client.get(f"/portal/deals/{deal.pk}/").status_code == 403
    assert client.get("/portal/deals/").status_code == 403


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_preferred_dates_are_stored_in_order_and_shown_in_japan_time(client):
    world = make_world()
    later, earlier = soon(9, 16), soon(8, 9)
    deal = request(world, preferred_dates=[later, earlier])
    assert deal.preferred_dates == [earlier, later]
    client.force_login(world.requester)
    page = client.get(f"/portal/deals/{deal.pk}/").content.decode()
    local = timezone.localtime(earlier)
    assert f"{local.year}年{local.month}月{local.day}日" in page and "09:00" in page
    assert earlier - timedelta(hours=1) < deal.preferred_at_1 < earlier + timedelta(hours=1)


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_the_database_itself_holds_one_open_request_per_company_and_need():
    from django.db import IntegrityError, transaction

    from .deal_factories import DealFactory

    world = make_world()
    first = DealFactory(need=world.need, requester_company=world.requester.company, status=Deal.Status.REQUESTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(need=world.need, requester_company=world.requester.company, status=Deal.Status.MET)
    Deal.objects.unscoped("test").filter(pk=first.pk).update(status=Deal.Status.WITHDRAWN)
    DealFactory(need=world.need, requester_company=world.requester.company, status=Deal.Status.REQUESTED)
