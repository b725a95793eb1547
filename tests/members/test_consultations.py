"""Consultations with the bank (issue 8 item 2, SUP-1): a member opens a thread to its own bank, the bank's
admins answer through the services the console will use, both sides see unread counts; nobody else sees it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.consultations import selectors, services
from members.models import Consultation, ConsultationAttachment, ConsultationMessage
from tests.members.deal_factories import EXE_BYTES, upload

from .consult_factories import emails_to, make_banks, open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks(db):
    return make_banks()


@pytest.mark.req("SUP-1")
def test_a_member_opens_a_consultation_and_only_its_own_banks_admins_are_told(client, banks):
    client.force_login(banks.member)
    page = client.get("/portal/consultations/new/").content.decode()
    for category in ("資金繰り", "事業承継", "販路開拓", "補助金", "IT・DX", "その他"):
        assert category in page
    response = client.post("/portal/consultations/new/", {
        "category": "succession", "subject": "事業承継の進め方", "body": "息子への承継を5年以内に考えています。"})
    consultation = Consultation.objects.unscoped("test").get()
    assert response.status_code == 302 and response["Location"] == f"/portal/consultations/{consultation.pk}/"
    assert (consultation.company, consultation.institution, consultation.status) == (
        banks.member.company, banks.bank, Consultation.Status.WAITING_BANK)
    page = client.get(response["Location"]).content.decode()
    assert "事業承継の進め方" in page and "息子への承継を5年以内に考えています。" in page and "金融機関の回答待ち" in page
    [email] = emails_to(banks.admin.email, "consultation_opened")
    assert "株式会社北斗精機" in email.body and "事業承継の進め方" in email.body
    assert "息子" not in email.body  # the content stays in the service
    assert emails_to(banks.other_admin.email) == []


@pytest.mark.req("SUP-1", "AUTH-1")
def test_only_the_company_and_its_own_banks_admins_see_a_consultation(client, banks):
    consultation = open_consultation(banks.member)
    assert list(selectors.consultations_visible_to(banks.admin)) == [consultation]
    assert list(selectors.consultations_visible_to(banks.colleague)) == [consultation]
    for outsider in (banks.other_admin, banks.neighbour, banks.stranger):
        assert list(selectors.consultations_visible_to(outsider)) == []
    client.force_login(banks.colleague)
    assert client.get(f"/portal/consultations/{consultation.pk}/").status_code == 200
    for outsider in (banks.neighbour, banks.stranger):
        client.force_login(outsider)
        for url in (f"/portal/consultations/{consultation.pk}/", f"/portal/consultations/{consultation.pk + 1}/"):
            assert client.get(url).status_code == 404  # not yours = does not exist
        assert client.post(f"/portal/consultations/{consultation.pk}/reply/", {"body": "横から失礼"}).status_code == 404
        assert client.post(f"/portal/consultations/{consultation.pk}/close/").status_code == 404
        assert "運転資金" not in client.get("/portal/consultations/").content.decode()
    assert ConsultationMessage.objects.unscoped("test").count() == 1
    assert Consultation.objects.unscoped("test").get().status == Consultation.Status.WAITING_BANK


@pytest.mark.req("SUP-1", "AUTH-1")
def test_another_banks_admin_can_neither_read_nor_answer(banks):
    consultation = open_consultation(banks.member)
    with pytest.raises(PermissionDenied):
        services.consultation_reply(consultation=consultation, actor=banks.other_admin, body="回答します")
    with pytest.raises(PermissionDenied):
        services.consultation_close(consultation=consultation, actor=banks.other_admin)
    from django.http import Http404
    with pytest.raises(Http404):
        selectors.consultation_for(banks.other_admin, consultation.pk)
    assert ConsultationMessage.objects.unscoped("test").count() == 1


@pytest.mark.req("SUP-1")
def test_the_banks_answer_reaches_the_member_who_asked_with_links_and_unread_counts(client, banks, settings):
    settings.SITE_URL = "https://ba.example.jp"
    consultation = open_consultation(banks.member)
    assert selectors.unread_total(banks.admin) == 1  # the member's message is news for the bank
    services.consultation_mark_read(consultation=consultation, user=banks.admin)
    assert selectors.unread_total(banks.admin) == 0
    services.consultation_reply(consultation=consultation, actor=banks.admin,
                                body="資料をご用意ください。来週ご訪問します。")
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ANSWERED and consultation.waiting_since is None
    [email] = emails_to(banks.member.email, "consultation_replied")
    assert "デモ銀行 から、ご相談への回答が届きました" in email.body
    assert f"https://ba.example.jp/portal/consultations/{consultation.pk}/" in email.body
    assert "https://ba.example.jp/portal/settings/notifications/" in email.body
    assert emails_to(banks.colleague.email) == []  # only those who took part in the thread
    assert selectors.unread_total(banks.member) == 1 and selectors.unread_total(banks.colleague) == 1

    client.force_login(banks.member)
    listing = client.get("/portal/consultations/").content.decode()
    assert "回答あり" in listing and "1 件" in listing
    page = client.get(f"/portal/consultations/{consultation.pk}/").content.decode()
    assert "資料をご用意ください。" in page and "デモ銀行 田中 誠" in page
    assert selectors.unread_total(banks.member) == 0 and selectors.unread_total(banks.colleague) == 1

    services.consultation_reply(consultation=consultation, actor=banks.admin, body="訪問日時の候補です。")
    assert len(emails_to(banks.member.email, "consultation_replied")) == 2  # read the first, told of the second
    services.consultation_reply(consultation=consultation, actor=banks.admin, body="追記です。")
    assert len(emails_to(banks.member.email, "consultation_replied")) == 2  # one email per unread stretch


@pytest.mark.req("SUP-1")
def test_a_members_follow_up_puts_the_consultation_back_in_the_banks_queue(client, banks):
    consultation = open_consultation(banks.member)
    services.consultation_mark_read(consultation=consultation, user=banks.admin)
    services.consultation_reply(consultation=consultation, actor=banks.admin, body="決算書を3期分お送りください。")
    client.force_login(banks.member)
    response = client.post(f"/portal/consultations/{consultation.pk}/reply/", {"body": "お送りします。"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.WAITING_BANK and consultation.waiting_since is not None
    assert list(selectors.consultations_awaiting_bank(banks.admin)) == [consultation]
    assert list(selectors.consultations_awaiting_bank(banks.other_admin)) == []
    assert [e.template for e in emails_to(banks.admin.email)] == ["consultation_opened", "consultation_member_replied"]
    assert selectors.unread_total(banks.admin) == 1


@pytest.mark.req("SUP-1")
def test_a_closed_consultation_takes_no_more_replies(client, banks):
    consultation = open_consultation(banks.member)
    client.force_login(banks.member)
    assert client.post(f"/portal/consultations/{consultation.pk}/close/").status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED and consultation.closed_by == banks.member
    page = client.get(f"/portal/consultations/{consultation.pk}/").content.decode()
    assert "この相談は完了しています。" in page and "返信する" not in page
    response = client.post(f"/portal/consultations/{consultation.pk}/reply/", {"body": "もう一点"})
    assert response.status_code == 400
    assert "完了した相談には返信できません。" in response.content.decode()
    with pytest.raises(ValidationError):
        services.consultation_reply(consultation=consultation, actor=banks.admin, body="回答します")
    assert ConsultationMessage.objects.unscoped("test").count() == 1


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"category": "", "subject": "件名", "body": "本文"}, "category", "相談の分類を選んでください。"),
    ({"category": "lottery", "subject": "件名", "body": "本文"}, "category", "相談の分類を選んでください。"),
    ({"category": "other", "subject": "", "body": "本文"}, "subject", "件名を入力してください。"),
    ({"category": "other", "subject": "件名", "body": "  "}, "body", "相談内容を入力してください。"),
    ({"category": "other", "subject": "件" * 101, "body": "本文"}, "subject", "100"),
    ({"category": "other", "subject": "件名", "body": "本" * 4001}, "body", "4000"),
])
def test_bad_input_is_refused_beside_its_field_and_kept(client, banks, data, field, message):
    client.force_login(banks.member)
    response = client.post("/portal/consultations/new/", data)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert Consultation.objects.unscoped("test").count() == 0


def test_files_are_checked_by_content_and_served_only_to_the_thread(client, banks):
    client.force_login(banks.member)
    response = client.post("/portal/consultations/new/", {
        "category": "it_dx", "subject": "生産管理システムの導入", "body": "見積書を添付します。",
        "attachments": [upload("請求書.pdf", EXE_BYTES)]})
    assert response.status_code == 400 and "ファイルの中身がこれらの形式ではありません" in response.content.decode()
    assert Consultation.objects.unscoped("test").count() == 0
    response = client.post("/portal/consultations/new/", {
        "category": "it_dx", "subject": "生産管理システムの導入", "body": "見積書を添付します。",
        "attachments": [upload("見積書.pdf"), upload("概要.pdf")]})
    assert response.status_code == 302
    consultation = Consultation.objects.unscoped("test").get()
    files = list(ConsultationAttachment.objects.unscoped("test").order_by("pk"))
    assert [f.original_name for f in files] == ["見積書.pdf", "概要.pdf"]
    url = f"/consultation-files/{consultation.pk}/{files[0].pk}/"
    assert url in client.get(f"/portal/consultations/{consultation.pk}/").content.decode()
    for insider in (banks.member, banks.colleague, banks.admin):
        client.force_login(insider)
        response = client.get(url)
        assert response.status_code == 200, insider
        assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")
    for outsider in (banks.neighbour, banks.stranger, banks.other_admin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_more_than_five_files_are_refused(banks):
    with pytest.raises(ValidationError) as refused:
        open_consultation(banks.member, attachments=[upload(f"資料{n}.pdf") for n in range(6)])
    assert "5個まで" in str(refused.value)
    assert Consultation.objects.unscoped("test").count() == 0


def test_a_link_may_prefill_the_category_and_subject_but_nothing_else(client, banks):
    client.force_login(banks.member)
    page = client.get("/portal/consultations/new/", {"subsidy": "12", "category": "subsidy",
                                                     "subject": "ものづくり補助金について"})
    form = page.context["form"]
    assert form["category"].value() == "subsidy" and form["subject"].value() == "ものづくり補助金について"
    form = client.get("/portal/consultations/new/", {"category": "<script>", "subject": "a\u0000b\u202e" + "長" * 300}
                      ).context["form"]
    assert form["category"].value() is None
    assert form["subject"].value() == "ab" + "長" * 98
