"""Notices (お知らせ, issue 8 item 3): from the operator to every member or chosen banks' members, from a bank to
all or chosen member companies; scheduled, pinned, read per person; a bank's notice never reaches another bank's
members (AUTH-1)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members.models import Notice, NoticeRead
from members.notices import selectors, services
from ops.models import EmailLog

from .consult_factories import emails_to, make_banks

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks(db):
    return make_banks()


def _titles(client, user) -> str:
    client.force_login(user)
    return client.get("/portal/notices/").content.decode()


def _everyone(banks):
    return (banks.member, banks.colleague, banks.neighbour, banks.stranger)


@pytest.mark.req("AUTH-1")
def test_an_operators_notice_reaches_every_member_or_the_chosen_banks_members(client, banks, operator):
    services.notice_publish(actor=operator, title="年末年始のサポート体制", body="12月29日から1月3日まで休業します。")
    services.notice_publish(actor=operator, title="信用金庫向けの新機能", body="本文", institutions=[banks.other_bank])
    for user in _everyone(banks):
        assert "年末年始のサポート体制" in _titles(client, user)
    assert "信用金庫向けの新機能" in _titles(client, banks.stranger)
    for user in (banks.member, banks.colleague, banks.neighbour):
        assert "信用金庫向けの新機能" not in _titles(client, user)


@pytest.mark.req("AUTH-1")
def test_a_banks_notice_reaches_its_own_members_only_and_never_another_banks(client, banks):
    to_all = services.notice_publish(actor=banks.admin, title="窓口営業時間の変更", body="本文")
    chosen = services.notice_publish(actor=banks.admin, title="北斗精機様へのご案内", body="本文",
                                     companies=[banks.member.company])
    for user in (banks.member, banks.colleague):
        page = _titles(client, user)
        assert "窓口営業時間の変更" in page and "北斗精機様へのご案内" in page
    page = _titles(client, banks.neighbour)
    assert "窓口営業時間の変更" in page and "北斗精機様へのご案内" not in page
    assert client.get(f"/portal/notices/{chosen.pk}/").status_code == 404
    client.force_login(banks.stranger)
    for notice in (to_all, chosen):
        assert client.get(f"/portal/notices/{notice.pk}/").status_code == 404
    assert "窓口営業時間" not in client.get("/portal/notices/").content.decode()
    assert list(selectors.bank_notices(banks.other_admin)) == []
    assert set(selectors.bank_notices(banks.admin)) == {to_all, chosen}


@pytest.mark.req("AUTH-1")
def test_a_bank_cannot_address_another_banks_company_and_a_member_cannot_publish(banks):
    with pytest.raises(ValidationError) as refused:
        services.notice_publish(actor=banks.admin, title="案内", body="本文",
                                companies=[banks.member.company, banks.stranger.company])
    assert "貴行・貴庫の会員企業ではない企業" in str(refused.value)
    with pytest.raises(ValidationError):
        services.notice_publish(actor=banks.admin, title="案内", body="本文", institutions=[banks.other_bank])
    with pytest.raises(PermissionDenied):
        services.notice_publish(actor=banks.member, title="案内", body="本文")
    assert Notice.objects.unscoped("test").count() == 0


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": " "}, "title", "件名を入力してください。"),
    ({"body": ""}, "body", "本文を入力してください。"),
    ({"title": "件" * 101}, "title", "100文字以内"),
    ({"publish_at": timezone.now() + timedelta(days=400)}, "publish_at", "1年以内"),
])
def test_bad_input_is_refused_and_nothing_is_published(banks, changes, field, message):
    values = {"actor": banks.admin, "title": "お知らせ", "body": "本文", **changes}
    with pytest.raises(ValidationError) as refused:
        services.notice_publish(**values)
    assert message in str(refused.value.message_dict[field])
    assert Notice.objects.unscoped("test").count() == 0


def test_a_scheduled_notice_stays_hidden_and_unmailed_until_its_time(client, banks, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notice = services.notice_publish(actor=banks.admin, title="新しい融資商品のご案内", body="本文",
                                     publish_at=timezone.now() + timedelta(days=2))
    client.force_login(banks.member)
    assert "新しい融資商品" not in client.get("/portal/notices/").content.decode()
    assert client.get(f"/portal/notices/{notice.pk}/").status_code == 404
    assert services.notices_email_due() == 0 and emails_to(banks.member.email) == []
    assert notice in selectors.bank_notices(banks.admin)  # the bank sees its scheduled notice
    time_machine.shift(timedelta(days=2, minutes=1))
    client.force_login(banks.member)  # the session of two days ago has ended
    assert "新しい融資商品" in client.get("/portal/notices/").content.decode()
    assert services.notices_email_due() == 1
    assert [e.template for e in emails_to(banks.member.email)] == ["notice_published"]
    assert services.notices_email_due() == 0 and len(emails_to(banks.member.email)) == 1  # once


def test_published_notices_are_emailed_once_with_links_in_chunks(banks, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://ba.example.jp"
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.notice_publish(actor=banks.admin, title="セミナーのご案内", body="事業承継セミナーを開催します。")
    recipients = {banks.member.email, banks.colleague.email, banks.neighbour.email}
    assert set(EmailLog.objects.filter(template="notice_published").values_list("recipient", flat=True)) == recipients
    email = emails_to(banks.member.email)[0]
    assert "デモ銀行 からお知らせが掲載されました" in email.body and "事業承継セミナーを開催します。" in email.body
    assert f"https://ba.example.jp/portal/notices/{notice.pk}/" in email.body
    assert "https://ba.example.jp/portal/settings/notifications/" in email.body
    assert "セミナー" not in email.subject  # subjects carry no typed text

    operator_notice = services.notice_publish(actor=banks.admin, title="第二弾", body="本文")
    assert services.notice_email(notice_id=operator_notice.pk, chunk_size=2) == 1
    assert EmailLog.objects.filter(reference=f"notice:{operator_notice.pk}").count() == 3
    assert services.notice_email(notice_id=operator_notice.pk, chunk_size=2) == 0  # done: nothing more


def test_read_and_unread_are_per_person(client, banks):
    first = services.notice_publish(actor=banks.admin, title="一つ目のお知らせ", body="本文")
    services.notice_publish(actor=banks.admin, title="二つ目のお知らせ", body="本文")
    assert selectors.unread_count(banks.member) == 2
    client.force_login(banks.member)
    assert client.get("/portal/notices/").content.decode().count("未読</span>") == 2
    page = client.get(f"/portal/notices/{first.pk}/").content.decode()
    assert "一つ目のお知らせ" in page
    assert "/portal/consultations/new/?category=other&amp;subject=%E4%B8%80%E3%81%A4%E7%9B%AE" in page  # ask the bank
    client.get(f"/portal/notices/{first.pk}/")  # twice: still one read mark
    assert NoticeRead.objects.unscoped("test").count() == 1
    assert selectors.unread_count(banks.member) == 1 and selectors.unread_count(banks.colleague) == 2
    assert client.get("/portal/notices/").content.decode().count("未読</span>") == 1
    unread_only = client.get("/portal/notices/", {"unread": "1"}).content.decode()
    assert "二つ目のお知らせ" in unread_only and "一つ目のお知らせ" not in unread_only


def test_pinned_notices_come_first_and_withdrawn_ones_disappear(client, banks, operator):
    pinned = services.notice_publish(actor=banks.admin, title="固定のお知らせ", body="本文", is_pinned=True,
                                     publish_at=None)
    services.notice_publish(actor=operator, title="新しいお知らせ", body="本文")
    assert [n.title for n in selectors.notices_for(banks.member)] == ["固定のお知らせ", "新しいお知らせ"]
    services.notice_withdraw(notice=pinned, actor=banks.admin)
    assert [n.title for n in selectors.notices_for(banks.member)] == ["新しいお知らせ"]
    client.force_login(banks.member)
    assert client.get(f"/portal/notices/{pinned.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.notice_withdraw(notice=pinned, actor=banks.other_admin)


def test_operators_publish_from_the_operations_page(client, banks, operator):
    client.force_login(operator)
    assert client.get("/operations/notices/new/").status_code == 200
    response = client.post("/operations/notices/new/", {"title": "", "body": "本文", "audience": "chosen"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "件名を入力してください。" in errors["title"] and "宛先を1つ以上選んでください。" in errors["institutions"]
    response = client.post("/operations/notices/new/", {
        "title": "システム更新のお知らせ", "body": "本文", "audience": "chosen", "institutions": [banks.other_bank.pk],
        "publish_at": "2099年1月1日 10:00"})
    assert response.status_code == 400 and "1年以内" in response.content.decode()
    response = client.post("/operations/notices/new/", {
        "title": "システム更新のお知らせ", "body": "本文", "audience": "chosen", "institutions": [banks.other_bank.pk],
        "is_pinned": "on"})
    assert response.status_code == 302
    notice = Notice.objects.unscoped("test").get()
    assert notice.institution is None and notice.audience == Notice.Audience.CHOSEN and notice.is_pinned
    assert "システム更新のお知らせ" in client.get("/operations/notices/").content.decode()
    assert "システム更新のお知らせ" in _titles(client, banks.stranger)
    assert "システム更新のお知らせ" not in _titles(client, banks.member)
    for user in (banks.admin, banks.member):
        client.force_login(user)
        assert client.get("/operations/notices/").status_code == 403
